/**
 * Seeded convergence fuzz in memory (SPEC S5, S4, S1, R2, R6, M4): members of the demo working
 * group edit one CollabServer's document through the editor's own path, and the PRNG decides
 * everything else, one step at a time: who edits, which frame in flight is delivered next in
 * either direction, when the server's scheduled work (load, commit) runs, and when a socket dies,
 * when the server notices and when the client comes back. A seed replays exactly (Yjs client ids
 * come from it too); the over-the-wire fuzz is test/integration/convergence.test.ts. Edits that
 * meet a known bug are left out unless asked (FuzzOptions); PINNED replays the seeds that found them.
 *
 * Replay: `SEED=1234 npx vitest run test/unit/convergenceFuzz.test.ts`; a longer hunt:
 * `FUZZ_RUNS=100 FUZZ_ROUNDS=2000 FUZZ_OPTIONS='{"moveBrackets":true}' npx vitest run ...`.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { EditorState, TextSelection, type Command, type Plugin, type Selection, type Transaction } from 'prosemirror-state'
import { baseKeymap, chainCommands } from 'prosemirror-commands'
import type { Node as PMNode } from 'prosemirror-model'
import { initProseMirrorDoc, updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { schema } from '../../shared/schema.ts'
import { findIdConflicts, fixDuplicateIds, uniqueIdsPlugin } from '../../shared/ids.ts'
import { isLocked, readConsensusEntry, type ConsensusEntry } from '../../shared/consensus.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { bracketSelection, proposeAmendment, proposeRecommendation, splitAfterBrackets, type DraftingContext } from '../../shared/commands/index.ts'
import { lockPlugin } from '../../client/src/editor/lockPlugin.ts'
import { cleaningPlugin } from '../../client/src/editor/cleaningPlugin.ts'
import { limitsPlugin } from '../../client/src/editor/limitsPlugin.ts'
import { DOC, guardHarness, participant } from '../helpers/guardHarness.ts'
import { loadStored } from '../helpers/fakeClient.ts'
import { QueuedPeer, steppedScheduler, type Link } from '../helpers/queuedNetwork.ts'

/** Rounds per seed, and seeds per run when SEED is not given. */
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 800)
const RUNS = Number(process.env.FUZZ_RUNS ?? 6)
/** CPU-bound: a seed takes about a second here, several on a busy machine; the limit is for a hang. */
const TIMEOUT_MS = 120_000
/** One member per delegation (Norway sponsors nothing in the demo, the others do). */
const DELEGATIONS = ['Kenya', 'Japan', 'Brazil', 'Norway']

/**
 * Seeds that once failed, replayed on every run. `bug`: the failure still stands (not yet fixed
 * outside the tests); the test checks that it still reproduces, and fails once it is fixed: then
 * drop `bug`, and the seed stays as a regression test.
 */
const PINNED: { seed: number; rounds: number; options: FuzzOptions; found: string; bug?: RegExp }[] = [
  {
    seed: 6,
    rounds: 150,
    options: { splitInAlternatives: true },
    found: 'Enter in the first option of an alternatives group split the group, the first half keeping one option, which the server refused as cleaning (R12); fixed: Enter splits after the group (D9), and the editor counts a split group as losing its second half',
  },
  {
    seed: 531718554,
    rounds: 1000,
    options: { moveBrackets: true },
    found: 'an update that depends on one lost with a dying socket, judged half-applied: a moved group looked removed, refused as cleaning (4422) instead of ResyncRequired (4001, R6); fixed: the dangling verdict comes first',
  },
  {
    seed: 1637488475,
    rounds: 500,
    options: { moveBrackets: true, mergeAcrossSponsors: true },
    found: 'a resync brings a half split off offline from a paragraph of Bangladesh, merged away meanwhile; the document was reloaded since, so Bangladesh is no longer a known sponsor (R13 "since it loaded")',
    bug: /closed with 4422: a new paragraph .* cannot name Bangladesh/,
  },
  {
    seed: 1637488458,
    rounds: 500,
    options: { moveBrackets: true, mergeAcrossSponsors: true },
    found: 'a resync after concurrent splits and joins that moved brackets is refused as cleaning (not minimised)',
    bug: /closed with 4422: .*a bracket was removed/,
  },
]

