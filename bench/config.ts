/**
 * Benchmark settings from the environment. The defaults are the full run (about 4 minutes on two
 * cores); BENCH_QUICK=1 is a smoke run of a few seconds per row.
 *
 *   BENCH_QUICK=1         short rows, small trace prefix, small history; does not write the doc
 *   BENCH_ONLY=a,c        run only these rows (a: one busy document, b: many documents,
 *                         c: editing trace, d: cold load, e: the consensus guard's cost,
 *                         f: revisions of the large document, and opening it in Chromium,
 *                         g: two break-outs of 10 typists beside a plenary of 100 listeners)
 *   BENCH_SECONDS=20      typing window of rows (a) and (b)
 *   BENCH_DOCS=1000       documents in row (b)
 *   BENCH_TRACE_LIMIT=n   replay only the first n edits of the trace in row (c)
 *   BENCH_HISTORY=100000  updates of history of the large document in row (d)
 *   BENCH_REPEATS=5       cold loads per variant in row (d); comparisons and browser opens in (f)
 *   BENCH_GUARD_UPDATES=n keystroke updates judged in row (e) (default 20000)
 *   BENCH_OUT=path        where to write the report ('-' for nowhere; default docs/PERFORMANCE.md,
 *                         nowhere when BENCH_QUICK=1)
 *   BENCH_DATA_DIR=dir    parent folder of the servers' temporary data (default: OS temp folder)
 *   BENCH_REF_WS=shipped  run the reference on the ws 6.x that y-websocket 2 ships with
 *   BENCH_REAL_TYPISTS=1  row (a) stress: 100 real WebsocketProviders typing (saturates the load
 *                         generator on two cores) instead of light raw typists
 *   BENCH_WAIT_QUIET=120  at the start, wait up to this many seconds for other processes to leave
 *                         the machine idle (default 120; 0 in quick mode)
 *   BENCH_ACCORD_ENTRY=f  run this TypeScript entry (through tsx) instead of the bundled
 *                         bench/ourServer.ts, e.g. an instrumented copy of it
 *   BENCH_VERBOSE=1       echo the servers' stderr
 *   BENCH_SERVER_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof'   extra node flags for the servers
 */
import path from 'node:path'

export type Row = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g'

export interface BenchConfig {
  quick: boolean
  only: ReadonlySet<Row>
  seconds: number
  manyDocs: number
  traceLimit: number | null
  history: number
  paragraphs: number
  repeats: number
  realTypists: boolean
  waitQuietSeconds: number
  outFile: string | null
  guardUpdates: number
}

function int(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
  return n
}

export function readBenchConfig(root: string): BenchConfig {
  const quick = process.env.BENCH_QUICK === '1'
  const rows = (process.env.BENCH_ONLY ?? 'a,b,c,d,e,f,g').split(',').map((s) => s.trim())
  for (const r of rows) if (!['a', 'b', 'c', 'd', 'e', 'f', 'g'].includes(r)) throw new RangeError(`BENCH_ONLY: unknown row ${r}`)
  const out = process.env.BENCH_OUT
  return {
    quick,
    only: new Set(rows as Row[]),
    seconds: int('BENCH_SECONDS', quick ? 3 : 20),
    manyDocs: int('BENCH_DOCS', quick ? 50 : 1000),
    traceLimit: process.env.BENCH_TRACE_LIMIT ? int('BENCH_TRACE_LIMIT', 0) : quick ? 20_000 : null,
    history: int('BENCH_HISTORY', quick ? 10_000 : 100_000),
    paragraphs: 500,
    repeats: int('BENCH_REPEATS', quick ? 2 : 5),
    realTypists: process.env.BENCH_REAL_TYPISTS === '1',
    waitQuietSeconds: process.env.BENCH_WAIT_QUIET === '0' ? 0 : int('BENCH_WAIT_QUIET', quick ? 0 : 120),
    guardUpdates: int('BENCH_GUARD_UPDATES', quick ? 2000 : 20_000),
    outFile: out === '-' ? null : out ? path.resolve(out) : quick ? null : path.join(root, 'docs', 'PERFORMANCE.md'),
  }
}

/** The environment variables that changed this run, for the report. */
export function benchEnv(): string {
  return Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_') && !['BENCH_OUT', 'BENCH_VERBOSE', 'BENCH_SERVER_NODE_OPTIONS', 'BENCH_WAIT_QUIET'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
}
