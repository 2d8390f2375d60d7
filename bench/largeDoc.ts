/**
 * Builds the large document of row (d) in an Accord SQLite file, through the server's own code:
 * an AccordServer is started once on the empty folder (it creates the demo working group, and the
 * benchmark signs in as its chair: the session is kept in the file), then, through SqliteStore, a
 * rolling document of `paragraphs` recommendations (10 topics), created as
 * the server creates documents (one snapshot), then `history` small updates of realistic editing
 * (20 authors, typing runs of 1-30 characters and backspacing at random places, each character
 * its own update), appended in batches of 2,000 as the group commit would.
 *
 * Two documents get the same content and history:
 * - `d-log`: every update kept in the log (what a server that never compacts would hold);
 * - `d-compacted`: the log replaced by one snapshot, what Accord's compaction (COMPACT_AFTER=2000,
 *   and on unload) leaves behind: store.compact(Y.encodeStateAsUpdate(doc));
 * - `d-tail`: a snapshot of all but the last 1,999 updates, and those in the log: the worst case
 *   Accord can leave on disk (compaction runs once the log reaches 2,000).
 * Each has 5 more copies (`<id>-warm-<n>`), loaded first to warm the server process up, so that
 * the figure is a cold document in a warm process, as in production; `d-small` is a blank one.
 */
import path from 'node:path'
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { SqliteStore } from '../server/storage/SqliteStore.ts'
import { AccordServer } from '../server/AccordServer.ts'
import { readConfig } from '../server/config.ts'
import { DEMO_GROUP } from '../server/demo/demoDocument.ts'
import { inviteCollector, signIn } from './demoAccess.ts'
import { schema } from '../shared/schema.ts'
import { textOf } from '../shared/ydoc.ts'
import { blankDocument, initialState } from '../server/documents/initialState.ts'
import { prng } from './clients.ts'

export const LARGE_LOG_ID = 'd-log'
export const LARGE_COMPACTED_ID = 'd-compacted'
export const LARGE_TAIL_ID = 'd-tail'
/** The longest log Accord leaves behind with COMPACT_AFTER=2000 (a crash just before compacting). */
export const TAIL_LENGTH = 1999
export const SMALL_ID = 'd-small'
/** Copies of each variant loaded before the measured one, so that its code paths are JIT-warm. */
export const WARM_COPIES = 5

export type LargeVariant = 'compacted' | 'tail' | 'log'

export function largeDocIds(variant: LargeVariant): { id: string; warm: string[] } {
  const id = { compacted: LARGE_COMPACTED_ID, tail: LARGE_TAIL_ID, log: LARGE_LOG_ID }[variant]
  return { id, warm: Array.from({ length: WARM_COPIES }, (_, i) => `${id}-warm-${i + 1}`) }
}

export interface LargeDoc {
  dbFile: string
  /** The chair's session cookie in that file (null for a server without sign-in). */
  cookie: string | null
  /** The document's final state as one update, and its XML text for checking loads. */
  finalState: Uint8Array
  finalXml: string
  snapshotBytes: number
  logBytes: number
  history: number
  paragraphs: number
  buildSeconds: number
}

const SENTENCE =
  'Member States should strengthen cooperation on international public policy issues pertaining to the Internet, with the full involvement of all stakeholders'

function content(paragraphs: number): PMNode {
  const topics: PMNode[] = []
  const perTopic = Math.ceil(paragraphs / 10)
  for (let t = 0; t * perTopic < paragraphs; t++) {
    const recs: PMNode[] = []
    for (let r = t * perTopic; r < Math.min(paragraphs, (t + 1) * perTopic); r++) {
      recs.push(schema.node('recommendation', { id: `r-${r}`, sponsors: ['Delegation ' + (r % 40)] }, [schema.text(`${r + 1}. ${SENTENCE}.`)]))
    }
    topics.push(schema.node('topic', { id: `t-${t}` }, [schema.node('topicHeading', null, [schema.text(`Topic ${t + 1}`)]), ...recs]))
  }
  return schema.node('doc', null, [schema.node('title', null, [schema.text('Large rolling document')]), ...topics, schema.node('annex')])
}

