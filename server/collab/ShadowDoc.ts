/**
 * A shadow copy of a room's document that untrusted updates are applied to first (SPEC P7).
 *
 * `Y.applyUpdate` can throw halfway through a crafted update and leave a document partly
 * changed. So a client's bytes never touch the authoritative document: they are applied to the
 * shadow, and what Yjs itself emits from the shadow (a well-formed update of exactly the
 * integrated changes) is what the authoritative document receives. If the shadow throws it is
 * rebuilt from the authoritative state. The next issue inspects the shadow's transaction here
 * (items inserted and deleted, per paragraph) to accept or reject an update as a whole.
 */
import * as Y from 'yjs'
import { STORAGE_ORIGIN, type Origin } from '../../shared/origins.ts'

export class ShadowDoc {
  private doc = new Y.Doc()

  /** Mirrors an update that is already part of the authoritative document. */
  mirror(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, STORAGE_ORIGIN)
  }

  /**
   * Applies untrusted `bytes` to the shadow. Returns the updates Yjs emitted (empty when the bytes
   * brought nothing new). Throws what Yjs threw, after restoring the shadow from `authoritative`.
   */
  apply(bytes: Uint8Array, origin: Origin, authoritative: Y.Doc): Uint8Array[] {
    const emitted: Uint8Array[] = []
    const collect = (update: Uint8Array): void => {
      emitted.push(update)
    }
    this.doc.on('update', collect)
    try {
      Y.applyUpdate(this.doc, bytes, origin)
      return emitted
    } catch (err) {
      this.rebuild(authoritative)
      throw err
    } finally {
      this.doc.off('update', collect)
    }
  }

  /** Replaces the shadow by a fresh copy of `authoritative` (drops anything partly applied). */
  rebuild(authoritative: Y.Doc): void {
    this.doc.destroy()
    this.doc = new Y.Doc()
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(authoritative), STORAGE_ORIGIN)
  }

  destroy(): void {
    this.doc.destroy()
  }
}
