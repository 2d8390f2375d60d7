/**
 * What the figures were measured on: CPU, cores, RAM, Node, OS, the file system under the
 * servers' data and how long one durable SQLite commit takes there, package versions and the
 * commit of the code under test.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { freshDataDir } from './servers.ts'

export interface Machine {
  date: string
  cpu: string
  cores: number
  ramGiB: number
  node: string
  os: string
  dataFs: string
  /** Median time of a one-row SQLite transaction with journal_mode=WAL, synchronous=FULL. */
  commitMs: number
  versions: Record<string, string>
  gitCommit: string
}

function sh(cmd: string, args: string[], cwd?: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return ''
  }
}

function commitLatency(): number {
  const dir = freshDataDir('accord-fsync-')
  const db = new Database(path.join(dir, 'probe.sqlite'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)')
    const insert = db.prepare('INSERT INTO t (data) VALUES (?)')
    const tx = db.transaction((b: Buffer) => insert.run(b))
    const samples: number[] = []
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now()
      tx(Buffer.alloc(32))
      samples.push(performance.now() - t0)
    }
    return samples.sort((a, b) => a - b)[150]
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export function describeMachine(root: string): Machine {
  const version = (pkg: string): string => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
    } catch {
      return '?'
    }
  }
  const dataBase = process.env.BENCH_DATA_DIR ?? os.tmpdir()
  const df = sh('df', ['-T', dataBase]).split('\n')[1]?.split(/\s+/) ?? []
  const head = sh('git', ['rev-parse', '--short', 'HEAD'], root)
  const dirty = sh('git', ['status', '--porcelain', '--', 'server', 'shared'], root) !== ''
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model.trim() ?? '?',
    cores: os.cpus().length,
    ramGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    dataFs: df.length > 1 ? `${dataBase} on ${df[1]} (${df[0]})` : dataBase,
    commitMs: commitLatency(),
    versions: {
      yjs: version('yjs'),
      'y-websocket (clients)': version('y-websocket'),
      'y-websocket 2 (reference)': version('y-websocket-v2'),
      ws: version('ws'),
      'better-sqlite3': version('better-sqlite3'),
    },
    gitCommit: head ? `${head}${dirty ? ' + uncommitted changes in server/ or shared/' : ''}` : '?',
  }
}
