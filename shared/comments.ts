/**
 * Comments (SPEC K1-K6): threads on a paragraph or on a selection in it, with replies, resolved
 * and reopened. They are the group's working notes: everyone in the group reads them and may
 * comment (observers too), and no output ever carries them (they live in their own `comments`
 * map, which the text, where every output comes from, never holds).
 *
 * A thread on a selection is anchored by two Yjs relative positions, so it stays with its words
 * while the text around them changes; when the words are deleted it stays on its paragraph, with
 * the words quoted as they were.
 */

import { may } from './roles.ts'
import type { DocumentRole } from './roles.ts'

export interface CommentMessage {
  id: string
  memberId: string
  /** The person's name and delegation, as the group sees them (never in an output). */
  author: string
  delegation: string
  text: string
  /** ISO time. */
  at: string
}

/** Two encoded `Y.RelativePosition`s (base64): where the commented words start and end. */
export interface CommentAnchor {
  start: string
  end: string
}

export interface CommentThread {
  id: string
  paragraphId: string
  /** Null: on the whole paragraph. */
  anchor: CommentAnchor | null
  /** The commented words when the thread started. */
  quote: string
  messages: CommentMessage[]
  resolved: { memberId: string; author: string; at: string } | null
}

export const MAX_COMMENT_LENGTH = 2000
export const MAX_QUOTE_LENGTH = 300
/** An encoded relative position is a few dozen bytes; base64 of more is not one. */
export const MAX_ANCHOR_LENGTH = 200
export const MAX_MESSAGES = 200
/** Threads per document: enough for any negotiation, not a way to fill the server. */
export const MAX_THREADS = 5000

/** K2: a comment's text, trimmed, or the reason it cannot be one. */
export function commentText(value: unknown): { ok: true; text: string } | { ok: false; reason: string } {
  if (typeof value !== 'string' || !value.trim()) return { ok: false, reason: 'a comment needs some text' }
  if (value.length > MAX_COMMENT_LENGTH) return { ok: false, reason: `a comment holds at most ${MAX_COMMENT_LENGTH} characters` }
  return { ok: true, text: value.trim() }
}

/** K4: the one who started a thread, the chair and the secretariat resolve it or reopen it. */
export function mayResolve(thread: CommentThread, memberId: string, role: DocumentRole): boolean {
  return may(role, 'resolveAnyThread') || thread.messages[0]?.memberId === memberId
}

/** The thread after a reply (K3). */
export function withReply(thread: CommentThread, message: CommentMessage): CommentThread {
  return { ...thread, messages: [...thread.messages, message] }
}

/** The thread resolved by someone (K4), or reopened (`by` null). */
export function withResolution(thread: CommentThread, by: CommentThread['resolved']): CommentThread {
  return { ...thread, resolved: by }
}

/** Reads a stored thread defensively: anything malformed is null. */
export function readThread(value: unknown): CommentThread | null {
  if (typeof value !== 'object' || value === null) return null
  const t = value as Partial<CommentThread>
  if (typeof t.id !== 'string' || typeof t.paragraphId !== 'string' || !Array.isArray(t.messages)) return null
  const messages = t.messages.filter(
    (m): m is CommentMessage => typeof m === 'object' && m !== null && typeof m.text === 'string' && typeof m.author === 'string' && typeof m.at === 'string',
  )
  const anchor = t.anchor && typeof t.anchor.start === 'string' && typeof t.anchor.end === 'string' ? t.anchor : null
  return { id: t.id, paragraphId: t.paragraphId, anchor, quote: typeof t.quote === 'string' ? t.quote : '', messages, resolved: t.resolved ?? null }
}

/** Threads in the order a reader wants them: open first, then by when they started. */
export function orderThreads(threads: readonly CommentThread[]): CommentThread[] {
  const started = (t: CommentThread): string => t.messages[0]?.at ?? ''
  return [...threads].sort((a, b) => Number(a.resolved !== null) - Number(b.resolved !== null) || started(a).localeCompare(started(b)))
}
