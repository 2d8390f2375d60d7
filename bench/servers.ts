/**
 * Starts the two servers under test as child processes, so that each one's CPU time and RSS can
 * be read from /proc without the load generator in the way:
 * - `accord`: bench/ourServer.ts, bundled once with esbuild and run with plain node (a fresh
 *   temporary DATA_DIR per start unless one is given);
 * - `reference`: bench/referenceServer.cjs, y-websocket 2.x's own server code, in memory.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { signIn, type Invites } from './demoAccess.ts'

export type ServerKind = 'accord' | 'reference'

export const SERVER_LABEL: Record<ServerKind, string> = {
  accord: 'Accord (ours)',
  reference: 'y-websocket 2 (reference)',
}

export interface BenchServer {
  kind: ServerKind
  pid: number
  port: number
  httpUrl: string
  /** Base URL for WebsocketProvider: rooms are `${wsUrl}/${room}`. */
  wsUrl: string
  /** Accord only: its data folder (holds accord.sqlite). */
  dataDir: string | null
  /** Headers of every request and upgrade: the session cookie when the server signs clients in. */
  headers: Record<string, string>
  /** SIGTERM (Accord stores everything first), then SIGKILL after 15 s. Idempotent. */
  stop(): Promise<void>
}

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(BENCH_DIR, '..')
const BUILD_DIR = path.join(BENCH_DIR, '.build')

/** How our server is launched: a plain-node bundle (preferred), or through tsx if esbuild is missing. */
export let accordLaunchMode: 'bundle' | 'tsx' = 'bundle'
let bundlePromise: Promise<string[]> | null = null

function accordCommand(): Promise<string[]> {
  bundlePromise ??= (async () => {
    try {
      const esbuild = await import('esbuild')
      const outfile = path.join(BUILD_DIR, 'ourServer.mjs')
      await esbuild.build({
        entryPoints: [path.join(BENCH_DIR, 'ourServer.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'warning',
      })
      await esbuild.stop()
      return [outfile]
    } catch (err) {
      accordLaunchMode = 'tsx'
      process.stderr.write(`bench: could not bundle the server with esbuild (${String(err)}); running it through tsx\n`)
      return ['--import', 'tsx', path.join(BENCH_DIR, 'ourServer.ts')]
    }
  })()
  return bundlePromise
}

/** A fresh empty folder for server data. BENCH_DATA_DIR sets where (default: the OS temp folder). */
export function freshDataDir(prefix = 'accord-bench-'): string {
  const base = process.env.BENCH_DATA_DIR ?? os.tmpdir()
  fs.mkdirSync(base, { recursive: true })
  return fs.mkdtempSync(path.join(base, prefix))
}

/**
 * `dataDir`: start Accord on existing data; `cookie`: the session to use there (a fresh data folder
 * gets the demo, and the benchmark signs in as its chair).
 */
export async function startServer(kind: ServerKind, options: { dataDir?: string; cookie?: string | null } = {}): Promise<BenchServer> {
  const dataDir = kind === 'accord' ? (options.dataDir ?? freshDataDir()) : null
  const args = kind === 'accord' ? (process.env.BENCH_ACCORD_ENTRY ? ['--import', 'tsx', process.env.BENCH_ACCORD_ENTRY] : await accordCommand()) : [path.join(BENCH_DIR, 'referenceServer.cjs')]
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (dataDir) env.DATA_DIR = dataDir
  if (kind === 'accord') {
    // Row (c) types a whole paper (over 100,000 characters) into one paragraph: far past the
    // product's text limits (R16), which are raised here so the trace measures the server, not them.
    env.MAX_PARAGRAPH_CHARS ??= '100000000'
    env.MAX_DOCUMENT_CHARS ??= '100000000'
  }
  // BENCH_SERVER_NODE_OPTIONS: extra node flags for the servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeFlags = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeFlags, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const { port, invites } = await readReady(child, kind)
  const httpUrl = `http://127.0.0.1:${port}`
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  let stopping: Promise<void> | null = null
  const server: BenchServer = {
    kind,
    pid: child.pid ?? -1,
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    dataDir,
    headers: {},
    stop() {
      stopping ??= (async () => {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      })()
      return stopping
    },
  }
  try {
    const cookie = options.cookie !== undefined ? options.cookie : await signIn(httpUrl, invites)
    if (cookie) server.headers = { cookie }
  } catch (err) {
    await server.stop()
    throw err
  }
  return server
}

function readReady(child: ChildProcess, kind: ServerKind): Promise<{ port: number; invites: Invites }> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${kind} server did not start within 30 s:\n${stderr}`))
    }, 30_000)
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[${kind}] ${chunk}`)
    })
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk
      const line = /^(\{.*\})\s*$/m.exec(stdout)
      if (!line) return
      clearTimeout(timer)
      const ready = JSON.parse(line[1]) as { port: number; invites?: Invites }
      resolve({ port: ready.port, invites: ready.invites ?? {} })
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${kind} server exited (code ${code}, signal ${signal}) before listening:\n${stderr}`))
    })
  })
}
