/**
 * The consensus guard's cost (issue 3): for single-keystroke updates from a member on the large
 * document (500 paragraphs in ten topics, the first of each agreed), the time to apply an update to the shadow and
 * judge it (ShadowDoc.apply with judgeTransaction), against applying the same update to a plain
 * Y.Doc (what a server without a guard does). Also the shadow's memory: heap held by the shadow
 * copy of the large document. In-process, no sockets: this isolates the guard.
 */
import { DEFAULT_LIMITS } from '../shared/limits.ts'
import v8 from 'node:v8'
import vm from 'node:vm'
import * as Y from 'yjs'
import { ShadowDoc } from '../server/collab/ShadowDoc.ts'
import { buildSponsorIndex } from '../server/collab/sponsorIndex.ts'
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from 'y-prosemirror'
import { judgeTransaction, type GuardContext } from '../server/collab/UpdateGuard.ts'
import { readConsensusEntry } from '../shared/consensus.ts'
import { consensusOf, metaOf, textOf } from '../shared/ydoc.ts'
import { schema } from '../shared/schema.ts'
import { initialState } from '../server/documents/initialState.ts'
import type { Origin } from '../shared/origins.ts'
import { frozenParagraphs, readBreakouts } from '../shared/breakouts.ts'

export interface GuardCostRow {
  updates: number
  plainP50: number
  plainP99: number
  guardedP50: number
  guardedP99: number
  /** Heap held by the shadow of the large document, in MiB. */
  shadowMiB: number
  /** Encoded size of the large document, in KiB (for scale). */
  docKiB: number
  /** Median time to index the large document's sponsors (R13), in ms. */
  sponsorIndexMs: number
  /** Median time to place 100 comment threads' anchors in the large document (client side, K1), in ms. */
  commentAnchorsMs: number
}

