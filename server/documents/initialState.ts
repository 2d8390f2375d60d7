/**
 * Builds the first state of a document on the server (SPEC Y2, Y4): initial content is seeded
 * here and only here, never by a client, so it can never be duplicated by two clients seeding
 * at once.
 */
import * as Y from 'yjs'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import type { Node as PMNode } from 'prosemirror-model'
import { schema, SCHEMA_VERSION } from '../../shared/schema.ts'
import { SEED_ORIGIN } from '../../shared/origins.ts'
import { textOf, consensusOf, metaOf } from '../../shared/ydoc.ts'
import { findIdConflicts, newId } from '../../shared/ids.ts'
import type { ConsensusEntry } from '../../shared/consensus.ts'

/** The content of a new, empty rolling document: its title, one empty topic, the annex. */
export function blankDocument(title: string): PMNode {
  return schema.node('doc', null, [
    schema.node('title', null, title ? [schema.text(title)] : []),
    schema.node('topic', { id: newId('t') }, [schema.node('topicHeading', null, [schema.text('First topic')])]),
    schema.node('annex'),
  ])
}

/**
 * Encodes `content` (and the consensus entries, keyed by recommendation id, and entries of the
 * document's meta, such as a break-out's charter) as one Yjs update.
 * Throws RangeError when the content breaks the schema or holds duplicate ids.
 */
export function initialState(content: PMNode, consensus: Record<string, ConsensusEntry> = {}, meta: Record<string, unknown> = {}): Uint8Array {
  content.check()
  const conflicts = findIdConflicts(content)
  if (conflicts.length > 0) throw new RangeError(`initial content has ${conflicts.length} missing or duplicate ids`)
  const ydoc = new Y.Doc()
  ydoc.transact(() => {
    metaOf(ydoc).set('schemaVersion', SCHEMA_VERSION)
    for (const [key, value] of Object.entries(meta)) metaOf(ydoc).set(key, value)
    prosemirrorToYXmlFragment(content, textOf(ydoc))
    const map = consensusOf(ydoc)
    for (const [id, entry] of Object.entries(consensus)) map.set(id, entry)
  }, SEED_ORIGIN)
  const update = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return update
}
