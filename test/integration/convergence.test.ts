/**
 * Seeded randomized convergence (SPEC S5, S4, S1): several y-websocket clients make random
 * schema-valid edits to the demo document, go offline and come back at random, for several rounds.
 * At the end every client, the server's document and the document loaded from SQLite are equal.
 *
 * The seed fixes the edits, not the timing (real sockets, random pauses between rounds), so it may
 * not replay a failure: `SEED=1234 npx vitest run test/integration/convergence.test.ts`. The
 * in-memory fuzz, whose seed decides every delivery, is test/unit/convergenceFuzz.test.ts.
 */
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { schema } from '../../shared/schema.ts'
import { findIdConflicts } from '../../shared/ids.ts'
import { isLocked, readConsensusEntry } from '../../shared/consensus.ts'
import { consensusOf } from '../../shared/ydoc.ts'
import { SqliteStore } from '../../server/storage/SqliteStore.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import {
  connectPeer,
  consensusJson,
  newRecommendation,
  recommendationsOf,
  topicsOf,
  waitFor,
  xmlOf,
  type Peer,
} from '../helpers/peers.ts'

const CLIENTS = 5
const ROUNDS = 20
const DOC_ID = 'wgec-rolling' // the demo: topics, recommendations, brackets, alternatives, consensus
const SPONSORS = ['Kenya', 'Japan', 'Brazil', 'European Union', 'India', 'Switzerland']

const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31)
console.log('SEED=' + seed)

let server: TestServer | null = null
const peers: Peer[] = []
afterEach(async () => {
  for (const p of peers.splice(0)) p.destroy()
  await server?.stop()
})

/** A pause between rounds, so edits and reconnects interleave with traffic; nothing waits on it. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Every recommendation of the document: in topics and in the annex. */
function allRecommendations(doc: Y.Doc): Y.XmlElement[] {
  const annex = doc
    .getXmlFragment('prosemirror')
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'annex')
  return [...topicsOf(doc).flatMap(recommendationsOf), ...(annex ? recommendationsOf(annex) : [])]
}

/** Recommendations a negotiator may edit: agreed and ad-ref ones are locked (SPEC C4). */
function editableRecommendations(doc: Y.Doc): Y.XmlElement[] {
  const consensus = consensusOf(doc)
  return allRecommendations(doc).filter((rec) => !isLocked(readConsensusEntry(consensus.get(String(rec.getAttribute('id'))))))
}

/** The texts directly inside editable recommendations (not inside brackets, which stay well-formed). */
function recommendationTexts(doc: Y.Doc): Y.XmlText[] {
  return editableRecommendations(doc).flatMap((rec) => rec.toArray().filter((n): n is Y.XmlText => n instanceof Y.XmlText))
}

function randomWord(gen: prng.PRNG): string {
  return prng.word(gen, 1, 6)
}

/** One random edit that keeps the document valid in the schema. Returns what it did. */
function randomEdit(gen: prng.PRNG, doc: Y.Doc): string {
  const roll = prng.uint32(gen, 0, 99)
  if (roll < 45) {
    const texts = recommendationTexts(doc)
    if (texts.length === 0) return 'none'
    const text = prng.oneOf(gen, texts)
    text.insert(prng.uint32(gen, 0, text.length), randomWord(gen) + ' ')
    return 'insert text'
  }
  if (roll < 65) {
    const texts = recommendationTexts(doc).filter((t) => t.length > 0)
    if (texts.length === 0) return 'none'
    const text = prng.oneOf(gen, texts)
    const at = prng.uint32(gen, 0, text.length - 1)
    text.delete(at, Math.min(prng.uint32(gen, 1, 4), text.length - at))
    return 'delete text'
  }
  if (roll < 85) {
    const topic = prng.oneOf(gen, topicsOf(doc))
    const sponsors = [prng.oneOf(gen, SPONSORS), prng.oneOf(gen, SPONSORS)].filter((s, i, all) => all.indexOf(s) === i)
    // Index 0 is the topic heading: a recommendation goes anywhere after it.
    topic.insert(prng.uint32(gen, 1, topic.length), [newRecommendation(`New ${randomWord(gen)}`, sponsors)])
    return 'insert recommendation'
  }
  const editable = new Set(editableRecommendations(doc))
  const deletable = topicsOf(doc).flatMap((topic) =>
    topic
      .toArray()
      .map((node, index) => ({ topic, node, index }))
      .filter(({ node }) => node instanceof Y.XmlElement && editable.has(node)),
  )
  if (deletable.length === 0) return 'none'
  const { topic, index } = prng.oneOf(gen, deletable)
  topic.delete(index, 1)
  return 'delete recommendation'
}

