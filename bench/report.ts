/**
 * Turns the results into markdown tables (printed, and written to docs/PERFORMANCE.md with the
 * machine, the command and the method). The hand-written section between the analysis markers of
 * an existing report is kept when the report is regenerated.
 */
import fs from 'node:fs'
import type { LoadResult } from './loadScenario.ts'
import type { TraceResult } from './traceScenario.ts'
import type { ColdLoadRow, Spread } from './coldLoad.ts'
import type { GuardCostRow } from './guardCost.ts'
import type { RevisionRow } from './revisionRow.ts'
import type { LargeDoc } from './largeDoc.ts'
import type { Machine } from './machine.ts'
import { SERVER_LABEL, type ServerKind } from './servers.ts'
import { METHOD } from './method.ts'

export type PerServer<T> = Partial<Record<ServerKind, T | { error: string }>>

export interface LoadRowResult {
  title: string
  results: PerServer<LoadResult>
}

export interface BenchResults {
  machine: Machine
  command: string
  oneDoc: LoadRowResult[]
  manyDocs: LoadRowResult[]
  trace: { name: string; edits: number; results: PerServer<TraceResult> } | null
  cold: {
    large: Omit<LargeDoc, 'finalState' | 'finalXml' | 'cookie'>
    clientApply: Spread
    rows: ColdLoadRow[] | { error: string }
    backgroundCpuPercent: number
  } | null
  guard: GuardCostRow | { error: string } | null
  revisions: (RevisionRow & { backgroundCpuPercent: number }) | { error: string } | null
  /** Row (g): a plenary beside two break-outs. */
  breakouts?: LoadRowResult | null
  minutes: number
  /** CPU used by other processes on the machine over the whole run, % of one core. */
  backgroundCpuPercent: number
}

const KINDS: ServerKind[] = ['accord', 'reference']
const ANALYSIS_START = '<!-- analysis:start -->'
const ANALYSIS_END = '<!-- analysis:end -->'

const ms = (x: number): string => (Number.isNaN(x) ? 'n/a' : x < 10 ? x.toFixed(2) : x.toFixed(1))
const n = (x: number): string => Math.round(x).toLocaleString('en-US')
const ok = (b: boolean | null): string => (b === null ? 'n/a' : b ? 'yes' : '**NO**')
const isError = <T extends object>(r: T | { error: string } | undefined): r is { error: string } => !!r && 'error' in r
const get = <T extends object>(p: PerServer<T>, k: ServerKind): T | null => {
  const r = p[k]
  return r && !isError(r) ? r : null
}

function loadTable(rows: LoadRowResult[]): string {
  const out = [
    '| Load | Server | p50 | p99 | max | keystrokes (lost) | server CPU, % of a core | server peak RSS | load generator CPU | other processes\' CPU | dropped connections | converged |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const row of rows) {
    for (const kind of KINDS) {
      const r = row.results[kind]
      if (!r) continue
      if (isError(r)) {
        out.push(`| ${row.title} | ${SERVER_LABEL[kind]} | failed: ${r.error.replace(/\|/g, '/').slice(0, 200)} ||||||||||`)
        continue
      }
      out.push(
        `| ${row.title} | ${SERVER_LABEL[kind]} | ${ms(r.latency.p50)} ms | ${ms(r.latency.p99)} ms | ${ms(r.latency.max)} ms | ` +
          `${n(r.keystrokes)} (${n(r.lost)}) | ${r.usage.cpuPercent.toFixed(0)} % | ${r.usage.peakRssMb.toFixed(0)} MB | ` +
          `${r.usage.clientCpuPercent.toFixed(0)} % | ${r.usage.backgroundCpuPercent.toFixed(0)} % | ${r.dropped} | ${ok(r.converged)} |`,
      )
    }
  }
  return out.join('\n')
}

