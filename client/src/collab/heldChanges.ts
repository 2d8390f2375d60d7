/**
 * The person's held-back wording, per document, in the browser's storage (SPEC R15): what the
 * server would not take (a paragraph locked or removed while they were offline, or an edit it
 * refused), kept across reloads until the person proposes it again or discards it. Never sent
 * anywhere by itself.
 */
import { fromBase64, toBase64 } from 'lib0/buffer'
import type { HeldChange } from './reconnectPlan.ts'
import { count } from '../../../shared/limits.ts'
import { t } from '../i18n.ts'

/**
 * Characters kept of one held-back wording: far beyond any paragraph, well within the browser's
 * storage (an accidental paste of a whole file is cut, and the person is told).
 */
export const MAX_KEPT_CHARS = 200_000

/** `change` with its wording cut to what the browser can keep, saying so. */
export function keepable<T extends { text: string; why?: string }>(change: T): T {
  if (change.text.length <= MAX_KEPT_CHARS) return change
  const why = change.why === undefined ? {} : { why: t('held.cut', { why: change.why, kept: count(MAX_KEPT_CHARS), total: count(change.text.length) }) }
  return { ...change, text: change.text.slice(0, MAX_KEPT_CHARS), ...why }
}

const heldKey = (docId: string): string => `accord:held:${docId}`
const replayKey = (docId: string): string => `accord:replay:${docId}`

export function readHeld(docId: string): HeldChange[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(heldKey(docId)) ?? '[]') as unknown
    return Array.isArray(parsed) ? (parsed as HeldChange[]).filter((c) => typeof c?.paragraphId === 'string' && typeof c.text === 'string') : []
  } catch {
    return []
  }
}

const same = (a: HeldChange, b: HeldChange): boolean => a.paragraphId === b.paragraphId && a.text === b.text

/** Adds `changes` (the same wording for the same paragraph is kept once). */
export function holdBack(docId: string, changes: readonly HeldChange[]): void {
  if (changes.length === 0) return
  const held = readHeld(docId)
  for (const c of changes.map(keepable)) if (!held.some((h) => same(h, c))) held.push(c)
  localStorage.setItem(heldKey(docId), JSON.stringify(held))
}

/** Forgets one held change (proposed again, or discarded by the person). */
export function release(docId: string, change: HeldChange): void {
  const held = readHeld(docId).filter((h) => !same(h, change))
  if (held.length) localStorage.setItem(heldKey(docId), JSON.stringify(held))
  else localStorage.removeItem(heldKey(docId))
}

/** Keeps the replay of offline changes (built on the server's state) for the page after the reload. */
export function keepReplay(docId: string, update: Uint8Array): void {
  localStorage.setItem(replayKey(docId), toBase64(update))
}

/** The kept replay, if any; the caller clears it once it is applied. */
export function pendingReplay(docId: string): Uint8Array | null {
  const raw = localStorage.getItem(replayKey(docId))
  if (!raw) return null
  try {
    return fromBase64(raw)
  } catch {
    localStorage.removeItem(replayKey(docId))
    return null
  }
}

export function clearReplay(docId: string): void {
  localStorage.removeItem(replayKey(docId))
}