/** `history` single-character updates on top of `initial`, deterministic. */
function editHistory(initial: Uint8Array, history: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, initial)
  const texts: Y.XmlText[] = []
  for (const node of textOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'recommendation')) {
    const text = (node as Y.XmlElement).get(0)
    if (text instanceof Y.XmlText) texts.push(text)
  }
  const random = prng(42)
  const authors = Array.from({ length: 20 }, () => 1 + Math.floor(random() * 0x7ffffffe))
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  while (updates.length < history) {
    doc.clientID = authors[Math.floor(random() * authors.length)]
    const text = texts[Math.floor(random() * texts.length)]
    let pos = Math.floor(random() * (text.length + 1))
    if (random() < 0.25 && pos > 0) {
      const n = Math.min(pos, 1 + Math.floor(random() * 10))
      for (let i = 0; i < n && updates.length < history; i++) text.delete(--pos, 1)
    } else {
      const n = 1 + Math.floor(random() * 30)
      for (let i = 0; i < n && updates.length < history; i++) text.insert(pos++, 'abcdefghij klmnopqrst uvwxyz'[Math.floor(random() * 28)])
    }
  }
  return { updates, doc }
}

/** Starts and stops an AccordServer on `dataDir` (creating the demo); returns the chair's session. */
async function createDemoAndSignIn(dataDir: string): Promise<string | null> {
  const { logger, invites } = inviteCollector((line) => process.stderr.write(line + '\n'))
  const server = new AccordServer({ ...readConfig({}), port: 0, host: '127.0.0.1', dataDir, clientDir: path.join(dataDir, 'no-client') }, logger)
  try {
    const port = await server.start()
    return await signIn(`http://127.0.0.1:${port}`, invites)
  } finally {
    await server.stop()
  }
}

export async function buildLargeDoc(dataDir: string, paragraphs: number, history: number): Promise<LargeDoc> {
  const started = performance.now()
  const cookie = await createDemoAndSignIn(dataDir)
  const dbFile = path.join(dataDir, 'accord.sqlite')
  const store = new SqliteStore({ filename: dbFile })
  const now = new Date().toISOString()
  const initial = initialState(content(paragraphs))
  store.createDocument({ id: SMALL_ID, groupId: DEMO_GROUP.id, title: 'Small', createdAt: now }, initialState(blankDocument('Small')))

  const { updates, doc } = editHistory(initial, history)
  const finalState = Y.encodeStateAsUpdate(doc)
  const tail = Math.min(TAIL_LENGTH, updates.length - 1)
  const head = new Y.Doc()
  Y.applyUpdate(head, initial)
  head.transact(() => {
    for (const u of updates.slice(0, updates.length - tail)) Y.applyUpdate(head, u)
  })
  const headState = Y.encodeStateAsUpdate(head)
  head.destroy()
  const append = (docId: string, list: Uint8Array[]): void => {
    for (let i = 0; i < list.length; i += 2000) store.appendUpdates(list.slice(i, i + 2000).map((update) => ({ docId, update })))
  }
  for (const variant of ['compacted', 'tail', 'log'] as const) {
    const { id, warm } = largeDocIds(variant)
    for (const docId of [id, ...warm]) {
      store.createDocument({ id: docId, groupId: DEMO_GROUP.id, title: 'Large rolling document', createdAt: now }, initial)
      if (variant === 'compacted') store.compact(docId, finalState)
      if (variant === 'tail') {
        store.compact(docId, headState)
        append(docId, updates.slice(updates.length - tail))
      }
      if (variant === 'log') append(docId, updates)
    }
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)')
  store.close()
  const finalXml = textOf(doc).toString()
  doc.destroy()
  return {
    dbFile,
    cookie,
    finalState,
    finalXml,
    snapshotBytes: finalState.byteLength,
    logBytes: updates.reduce((s, u) => s + u.byteLength, 0),
    history: updates.length,
    paragraphs,
    buildSeconds: (performance.now() - started) / 1000,
  }
}
