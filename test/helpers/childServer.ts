/**
 * Runs server/main.ts in a child process (as `npm start` does, without the client build), so that
 * tests can kill it like a crash would: SIGKILL, no shutdown code at all.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { SqliteStore } from '../../server/storage/SqliteStore.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface ChildServer {
  child: ChildProcess
  port: number
  httpUrl: string
  wsUrl: string
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Everything it wrote to stderr (its log). */
  log(): string
}

/** Starts `node --import tsx server/main.ts` on a free port with its data in `dataDir`. */
export function spawnServer(dataDir: string, timeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: path.join(dataDir, 'no-client') },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return new Promise((resolve, reject) => {
    let listening = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not start within ${timeoutMs} ms:\n${stderr}`))
    }, timeoutMs)
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk
      const match = /Accord is listening on http:\/\/localhost:(\d+)/.exec(stderr)
      if (match && !listening) {
        listening = true
        clearTimeout(timer)
        const port = Number(match[1])
        resolve({
          child,
          port,
          httpUrl: `http://127.0.0.1:${port}`,
          wsUrl: `ws://127.0.0.1:${port}/collab`,
          exited,
          log: () => stderr,
        })
      }
    })
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      if (!listening) reject(new Error(`the server exited (code ${code}, signal ${signal}) before listening:\n${stderr}`))
    })
  })
}

/**
 * The invitation tokens of the demo members, by role, from the links the server printed on its
 * first start (the part after `#`).
 */
export function demoTokens(server: ChildServer): Map<string, string> {
  const tokens = new Map<string, string>()
  for (const match of server.log().matchAll(/^\s+(chair|secretariat|member|observer)\s.*\/join#([A-Za-z0-9_-]+)$/gm)) {
    tokens.set(match[1]!, match[2]!)
  }
  return tokens
}

/** Signs in through the API with an invitation token (SPEC A2); returns the Cookie header value. */
export async function signInWithToken(httpUrl: string, token: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`)
  const setCookie = res.headers.get('set-cookie') ?? ''
  const cookie = /^(accord_session=[^;]+)/.exec(setCookie)?.[1]
  if (!cookie) throw new Error(`sign-in set no session cookie: ${JSON.stringify(setCookie)}`)
  return cookie
}

/** Reads a document straight from the SQLite file, as a restarted server would (SPEC S5). */
export function loadFromDisk(dataDir: string, docId: string): { doc: Y.Doc; logLength: number } {
  const store = new SqliteStore({ filename: path.join(dataDir, 'accord.sqlite') })
  try {
    const history = store.loadHistory(docId)
    const doc = new Y.Doc()
    for (const u of history.updates) Y.applyUpdate(doc, u)
    return { doc, logLength: history.logLength }
  } finally {
    store.close()
  }
}
