/**
 * A shadow copy of a room's document that untrusted updates are applied to first (SPEC P7, R6).
 *
 * `Y.applyUpdate` can throw halfway through a crafted update and leave a document partly
 * changed. So a client's bytes never touch the authoritative document: they are applied to the
 * shadow, judged there from Yjs's own integration (UpdateGuard, in `afterTransaction`, before
 * garbage collection), and only what Yjs emitted from the shadow reaches the authoritative
 * document. A refused or throwing update rebuilds the shadow from the authoritative state.
 */
import * as Y from 'yjs'
import { STORAGE_ORIGIN, type Origin } from '../../shared/origins.ts'
import type { GuardVerdict } from './UpdateGuard.ts'

export type ShadowResult =
  | { ok: true; updates: Uint8Array[]; newClientIds: number[]; paragraphs: string[] }
  /** `dangling`: refused only because it depends on changes the server lacks (the client resyncs). */
  | { ok: false; reason: string; dangling: boolean }

export class ShadowDoc {
  private doc = new Y.Doc()

  /** Mirrors an update that is already part of the authoritative document. */
  mirror(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, STORAGE_ORIGIN)
  }

  /**
   * Applies untrusted `bytes` to the shadow and judges every transaction they cause. Returns the
   * updates Yjs emitted when accepted (empty when the bytes brought nothing new). Throws what Yjs
   * threw, after restoring the shadow from `authoritative`.
   */
  apply(bytes: Uint8Array, origin: Origin, authoritative: Y.Doc, judge: (tr: Y.Transaction) => GuardVerdict): ShadowResult {
    const emitted: Uint8Array[] = []
    const newClientIds: number[] = []
    const paragraphs = new Set<string>()
    let refusal: string | null = null
    const collect = (update: Uint8Array): void => {
      emitted.push(update)
    }
    const inspect = (tr: Y.Transaction): void => {
      if (refusal !== null) return
      const verdict = judge(tr)
      if (!verdict.ok) refusal = verdict.reason
      else {
        newClientIds.push(...verdict.newClientIds)
        for (const p of verdict.paragraphs) paragraphs.add(p)
      }
    }
    this.doc.on('update', collect)
    this.doc.on('afterTransaction', inspect)
    try {
      Y.applyUpdate(this.doc, bytes, origin)
    } catch (err) {
      this.rebuild(authoritative)
      throw err
    } finally {
      this.doc.off('update', collect)
      this.doc.off('afterTransaction', inspect)
    }
    // Structs waiting for missing dependencies could be completed later by another update that
    // would then be judged without them: refuse the smuggling route outright (fail closed).
    let dangling = false
    if (refusal === null && (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null)) {
      refusal = 'the update depends on changes the server does not have'
      dangling = true
    }
    if (refusal !== null) {
      this.rebuild(authoritative)
      return { ok: false, reason: refusal, dangling }
    }
    return { ok: true, updates: emitted, newClientIds, paragraphs: [...paragraphs] }
  }

  /** Replaces the shadow by a fresh copy of `authoritative` (drops anything partly applied). */
  rebuild(authoritative: Y.Doc): void {
    this.doc.destroy()
    this.doc = new Y.Doc()
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(authoritative), STORAGE_ORIGIN)
  }

  /** Memory held by the shadow, as the size of its encoded state (for the benchmark). */
  encodedSize(): number {
    return Y.encodeStateAsUpdate(this.doc).byteLength
  }

  destroy(): void {
    this.doc.destroy()
  }
}