function largeContent(paragraphs: number) {
  const topics = []
  const perTopic = Math.ceil(paragraphs / 10)
  for (let t = 0; t < 10; t++) {
    const recs = []
    for (let i = 0; i < perTopic; i++) {
      recs.push(schema.node('recommendation', { id: `r-${t}-${i}`, sponsors: ['Kenya'] }, [
        schema.text(`Paragraph ${t}.${i}: the working group recommends that stakeholders cooperate on capacity building and report on progress. `),
      ]))
    }
    topics.push(schema.node('topic', { id: `t-${t}` }, [schema.node('topicHeading', null, [schema.text(`Topic ${t}`)]), ...recs]))
  }
  return schema.node('doc', null, [schema.node('title', null, [schema.text('Large document')]), ...topics, schema.node('annex')])
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

export function runGuardCost(updates: number, paragraphs = 500): GuardCostRow {
  const consensus: Record<string, { status: 'agreed'; at: string }> = {}
  for (let t = 0; t < 10; t++) consensus[`r-${t}-0`] = { status: 'agreed', at: '2026-01-01T00:00:00.000Z' }
  const seed = initialState(largeContent(paragraphs), consensus)
  const authoritative = new Y.Doc()
  Y.applyUpdate(authoritative, seed)
  const plain = new Y.Doc()
  Y.applyUpdate(plain, seed)
  const client = new Y.Doc()
  Y.applyUpdate(client, seed)

  const shadow = new ShadowDoc()
  shadow.rebuild(authoritative)

  const owners = new Map<number, string>()
  const ctx: GuardContext = {
    memberId: 'm-bench',
    role: 'member',
    delegation: 'Bench',
    sponsorsBefore: () => buildSponsorIndex(textOf(authoritative)),
    ownerOf: (id) => owners.get(id),
    frozenIn: (id) => frozenParagraphs(readBreakouts(metaOf(authoritative).get('breakouts'))).get(id) ?? null,
    consensusOf: (id) => readConsensusEntry(consensusOf(authoritative).get(id)),
    labelOf: (id) => id,
    limits: DEFAULT_LIMITS,
  }
  const origin: Origin = { source: 'connection', connectionId: 1 }
  // Typing into unlocked paragraphs (index >= 1 in each topic), one character per update.
  const texts: Y.XmlText[] = []
  for (const topic of textOf(client).toArray()) {
    if (!(topic instanceof Y.XmlElement) || topic.nodeName !== 'topic') continue
    topic.toArray().slice(2).forEach((rec) => {
      const t = (rec as Y.XmlElement).get(0)
      if (t instanceof Y.XmlText) texts.push(t)
    })
  }
  const plainMs: number[] = []
  const guardedMs: number[] = []
  let random = 12345
  const next = (): number => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  for (let i = 0; i < updates; i++) {
    const sv = Y.encodeStateVector(client)
    const text = texts[Math.floor(next() * texts.length)]!
    text.insert(Math.floor(next() * text.length), i % 7 === 0 ? ' ' : 'x')
    const update = Y.encodeStateAsUpdate(client, sv)

    let t0 = performance.now()
    Y.applyUpdate(plain, update, origin)
    plainMs.push(performance.now() - t0)

    t0 = performance.now()
    const result = shadow.apply(update, origin, authoritative, (tr) => judgeTransaction(tr, ctx))
    if (!result.ok) throw new Error(`honest update refused in the benchmark: ${result.reason}`)
    for (const id of result.newClientIds) owners.set(id, ctx.memberId)
    for (const u of result.updates) Y.applyUpdate(authoritative, u, origin)
    guardedMs.push(performance.now() - t0)
  }
  // The shadow's memory once it holds everything typed: the heap it frees when dropped.
  const gc = gcFunction()
  const settledHeap = (): number => {
    for (let i = 0; i < 3; i++) gc()
    return process.memoryUsage().heapUsed
  }
  const withShadow = settledHeap()
  shadow.reset()
  const shadowMiB = (withShadow - settledHeap()) / 2 ** 20
  plainMs.sort((a, b) => a - b)
  guardedMs.sort((a, b) => a - b)
  // R13 indexes who sponsors what when an update writes sponsors or ids (Enter, a new bracket).
  const indexMs: number[] = []
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now()
    buildSponsorIndex(textOf(authoritative))
    indexMs.push(performance.now() - t0)
  }
  indexMs.sort((a, b) => a - b)
  return {
    commentAnchorsMs: anchorPlacement(authoritative),
    sponsorIndexMs: pct(indexMs, 0.5),
    updates,
    plainP50: pct(plainMs, 0.5),
    plainP99: pct(plainMs, 0.99),
    guardedP50: pct(guardedMs, 0.5),
    guardedP99: pct(guardedMs, 0.99),
    shadowMiB,
    docKiB: Y.encodeStateAsUpdate(authoritative).byteLength / 1024,
  }
}

/**
 * K1: what the editor does after every remote change with 100 open comment threads: turn their
 * 200 relative positions into ProseMirror positions through y-prosemirror's mapping.
 */
function anchorPlacement(ydoc: Y.Doc): number {
  const { doc, mapping } = initProseMirrorDoc(textOf(ydoc), schema)
  const anchors: Uint8Array[] = []
  for (let k = 0; k < 200; k++) {
    const pos = 10 + Math.floor((k / 200) * (doc.content.size - 20))
    anchors.push(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, textOf(ydoc), mapping)))
  }
  const times: number[] = []
  for (let r = 0; r < 31; r++) {
    const t0 = performance.now()
    for (const a of anchors) relativePositionToAbsolutePosition(ydoc, textOf(ydoc), Y.decodeRelativePosition(a), mapping)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return pct(times, 0.5)
}

function gcFunction(): () => void {
  v8.setFlagsFromString('--expose_gc')
  return vm.runInNewContext('gc') as () => void
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const row = runGuardCost(Number(process.env.GUARD_UPDATES ?? 5000))
  console.log(JSON.stringify(row, null, 2))
}