/** Row (g): keystroke latency in each of the three documents, then the row as a whole. */
function breakoutTable(row: LoadRowResult): string {
  const out = ['| Server | plenary p50 / p99 | break-out 1 p50 / p99 | break-out 2 p50 / p99 | all p99 | server CPU | dropped | converged |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |']
  for (const kind of KINDS) {
    const r = row.results[kind]
    if (!r) continue
    if (isError(r)) {
      out.push(`| ${SERVER_LABEL[kind]} | failed: ${r.error.replace(/\|/g, '/').slice(0, 200)} |||||||`)
      continue
    }
    const each = r.perRoom.map((l) => `${ms(l.p50)} / ${ms(l.p99)} ms (${n(l.count)})`)
    out.push(`| ${SERVER_LABEL[kind]} | ${each.join(' | ')} | ${ms(r.latency.p99)} ms | ${r.usage.cpuPercent.toFixed(0)} % | ${r.dropped} | ${ok(r.converged)} |`)
  }
  return out.join('\n')
}

function traceTable(trace: NonNullable<BenchResults['trace']>): string {
  const ref = get(trace.results, 'reference')
  const out = [
    '| Server | updates | time | updates/s (vs reference) | server CPU | server µs per update | server peak RSS | sender alone | load generator CPU | other processes\' CPU | text verified | stored & reloaded verified |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ]
  for (const kind of KINDS) {
    const r = trace.results[kind]
    if (!r) continue
    if (isError(r)) {
      out.push(`| ${SERVER_LABEL[kind]} | failed: ${r.error.replace(/\|/g, '/').slice(0, 200)} |||||||||||`)
      continue
    }
    const ratio = ref ? ` (${(r.updatesPerSecond / ref.updatesPerSecond).toFixed(2)}×)` : ''
    out.push(
      `| ${SERVER_LABEL[kind]} | ${n(r.updates)} | ${r.seconds.toFixed(2)} s | ${n(r.updatesPerSecond)}${ratio} | ${r.usage.cpuPercent.toFixed(0)} % | ` +
        `${r.serverMicrosPerUpdate.toFixed(1)} | ${r.usage.peakRssMb.toFixed(0)} MB | ${r.senderSeconds.toFixed(2)} s | ` +
        `${r.usage.clientCpuPercent.toFixed(0)} % | ${r.usage.backgroundCpuPercent.toFixed(0)} % | ${ok(r.verified)} | ${ok(r.storedVerified)} |`,
    )
  }
  return out.join('\n')
}

const VARIANT_LABEL: Record<ColdLoadRow['variant'], string> = {
  compacted: 'Accord, compacted (one snapshot)',
  tail: 'Accord, snapshot + 1,999 log updates (worst case left by COMPACT_AFTER=2000)',
  log: 'Accord, never compacted (snapshot + every update in the log)',
  reference: 'y-websocket 2, same state already in memory (no storage)',
}

const range = (s: Spread): string => `${ms(s.median)} ms (${ms(s.min)}–${ms(s.max)})`

function coldTable(cold: NonNullable<BenchResults['cold']>): string {
  if ('error' in cold.rows) return `Failed: ${cold.rows.error}`
  const out = [
    '| Variant | updates read | fresh client → synced, median (min–max) | server-side load: SQLite read + Room.load | of which SQLite read | verified |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const r of cold.rows) {
    out.push(
      `| ${VARIANT_LABEL[r.variant]} | ${r.storedUpdates === null ? 'n/a' : n(r.storedUpdates)} | ${range(r.endToEnd)} | ` +
        `${r.serverLoad ? range(r.serverLoad) : 'n/a'} | ${r.sqliteRead ? ms(r.sqliteRead.median) + ' ms' : 'n/a'} | ${ok(r.verified)} |`,
    )
  }
  return out.join('\n')
}

function verdict(met: boolean, text: string): string {
  return `${met ? 'met' : '**missed**'}: ${text}`
}

function targets(res: BenchResults): string {
  const out = ['| Target | Accord | Reference | Verdict |', '| --- | ---: | ---: | --- |']
  const a = res.oneDoc[0]
  const aOurs = a ? get(a.results, 'accord') : null
  const aRef = a ? get(a.results, 'reference') : null
  if (aOurs) {
    const p99 = aOurs.latency.p99
    out.push(`| (a) p99 keystroke→peer under 25 ms (${a.title}) | ${ms(p99)} ms | ${aRef ? ms(aRef.latency.p99) + ' ms' : 'n/a'} | ` +
      verdict(p99 < 25, p99 < 25 ? `${ms(25 - p99)} ms to spare` : `over by ${ms(p99 - 25)} ms (${(p99 / 25).toFixed(2)}× the target)`) + ' |')
  }
  if (aOurs && aRef) {
    const ratio = aOurs.latency.p50 / aRef.latency.p50
    out.push(`| (a) p50 within 1.2× of the reference | ${ms(aOurs.latency.p50)} ms | ${ms(aRef.latency.p50)} ms | ` +
      verdict(ratio <= 1.2, `${ratio.toFixed(2)}× the reference` + (ratio > 1.2 ? ` (${ms(aOurs.latency.p50 - 1.2 * aRef.latency.p50)} ms over 1.2×)` : '')) + ' |')
  }
  const tOurs = res.trace ? get(res.trace.results, 'accord') : null
  const tRef = res.trace ? get(res.trace.results, 'reference') : null
  if (tOurs && tRef) {
    const ratio = tOurs.updatesPerSecond / tRef.updatesPerSecond
    out.push(`| (c) durable ingest at least 0.8× the reference's rate | ${n(tOurs.updatesPerSecond)}/s | ${n(tRef.updatesPerSecond)}/s | ` +
      verdict(ratio >= 0.8 && tOurs.storedVerified === true, `${ratio.toFixed(2)}× the reference`) + ' |')
  }
  if (res.cold && !('error' in res.cold.rows)) {
    const ours = res.cold.rows.find((r) => r.variant === 'compacted')
    const ref = res.cold.rows.find((r) => r.variant === 'reference')
    if (ours) {
      const e2e = ours.endToEnd.median
      const server = ours.serverLoad?.median ?? NaN
      out.push(`| (d) cold load of the large document under 100 ms (compacted; fresh client → synced) | ${ms(e2e)} ms (server-side ${ms(server)} ms) | ${ref ? ms(ref.endToEnd.median) + ' ms (in memory)' : 'n/a'} | ` +
        verdict(e2e < 100, e2e < 100 ? `${ms(100 - e2e)} ms to spare` : `over by ${ms(e2e - 100)} ms end to end; the server-side load alone ${server < 100 ? 'meets it' : 'misses it too'}`) + ' |')
    }
  }
  const f = res.revisions
  if (f && !('error' in f)) {
    const c = f.compareRevisions.median
    out.push(`| (f) comparing two revisions of the large document under 300 ms (server, over HTTP) | ${ms(c)} ms | n/a | ` +
      verdict(c < 300, c < 300 ? `${ms(300 - c)} ms to spare` : `over by ${ms(c - 300)} ms`) + ' |')
    const quiet = f.typing.quiet.latency.p99
    const busy = f.typing.issuing.latency.p99
    out.push(`| (f) typing in another document while revisions are issued: p99 keystroke→peer under 25 ms | ${ms(busy)} ms (${ms(quiet)} ms without) | n/a | ` +
      verdict(busy < 25, `${f.typing.revisionsIssued} revisions issued meanwhile`) + ' |')
    if (!('error' in f.browser)) {
      for (const [what, s] of [['the large document', f.browser.document], ['a revision of it', f.browser.revision]] as const) {
        out.push(`| (f) opening ${what} in Chromium under 1.5 s (navigation → whole text drawn) | ${ms(s.median)} ms | n/a | ` +
          verdict(s.median < 1500, s.median < 1500 ? `${ms(1500 - s.median)} ms to spare` : `over by ${ms(s.median - 1500)} ms`) + ' |')
      }
    }
  }
  return out.join('\n')
}

function revisionTable(f: NonNullable<BenchResults['revisions']>): string {
  if ('error' in f) return `Failed: ${f.error}`
  const s = f.summary
  const t = f.typing
  const lines = [
    `Between Rev.1 and Rev.2: ${n(s.changed ?? 0)} paragraphs changed (words typed and deleted live through a WebsocketProvider, 20 agreed, 5 moved to the annex), ${n(s.deleted ?? 0)} removed, ${n(s.unchanged ?? 0)} unchanged. ` +
      `Other processes used ${f.backgroundCpuPercent.toFixed(0)} % of a core on average during this row.`,
    '',
    '| Measure | median (min–max) |',
    '| --- | ---: |',
    `| Issuing Rev.1, then Rev.2 (POST, state stored with its audit row) | ${f.issue.map((x) => `${ms(x)} ms`).join(', then ')} |`,
    `| Comparing Rev.1 with Rev.2 (GET compare, JSON included) | ${range(f.compareRevisions)} |`,
    `| Comparing Rev.1 with now | ${range(f.compareNow)} |`,
    `| Issuing a revision while 20 people type in another document | ${range(t.issueMs)} (${t.revisionsIssued} issued) |`,
    '',
    `| Typing in the demo document (50 participants, 20 typing 5 keys/s for ${t.seconds} s) | p50 | p99 | max | keystrokes (lost) | server CPU | converged |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const [label, r] of [['no revision issued', t.quiet], ['a revision of the large document issued every second', t.issuing]] as const) {
    lines.push(`| ${label} | ${ms(r.latency.p50)} ms | ${ms(r.latency.p99)} ms | ${ms(r.latency.max)} ms | ${n(r.keystrokes)} (${n(r.lost)}) | ${r.usage.cpuPercent.toFixed(0)} % | ${ok(r.converged)} |`)
  }
  lines.push('')
  if ('error' in f.browser) lines.push(`Chromium: not measured (${f.browser.error}).`)
  else {
    lines.push(
      `| Opening in Chromium ${f.browser.chromium} (fresh context each time: no cache, no offline copy) | navigation → whole text drawn, median (min–max) |`,
      '| --- | ---: |',
      `| the rolling document (live editor, synced over the WebSocket) | ${range(f.browser.document)} |`,
      `| its Rev.2 (read only, from the stored state) | ${range(f.browser.revision)} |`,
    )
  }
  return lines.join('\n')
}

function guardTable(g: GuardCostRow | { error: string }): string {
  if ('error' in g) return `Failed: ${g.error}`
  return [
    '| Applying one keystroke update | p50 | p99 | updates |',
    '| --- | ---: | ---: | ---: |',
    `| plain \`Y.applyUpdate\` on the document (no guard) | ${ms(g.plainP50)} ms | ${ms(g.plainP99)} ms | ${n(g.updates)} |`,
    `| Accord: shadow apply + judgeTransaction + apply to the document | ${ms(g.guardedP50)} ms | ${ms(g.guardedP99)} ms | ${n(g.updates)} |`,
    `| the guard's cost (difference) | ${ms(g.guardedP50 - g.plainP50)} ms | ${ms(g.guardedP99 - g.plainP99)} ms | |`,
    '',
    `Shadow copy of the large document (${n(g.docKiB)} KiB encoded): ${g.shadowMiB.toFixed(1)} MiB of heap; built on the first update to judge, or right after the first sync.`,
    '',
    `Indexing who sponsors what in the large document (R13; only for an update that writes sponsors or ids, such as Enter or a new bracket, never for typing): ${ms(g.sponsorIndexMs)} ms (median of 21).`,
    '',
    `Placing 100 open comment threads (200 anchors) in the large document, as each editor does after every remote change (K1; client side): ${ms(g.commentAnchorsMs)} ms (median of 31).`,
  ].join('\n')
}

/** The tables alone (what the benchmark prints). */
export function resultTables(res: BenchResults): string {
  const parts: string[] = ['## Targets', '', targets(res), '']
  if (res.oneDoc.length) parts.push('## (a) One document, 200 participants', '', loadTable(res.oneDoc), '')
  if (res.manyDocs.length) parts.push('## (b) Many documents, 4 participants each', '', loadTable(res.manyDocs), '')
  if (res.trace) parts.push(`## (c) Editing trace: ${res.trace.name}, ${n(res.trace.edits)} edits, one update each`, '', traceTable(res.trace), '')
  if (res.cold) {
    const l = res.cold.large
    parts.push(
      `## (d) Cold load of a large document: ${n(l.paragraphs)} paragraphs, ${n(l.history)} updates of history`,
      '',
      `Snapshot ${n(l.snapshotBytes / 1024)} KiB; the ${n(l.history)} updates take ${n(l.logBytes / 1024)} KiB as log rows; ` +
        `built in ${l.buildSeconds.toFixed(1)} s. Applying the snapshot to an empty Y.Doc on the client alone: ${range(res.cold.clientApply)}. ` +
        `Other processes used ${res.cold.backgroundCpuPercent.toFixed(0)} % of a core on average during this row.`,
      '',
      coldTable(res.cold),
      '',
    )
  }
  if (res.guard) {
    parts.push('## (e) The consensus guard: cost per update and the shadow\'s memory (500-paragraph document, in process)', '', guardTable(res.guard), '')
  }
  if (res.breakouts) parts.push(`## ${res.breakouts.title}`, '', breakoutTable(res.breakouts), '')
  if (res.revisions) {
    parts.push(`## (f) Revisions of the large document (${n('error' in res.revisions ? 500 : res.revisions.paragraphs)} paragraphs), and opening it in Chromium (Accord only)`, '', revisionTable(res.revisions), '')
  }
  return parts.join('\n')
}

export function fullReport(res: BenchResults, previous: string | null): string {
  const m = res.machine
  const kept = previous && previous.includes(ANALYSIS_START) && previous.includes(ANALYSIS_END)
    ? previous.slice(previous.indexOf(ANALYSIS_START) + ANALYSIS_START.length, previous.indexOf(ANALYSIS_END)).trim()
    : '_No analysis written for this run yet._'
  return [
    '# Performance',
    '',
    `<!-- Generated by \`npm run bench\` (bench/run.ts). Everything outside the analysis markers is rewritten on each run. -->`,
    '',
    `Measured ${m.date} with \`${res.command}\` (whole run: ${res.minutes.toFixed(1)} min), code at ${m.gitCommit}. ` +
      `Other processes on the machine used ${res.backgroundCpuPercent.toFixed(0)} % of a core on average during the run ` +
      `(per row in the "other processes' CPU" columns).`,
    '',
    '| Machine | |',
    '| --- | --- |',
    `| CPU | ${m.cpu}, ${m.cores} cores |`,
    `| RAM | ${m.ramGiB.toFixed(1)} GiB |`,
    `| Node | ${m.node} |`,
    `| OS | ${m.os} |`,
    `| Server data | ${m.dataFs}; one durable SQLite commit (WAL, synchronous=FULL) takes ${ms(m.commitMs)} ms (median) |`,
    `| Packages | ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    '',
    resultTables(res),
    '## Analysis',
    '',
    ANALYSIS_START,
    kept,
    ANALYSIS_END,
    '',
    METHOD,
  ].join('\n')
}

export function writeReport(file: string, res: BenchResults): void {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null
  fs.writeFileSync(file, fullReport(res, previous))
}