/** The state vector as sorted [client, clock] pairs, comparable with toEqual. */
const stateVector = (doc: Y.Doc): [number, number][] =>
  [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((x, y) => x[0] - y[0])

it(`[S5] ${CLIENTS} clients editing and reconnecting at random converge, on the server and in SQLite too`, async () => {
  const gen = prng.create(seed)
  // A low threshold so that compaction also happens while clients edit (SPEC S4).
  server = await startTestServer({ compactAfter: 25 })
  const srv = server
  // Each client is another member of the working group (SPEC R2: members edit text).
  for (let i = 0; i < CLIENTS; i++) peers.push(connectPeer(srv.wsUrl, DOC_ID, { cookie: srv.signIn('member').cookie }))
  await waitFor(() => peers.every((p) => p.provider.synced), 'every client to sync')

  const tally = new Map<string, number>()
  let reconnects = 0
  for (let round = 0; round < ROUNDS; round++) {
    for (const peer of peers) {
      // Online or not, a client edits: offline edits are sent when it comes back.
      const edits = prng.uint32(gen, 0, 8)
      for (let e = 0; e < edits; e++) {
        const what = randomEdit(gen, peer.doc)
        tally.set(what, (tally.get(what) ?? 0) + 1)
      }
      if (prng.bool(gen) && prng.uint32(gen, 0, 2) === 0) {
        if (peer.provider.shouldConnect) peer.provider.disconnect()
        else {
          peer.provider.connect()
          reconnects++
        }
      }
    }
    await sleep(prng.uint32(gen, 5, 60))
  }
  for (const peer of peers) {
    if (!peer.provider.shouldConnect) {
      peer.provider.connect()
      reconnects++
    }
  }
  console.log(`SEED=${seed} edits: ${JSON.stringify(Object.fromEntries(tally))}, reconnects: ${reconnects}`)

  const room = (): Y.Doc | undefined => srv.server.collab.rooms.get(DOC_ID)?.doc
  const converged = (): boolean => {
    const target = room()
    if (!target || !peers.every((p) => p.provider.synced)) return false
    const want = xmlOf(target)
    return peers.every((p) => xmlOf(p.doc) === want && Y.encodeStateVector(p.doc).toString() === Y.encodeStateVector(target).toString())
  }
  await waitFor(converged, `convergence (SEED=${seed})`, 15_000)
  // Honest edits of unlocked paragraphs are never refused by the guard (R2, R4).
  for (const [i, p] of peers.entries()) expect(p.closes.filter((c) => c.code >= 4000), `client ${i}`).toEqual([])
  const serverDoc = room()!
  const expectedXml = xmlOf(serverDoc)
  const expectedConsensus = consensusJson(serverDoc)
  for (const [i, p] of peers.entries()) {
    expect(xmlOf(p.doc), `client ${i}, SEED=${seed}`).toBe(expectedXml)
    expect(p.doc.getXmlFragment('prosemirror').toJSON(), `client ${i}`).toBe(serverDoc.getXmlFragment('prosemirror').toJSON())
    expect(consensusJson(p.doc), `client ${i}`).toBe(expectedConsensus)
    expect(stateVector(p.doc), `client ${i}`).toEqual(stateVector(serverDoc))
  }
  // The merged document is still a valid rolling document with unique ids (SPEC M1-M3). On a copy:
  // y-prosemirror deletes the elements it cannot fit into the schema, so a deletion shows a fault.
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(serverDoc))
  const pmDoc = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment('prosemirror'), schema)
  expect(xmlOf(copy)).toBe(expectedXml)
  expect(() => pmDoc.check()).not.toThrow()
  expect(findIdConflicts(pmDoc)).toEqual([])
  expect(pmDoc.childCount).toBe(7) // title, five topics, annex

  // Snapshot and log as stored while running, read over a second connection (WAL allows it).
  const file = path.join(srv.dataDir, 'accord.sqlite')
  await waitFor(() => srv.server.collab.rooms.get(DOC_ID)?.hasPending === false, 'the last commit')
  const loadFile = (): { doc: Y.Doc; logLength: number } => {
    const store = new SqliteStore({ filename: file })
    try {
      const history = store.loadHistory(DOC_ID)
      const doc = new Y.Doc()
      for (const u of history.updates) Y.applyUpdate(doc, u)
      return { doc, logLength: history.logLength }
    } finally {
      store.close()
    }
  }
  const live = loadFile()
  expect(xmlOf(live.doc), `SEED=${seed}`).toBe(expectedXml)
  expect(consensusJson(live.doc)).toBe(expectedConsensus)
  expect(stateVector(live.doc)).toEqual(stateVector(serverDoc))

  // And after a clean stop (which compacts), from SQLite alone.
  for (const p of peers.splice(0)) p.destroy()
  await srv.stop()
  server = null
  const stored = loadFile()
  expect(stored.logLength).toBe(0)
  expect(xmlOf(stored.doc), `SEED=${seed}`).toBe(expectedXml)
  expect(consensusJson(stored.doc)).toBe(expectedConsensus)
})