/** Edits left out by default, let in for a hunt. */
const envOptions = JSON.parse(process.env.FUZZ_OPTIONS ?? '{}') as FuzzOptions
const envSeed = process.env.SEED ? Number(process.env.SEED) : null
const baseSeed = envSeed ?? Math.floor(Math.random() * 2 ** 31)
const SEEDS = envSeed !== null ? [envSeed] : Array.from({ length: RUNS }, (_, i) => baseSeed + i)

type Lookup = (id: string) => ConsensusEntry | null
const lookupIn = (doc: Y.Doc): Lookup => (id) => readConsensusEntry(consensusOf(doc).get(id))
const blocked = (): void => {}

/** The editor's plugins that shape or stop a local edit before it is sent. */
const editorPlugins = (lookup: Lookup): Plugin[] => [
  uniqueIdsPlugin(),
  lockPlugin(lookup, 'member', blocked, () => null),
  cleaningPlugin('member', () => false, blocked),
  limitsPlugin(blocked),
]

/** What y-prosemirror's binding knows after rendering: which Y type each node came from. */
const bindingOf = new WeakMap<EditorState, ReturnType<typeof initProseMirrorDoc>['meta']>()

/**
 * The peer's text as its editor holds it right after a render (initProseMirrorDoc, as the binding
 * renders, with its mapping of nodes to Y types), with `selection` and the editor's plugins.
 */
function editorState(doc: Y.Doc, selection?: (doc: PMNode) => Selection): EditorState {
  const { doc: content, meta } = initProseMirrorDoc(textOf(doc), schema)
  const state = EditorState.create({ doc: content, selection: selection?.(content), plugins: editorPlugins(lookupIn(doc)) })
  bindingOf.set(state, meta)
  return state
}

/** Applies `tr` as the editor would (its filters and appended fixes), then writes the result back as the binding does. */
function commit(doc: Y.Doc, state: EditorState, tr: Transaction | null): boolean {
  if (!tr) return false
  const { state: next } = state.applyTransaction(tr)
  if (next === state) return false // a plugin stopped it
  doc.transact(() => updateYFragment(doc, textOf(doc), next.doc, bindingOf.get(state)!))
  return true
}

function dispatched(state: EditorState, command: Command): Transaction | null {
  let out: Transaction | null = null
  return command(state, (tr) => (out = tr)) ? out : null
}

interface Found {
  pos: number
  node: PMNode
}

/** Recommendations the peer may edit: not agreed, ad ref or in the annex (C4). */
function unlockedRecommendations(doc: PMNode, lookup: Lookup): Found[] {
  const out: Found[] = []
  doc.descendants((node, pos) => {
    if (node.type.name !== 'recommendation') return true
    if (!isLocked(lookup(node.attrs.id as string))) out.push({ pos, node })
    return false
  })
  return out
}

/** Positions where text can be typed inside `rec` (in the paragraph, a bracket or an option). */
function typingPositions(doc: PMNode, rec: Found): number[] {
  const out: number[] = []
  for (let p = rec.pos + 1; p < rec.pos + rec.node.nodeSize; p++) if (doc.resolve(p).parent.inlineContent) out.push(p)
  return out
}

/** The text nodes inside `rec`, at their document positions. */
function textsIn(rec: Found): Found[] {
  const out: Found[] = []
  rec.node.descendants((node, offset) => {
    if (node.isText) out.push({ pos: rec.pos + 1 + offset, node })
  })
  return out
}

const caret = (pos: number) => (doc: PMNode) => TextSelection.create(doc, pos)
const range = (from: number, to: number) => (doc: PMNode) => TextSelection.create(doc, from, to)

/** True when `pos` lies inside a node of type `name` (a bracket, an option ...). */
const inside = (doc: PMNode, pos: number, name: string): boolean => {
  const $pos = doc.resolve(pos)
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type.name === name) return true
  return false
}

/** True when a bracket or an alternatives group stands between `from` and `to`. */
const bracketsBetween = (doc: PMNode, from: number, to: number): boolean => {
  let found = false
  doc.nodesBetween(from, to, (n) => {
    if (n.type.name === 'bracket' || n.type.name === 'alternatives') found = true
    return !found
  })
  return found
}

/** Edits the fuzz leaves out unless asked, each for a known bug (see PINNED). */
interface FuzzOptions {
  /** Enter inside an alternatives group (split after the group since D9). */
  splitInAlternatives?: boolean
  /** Splits and joins that carry a bracket or an alternatives group into another paragraph. */
  moveBrackets?: boolean
  /** Joins that drop the second paragraph's sponsors (the first one's stay). */
  mergeAcrossSponsors?: boolean
}

