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
import { ROOT_TEXT } from '../../shared/ydoc.ts'
import type { GuardVerdict, SponsorRestore } from './UpdateGuard.ts'

export type ShadowResult =
  | {
      ok: true
      updates: Uint8Array[]
      newClientIds: number[]
      paragraphs: string[]
      sponsorRestores: SponsorRestore[]
      sponsorsSeen: string[]
      /** Characters of text added less those removed, over every transaction (R16). */
      charDelta: number
    }
  /** `dangling`: refused only because it depends on changes the server lacks (the client resyncs). */
  | { ok: false; reason: string; dangling: boolean }

/** The guard itself threw while judging an update: the server's fault, not the sender's. */
export class GuardFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(`the guard failed while judging an update: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'GuardFailure'
  }
}

export class ShadowDoc {
  /**
   * Built lazily, from the authoritative document, on the first update that needs judging: a
   * document opened only to be read never pays for a second copy (nor does its cold load).
   */
  private doc: Y.Doc | null = null

  /** Mirrors an update that is already part of the authoritative document. */
  mirror(update: Uint8Array): void {
    if (this.doc) Y.applyUpdate(this.doc, update, STORAGE_ORIGIN)
  }

  /** Builds the copy now if it is not built yet. */
  prepare(authoritative: Y.Doc): void {
    if (!this.doc) this.rebuild(authoritative)
  }

  /** Forgets the copy; the next `apply` builds it afresh from the authoritative document. */
  reset(): void {
    this.doc?.destroy()
    this.doc = null
  }

  /**
   * Applies untrusted `bytes` to the shadow and judges every transaction they cause. Returns the
   * updates Yjs emitted when accepted (empty when the bytes brought nothing new). Throws what Yjs
   * threw, after restoring the shadow from `authoritative`.
   */
  apply(bytes: Uint8Array, origin: Origin, authoritative: Y.Doc, judge: (tr: Y.Transaction) => GuardVerdict): ShadowResult {
    if (isEmptyUpdate(bytes)) return { ok: true, updates: [], newClientIds: [], paragraphs: [], sponsorRestores: [], sponsorsSeen: [], charDelta: 0 }
    const doc = this.doc ?? this.rebuild(authoritative)
    const emitted: Uint8Array[] = []
    const newClientIds: number[] = []
    const paragraphs = new Set<string>()
    const sponsorRestores: SponsorRestore[] = []
    const sponsorsSeen: string[] = []
    let charDelta = 0
    let refusal: string | null = null
    const collect = (update: Uint8Array): void => {
      emitted.push(update)
    }
    let failure: unknown = null
    const inspect = (tr: Y.Transaction): void => {
      if (refusal !== null || failure !== null) return
      let verdict: GuardVerdict
      try {
        verdict = judge(tr)
      } catch (err) {
        // Not thrown on: inside Yjs's cleanup an exception would leave the shadow half-updated.
        failure = err
        return
      }
      if (!verdict.ok) refusal = verdict.reason
      else {
        newClientIds.push(...verdict.newClientIds)
        for (const p of verdict.paragraphs) paragraphs.add(p)
        sponsorRestores.push(...verdict.sponsorRestores)
        sponsorsSeen.push(...verdict.sponsorsSeen)
        charDelta += verdict.charDelta
      }
    }
    doc.on('update', collect)
    doc.on('afterTransaction', inspect)
    try {
      Y.applyUpdate(doc, bytes, origin)
    } catch (err) {
      this.reset()
      throw err
    } finally {
      doc.off('update', collect)
      doc.off('afterTransaction', inspect)
    }
    if (failure !== null) {
      this.reset()
      throw new GuardFailure(failure)
    }
    // Structs waiting for missing dependencies could be completed later by another update that
    // would then be judged without them: refuse the smuggling route outright (fail closed). This
    // comes before any other verdict: what the guard saw of a half-applied update is not what its
    // sender did (a moved group looks removed while its new place is still pending), and nothing of
    // it is kept either way; the sender resyncs and its whole change is judged then.
    const dangling = doc.store.pendingStructs !== null || doc.store.pendingDs !== null
    if (dangling) refusal = 'the update depends on changes the server does not have'
    if (refusal !== null) {
      this.reset()
      return { ok: false, reason: refusal, dangling }
    }
    return { ok: true, updates: emitted, newClientIds, paragraphs: [...paragraphs], sponsorRestores, sponsorsSeen, charDelta }
  }

  /** Replaces the shadow by a fresh copy of `authoritative` (drops anything partly applied). */
  rebuild(authoritative: Y.Doc): Y.Doc {
    this.doc?.destroy()
    const doc = new Y.Doc()
    // Typed before the state arrives: a root Yjs creates from an update alone is an untyped
    // AbstractType, which the guard's tree check would not recognise as the text.
    doc.getXmlFragment(ROOT_TEXT)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(authoritative), STORAGE_ORIGIN)
    this.doc = doc
    return doc
  }

  destroy(): void {
    this.reset()
  }
}

/**
 * An update with no structs and no deletions: two zero varints. Clients send one as sync step 2
 * when they have nothing the server lacks; it needs no copy to judge.
 */
function isEmptyUpdate(bytes: Uint8Array): boolean {
  return bytes.length === 2 && bytes[0] === 0 && bytes[1] === 0
}
