/**
 * A Y.Doc of a state the server sent (a revision, the committed document), in this page only: no
 * provider, no storage, never sent anywhere. Read it, then drop it.
 */
import * as Y from 'yjs'

/** The origin of the one write such a copy takes: the state, into an empty Y.Doc (STYLE 3). */
export const STATE_COPY_ORIGIN = Symbol('accord-state-copy')

export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state, STATE_COPY_ORIGIN)
  return doc
}