/** One honest edit by a member, as their editor makes it. Returns what it tried and whether it went out. */
function honestEdit(gen: prng.PRNG, doc: Y.Doc, ctx: DraftingContext, options: FuzzOptions): string {
  const base = editorState(doc)
  const recs = unlockedRecommendations(base.doc, lookupIn(doc))
  const roll = prng.uint32(gen, 0, 99)
  const attempt = (what: string, selection: ((doc: PMNode) => Selection) | undefined, build: (state: EditorState) => Transaction | null): string => {
    const state = selection ? editorState(doc, selection) : base
    return commit(doc, state, build(state)) ? what : `${what} (not applied)`
  }
  if (recs.length === 0) return 'edit (nothing unlocked)'
  const rec = prng.oneOf(gen, recs)
  if (roll < 40) {
    const at = prng.oneOf(gen, typingPositions(base.doc, rec))
    const word = prng.word(gen, 1, 6) + ' '
    return attempt('type', undefined, (s) => s.tr.insertText(word, at))
  }
  if (roll < 60) {
    const texts = textsIn(rec)
    if (texts.length === 0) return 'delete (no text)'
    const text = prng.oneOf(gen, texts)
    const from = text.pos + prng.uint32(gen, 0, text.node.nodeSize - 1)
    const to = Math.min(from + prng.uint32(gen, 1, 4), text.pos + text.node.nodeSize)
    return attempt('delete', undefined, (s) => s.tr.delete(from, to))
  }
  if (roll < 72) {
    const positions = typingPositions(base.doc, rec).filter((p) => {
      if (inside(base.doc, p, 'option')) return options.splitInAlternatives === true
      if (options.moveBrackets) return true
      // Only where the second half takes no bracket along.
      return !bracketsBetween(base.doc, p, rec.pos + rec.node.nodeSize - 1)
    })
    if (positions.length === 0) return 'split (nowhere)'
    const at = prng.oneOf(gen, positions)
    // Enter as the editor binds it: after a bracket or a group (D9), else ProseMirror's own.
    return attempt('split', caret(at), (s) => dispatched(s, chainCommands(splitAfterBrackets(), baseKeymap.Enter!)))
  }
  if (roll < 82) {
    // Backspace at the start of a paragraph whose previous sibling is an unlocked paragraph.
    const $rec = base.doc.resolve(rec.pos)
    const index = $rec.index()
    const before = index > 0 ? $rec.parent.child(index - 1) : null
    const unlockedIds = new Set(recs.map((r) => r.node.attrs.id))
    if (!before || before.type.name !== 'recommendation' || !unlockedIds.has(before.attrs.id)) return 'merge (no neighbour)'
    // Either paragraph's element may be the one the binding keeps: brackets in both would move.
    if (!options.moveBrackets && bracketsBetween(base.doc, rec.pos - before.nodeSize, rec.pos + rec.node.nodeSize)) return 'merge (brackets would move)'
    const kept = new Set(before.attrs.sponsors as string[])
    if (!options.mergeAcrossSponsors && !(rec.node.attrs.sponsors as string[]).every((s) => kept.has(s))) return 'merge (sponsors would go)'
    return attempt('merge', caret(rec.pos + 1), (s) => dispatched(s, baseKeymap.Backspace!))
  }
  if (roll < 90) {
    const topics: number[] = []
    base.doc.forEach((node, offset) => {
      if (node.type.name === 'topic') topics.push(offset)
    })
    // The caret in the topic's heading: the new paragraph goes at the end of that topic (D1).
    return attempt('propose', caret(prng.oneOf(gen, topics) + 2), (s) => dispatched(s, proposeRecommendation(ctx)))
  }
  const texts = textsIn(rec)
  if (texts.length === 0) return 'bracket (no text)'
  const text = prng.oneOf(gen, texts)
  const from = text.pos + prng.uint32(gen, 0, text.node.nodeSize - 1)
  const to = Math.min(from + prng.uint32(gen, 1, 12), text.pos + text.node.nodeSize)
  if (roll < 95) return attempt('bracket', range(from, to), (s) => dispatched(s, bracketSelection(ctx)))
  const wording = prng.word(gen, 1, 8)
  return attempt('amend', range(from, to), (s) => dispatched(s, proposeAmendment(ctx, wording)))
}

