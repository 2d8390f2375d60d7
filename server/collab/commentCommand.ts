/**
 * Comments applied to a loaded document (SPEC K1-K6): written by the server under its own origin
 * into the `comments` map, which no client writes and no output reads.
 */
import * as Y from 'yjs'
import { commentsOf, textOf } from '../../shared/ydoc.ts'
import { relativePositionFromBase64 } from '../../shared/base64.ts'
import {
  MAX_ANCHOR_LENGTH,
  MAX_MESSAGES,
  MAX_THREADS,
  MAX_QUOTE_LENGTH,
  commentText,
  mayResolve,
  readThread,
  withReply,
  withResolution,
  type CommentAnchor,
  type CommentMessage,
  type CommentThread,
} from '../../shared/comments.ts'
import { newId } from '../../shared/ids.ts'
import type { DocumentRole } from '../../shared/roles.ts'
import type { Room } from './Room.ts'
import type { RefusalKind } from '../../shared/commandSchemas.ts'
import { paragraphLabels } from '../../shared/numbering.ts'
import { findById } from './sponsorIndex.ts'
import { noSuchParagraph } from './refusals.ts'

export interface CommentActor {
  memberId: string
  displayName: string
  delegation: string
  role: DocumentRole
}

export type CommentRequest =
  | { kind: 'start'; paragraphId: string; anchor: CommentAnchor | null; quote: string; text: unknown }
  | { kind: 'reply'; threadId: string; text: unknown }
  | { kind: 'resolve'; threadId: string; resolved: boolean }

export type CommentResult = { ok: true; thread: CommentThread } | { ok: false; refusal: RefusalKind; reason: string }

export function runComment(room: Room, actor: CommentActor, req: CommentRequest): CommentResult {
  const map = commentsOf(room.doc)
  const at = new Date().toISOString()
  const message = (text: string): CommentMessage => ({
    id: newId('m'),
    memberId: actor.memberId,
    author: actor.displayName,
    delegation: actor.delegation,
    text,
    at,
  })
  let thread: CommentThread
  if (req.kind === 'start') {
    const text = commentText(req.text)
    if (!text.ok) return { ok: false, refusal: 'invalid', reason: text.reason }
    if (map.size >= MAX_THREADS) return { ok: false, refusal: 'conflict', reason: `a document holds at most ${MAX_THREADS} comment threads` }
    const paragraph = findById(textOf(room.doc), 'recommendation', req.paragraphId)
    if (!paragraph) return noSuchParagraph(req.paragraphId)
    if (req.anchor) {
      const problem = anchorProblem(room.doc, paragraph, req.anchor)
      if (problem) return { ok: false, refusal: 'invalid', reason: problem }
    }
    thread = {
      id: newId('c'),
      paragraphId: req.paragraphId,
      anchor: req.anchor,
      quote: req.anchor ? req.quote.slice(0, MAX_QUOTE_LENGTH) : '',
      messages: [message(text.text)],
      resolved: null,
    }
  } else {
    const current = readThread(map.get(req.threadId))
    if (!current) return { ok: false, refusal: 'not-found', reason: `no comment thread ${req.threadId} in this document` }
    if (req.kind === 'reply') {
      const text = commentText(req.text)
      if (!text.ok) return { ok: false, refusal: 'invalid', reason: text.reason }
      if (current.messages.length >= MAX_MESSAGES) return { ok: false, refusal: 'conflict', reason: `a thread holds at most ${MAX_MESSAGES} messages: start a new one` }
      thread = withReply(current, message(text.text))
    } else {
      if (!mayResolve(current, actor.memberId, actor.role)) {
        return { ok: false, refusal: 'forbidden', reason: 'only the one who started the thread, the chair and the secretariat resolve or reopen it' }
      }
      thread = withResolution(current, req.resolved ? { memberId: actor.memberId, author: actor.displayName, at } : null)
    }
  }
  const action = req.kind === 'start' ? 'comment' : req.kind === 'reply' ? 'reply' : req.resolved ? 'resolveComment' : 'reopenComment'
  // The audit says what was done, never what was written (K6).
  room.applyCommand(actor.memberId, { action, thread: thread.id, paragraph: thread.paragraphId }, () => map.set(thread.id, thread))
  return { ok: true, thread }
}

/** K1: both ends of an anchor are relative positions inside the paragraph. */
function anchorProblem(doc: Y.Doc, paragraph: Y.XmlElement, anchor: CommentAnchor): string | null {
  for (const end of [anchor.start, anchor.end]) {
    if (end.length > MAX_ANCHOR_LENGTH || !/^[A-Za-z0-9+/]*={0,2}$/.test(end)) return 'an anchor is an encoded relative position'
    let abs: Y.AbsolutePosition | null
    try {
      abs = Y.createAbsolutePositionFromRelativePosition(relativePositionFromBase64(end), doc)
    } catch {
      return 'an anchor is an encoded relative position'
    }
    if (!abs || (abs.type !== paragraph && !Y.isParentOf(paragraph, abs.type._item))) {
      return `the commented words are not in ${paragraphLabels(doc).get(String(paragraph.getAttribute('id'))) ?? 'that paragraph'}`
    }
  }
  return null
}