/** The fix the editor dispatches right after a remote change brought duplicate ids (M4). */
function fixRemoteDuplicates(doc: Y.Doc): boolean {
  const state = editorState(doc)
  if (findIdConflicts(state.doc).length === 0) return false
  const tr = state.tr
  fixDuplicateIds(tr)
  return commit(doc, state, tr.setMeta('addToHistory', false))
}

const stateVector = (doc: Y.Doc): [number, number][] =>
  [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((x, y) => x[0] - y[0])

interface Outcome {
  tally: Record<string, number>
  resyncs: number
}

/** Runs one seed; throws (after printing the last steps, unless `quiet`) when anything fails. */
function fuzz(seed: number, rounds: number, options: FuzzOptions = {}, quiet = false): Outcome {
  const gen = prng.create(seed)
  const scheduler = steppedScheduler()
  // A low threshold so that compaction also happens while members edit (S4).
  const h = guardHarness({ schedule: scheduler.schedule, compactAfter: 25 })
  const peers = DELEGATIONS.map(
    (delegation, i) => new QueuedPeer(h.collab, DOC, { ...participant('member', `m-fuzz-${i}`), delegation }, prng.uint32(gen, 1, 2 ** 31 - 1)),
  )
  const contexts = new Map(peers.map((p) => [p, { delegation: p.participant.delegation, role: 'member', isLocked: (id: string) => isLocked(lookupIn(p.doc)(id)) } satisfies DraftingContext]))
  let links: Link[] = []
  const remoteChanged = new Set<QueuedPeer>()
  const tally: Record<string, number> = {}
  /** What happened, step by step, for the failure message. */
  const trace: string[] = []
  const count = (what: string): void => {
    tally[what] = (tally[what] ?? 0) + 1
    trace.push(what)
  }

  let lastRoom: unknown = null
  const connect = (peer: QueuedPeer): void => {
    links.push(peer.connect())
    count('connect')
  }
  for (const p of peers) connect(p)

  /** Frames wait in a room that is loading, at most 64 per connection (P2): an honest client sends fewer before it loads. */
  const deliverToServer = (link: Link): void => {
    const room = h.collab.rooms.get(DOC)
    const conn = room && [...room.connections].find((c) => c.socket === link.socket)
    while (room?.state === 'loading' && conn && conn.buffered.length >= 48 && scheduler.step()) count('load first')
    link.deliverToServer()
  }

  /** One PRNG-chosen step; false when nothing can happen. `editing`: members still edit and sockets still die. */
  const step = (editing: boolean): boolean => {
    const choices: [number, () => void][] = []
    const up = links.filter((l) => l.toServer.length > 0)
    const down = links.filter((l) => l.toClient.length > 0)
    const dying = links.filter((l) => !l.clientOpen && !l.serverClosed)
    const offline = peers.filter((p) => !p.link)
    const online = peers.filter((p) => p.link)
    if (editing) {
      choices.push([30, () => {
        const peer = prng.oneOf(gen, peers)
        const what = textOf(peer.doc).length === 0 ? 'edit (never synced)' : honestEdit(gen, peer.doc, contexts.get(peer)!, options)
        count(`${peer.participant.delegation}: ${what}`)
      }])
      if (online.length > 0) choices.push([2, () => (prng.oneOf(gen, online).drop(), count('socket dies'))])
    }
    if (up.length > 0) choices.push([25, () => (deliverToServer(prng.oneOf(gen, up)), count('frame to server'))])
    if (down.length > 0) {
      choices.push([25, () => {
        const link = prng.oneOf(gen, down)
        const closes = link.peer.closes.length
        link.peer.deliverToClient(link)
        if (link.clientOpen) remoteChanged.add(link.peer)
        count('frame to client')
        // An honest client is only ever told to resync (R6: its update depended on one lost with a socket).
        for (const c of link.peer.closes.slice(closes)) {
          if (c.code !== CloseCode.ResyncRequired) throw new Error(`${link.peer.participant.delegation} was closed with ${c.code}: ${c.reason}`)
          count('told to resync')
        }
      }])
    }
    if (scheduler.pending > 0) choices.push([10, () => (scheduler.step(), count('server task'))])
    if (remoteChanged.size > 0) {
      choices.push([8, () => {
        const peer = prng.oneOf(gen, [...remoteChanged])
        remoteChanged.delete(peer)
        if (fixRemoteDuplicates(peer.doc)) count('fix duplicate ids')
      }])
    }
    if (dying.length > 0) choices.push([3, () => (prng.oneOf(gen, dying).notice(), count('server notices'))])
    if (offline.length > 0) choices.push([editing ? 4 : 20, () => connect(prng.oneOf(gen, offline))])
    if (choices.length === 0) return false
    let r = prng.uint32(gen, 0, choices.reduce((n, [w]) => n + w, 0) - 1)
    for (const [weight, act] of choices) {
      if (r < weight) {
        act()
        break
      }
      r -= weight
    }
    links = links.filter((l) => !l.done)
    const room = h.collab.rooms.get(DOC)
    if (room && room !== lastRoom) {
      lastRoom = room
      count('document loaded')
    }
    return true
  }

  try {
    for (let round = 0; round < rounds; round++) step(true)
    // Deliver everything, in an order the PRNG still decides, until nothing moves.
    let settled = false
    for (let n = 0; n < 100_000 && !settled; n++) settled = !step(false)
    expect(settled, 'the network did not settle').toBe(true)

    const room = h.room()
    const want = { xml: textOf(room.doc).toString(), consensus: consensusOf(room.doc).toJSON(), sv: stateVector(room.doc) }
    const resyncs = peers.flatMap((p) => p.closes).length
    // Nothing quarantined: an update refused as dangling is not kept (its sender resyncs, R6).
    expect(h.store.listQuarantine(DOC).map((q) => q.reason)).toEqual([])
    for (const [i, p] of peers.entries()) {
      expect({ xml: textOf(p.doc).toString(), consensus: consensusOf(p.doc).toJSON(), sv: stateVector(p.doc) }, `peer ${i}`).toEqual(want)
    }
    // Committed: a reload from the store is the server's document (S1, S5).
    expect(room.hasPending).toBe(false)
    const stored = loadStored(h.store, DOC)
    expect({ xml: textOf(stored).toString(), consensus: consensusOf(stored).toJSON(), sv: stateVector(stored) }).toEqual(want)
    // Still a valid rolling document with unique ids (M1-M4): y-prosemirror deletes what it cannot fit, so compare.
    const pm = yXmlFragmentToProseMirrorRootNode(textOf(stored), schema)
    expect(() => pm.check()).not.toThrow()
    expect(findIdConflicts(pm)).toEqual([])
    expect(textOf(stored).toString()).toBe(want.xml)
    return { tally, resyncs }
  } catch (err) {
    if (!quiet) console.log(`convergence fuzz failed: SEED=${seed} (${rounds} rounds). Last steps:\n  ${trace.slice(-30).join('\n  ')}`)
    throw err
  } finally {
    for (const p of peers) p.destroy()
    h.dispose()
  }
}

describe('[S5][R2] in-memory convergence fuzz: the PRNG orders every delivery', () => {
  for (const seed of SEEDS) {
    it(`[S5][S1][R2] ${DELEGATIONS.length} members, ${ROUNDS} rounds, SEED=${seed}`, () => {
      const { tally, resyncs } = fuzz(seed, ROUNDS, envOptions)
      const sum = (match: (what: string) => boolean): number => Object.entries(tally).reduce((n, [k, v]) => n + (match(k) ? v : 0), 0)
      const edits = sum((k) => k.includes(': ') && !k.includes('('))
      expect(edits).toBeGreaterThan(0)
      console.log(
        `SEED=${seed}: ${edits} edits sent, ${sum((k) => k.startsWith('frame'))} frames delivered, ${tally['socket dies'] ?? 0} sockets died, ` +
          `${resyncs} resyncs, ${tally['document loaded'] ?? 0} loads`,
      )
    }, TIMEOUT_MS)
  }

  for (const { seed, rounds, options, found, bug } of PINNED) {
    const name = `[S5] pinned SEED=${seed}, ${rounds} rounds, ${JSON.stringify(options)}: ${found}`
    if (bug) it(`${name} (still reproduces)`, () => expect(() => fuzz(seed, rounds, options, true)).toThrow(bug), TIMEOUT_MS)
    else it(name, () => void fuzz(seed, rounds, options), TIMEOUT_MS)
  }
})
