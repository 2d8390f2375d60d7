/**
 * The commands the server carries out for a person (SPEC R3, C8, D8, K1-K4, V1), as typed values with
 * one schema each (zod): the HTTP layer builds a command from a request and the schema judges its
 * shape before anything is read; the core decides and applies it (`runCommand`). Limits come from
 * the modules that own them, so the server and the page check the same numbers.
 */
import { z } from 'zod'
import { STATUS_ACTIONS } from './statusCommands.ts'
import { MAX_RESERVATION_LENGTH } from './reservations.ts'
import { MAX_DELEGATION_LENGTH } from './sponsorship.ts'
import { MAX_ANCHOR_LENGTH, MAX_COMMENT_LENGTH, MAX_QUOTE_LENGTH } from './comments.ts'
import { MAX_REVISION_NOTE_LENGTH, MAX_SYMBOL_LENGTH } from './revisions.ts'
import { MAX_BREAKOUT_NAME_LENGTH } from './breakouts.ts'

/** Why a command was refused, as a value: the HTTP layer maps each kind to one status. */
export type RefusalKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict'

/** Views recorded when a point moves to the annex: at most this many, each at most this long. */
export const MAX_VIEWS = 20
export const MAX_VIEW_LENGTH = 2000

const id = z.string().min(1).max(64)

const sponsorTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraph'), paragraphId: id }),
  z.object({ kind: z.literal('bracket'), paragraphId: id, bracketId: id }),
  z.object({ kind: z.literal('option'), paragraphId: id, groupId: id, option: z.int().min(0).max(100) }),
])

export const statusCommandSchema = z.object({
  kind: z.literal('status'),
  paragraphId: id,
  action: z.enum(STATUS_ACTIONS),
  views: z.array(z.string().max(MAX_VIEW_LENGTH)).max(MAX_VIEWS).optional(),
})

export const reservationCommandSchema = z.object({
  kind: z.literal('reservation'),
  paragraphId: id,
  /** The wording, or null to withdraw (longer wording is cut at the limit, C8). */
  text: z.string().max(MAX_RESERVATION_LENGTH * 4).nullable(),
})

export const sponsorshipCommandSchema = z.object({
  kind: z.literal('sponsorship'),
  target: sponsorTarget,
  join: z.boolean(),
  /** Another delegation, named by a pen-holder; the member's own when absent. */
  delegation: z.string().trim().min(1).max(MAX_DELEGATION_LENGTH).optional(),
})

const anchor = z.object({ start: z.string().max(MAX_ANCHOR_LENGTH), end: z.string().max(MAX_ANCHOR_LENGTH) })
/** The text's length is the comment rules' to judge (K2): a clear reason, not a schema's. */
const commentText = z.string().max(MAX_COMMENT_LENGTH * 4)

const commentStart = z.object({ kind: z.literal('comment.start'), paragraphId: id, anchor: anchor.nullable(), quote: z.string().max(MAX_QUOTE_LENGTH * 4), text: commentText })
const commentReply = z.object({ kind: z.literal('comment.reply'), threadId: id, text: commentText })
const commentResolve = z.object({ kind: z.literal('comment.resolve'), threadId: id, resolved: z.boolean() })
export const commentCommandSchema = z.discriminatedUnion('kind', [commentStart, commentReply, commentResolve])

/** V1: the chair issues a revision; its date and time is now unless given. Lengths are `decideRevision`'s. */
export const revisionCommandSchema = z.object({
  kind: z.literal('revision.issue'),
  symbol: z.string().max(MAX_SYMBOL_LENGTH * 4),
  note: z.string().max(MAX_REVISION_NOTE_LENGTH * 4).optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
})

/** B1: the chair sends topics or paragraphs to a new break-out group. Lengths are `decideBreakout`'s. */
export const breakoutCommandSchema = z.object({
  kind: z.literal('breakout.create'),
  name: z.string().max(MAX_BREAKOUT_NAME_LENGTH * 4),
  facilitatorId: id,
  topicIds: z.array(id).max(500).default([]),
  paragraphIds: z.array(id).max(5000).default([]),
  openTo: z.array(z.string().min(1).max(200)).max(500).nullable().default(null),
  observersFollow: z.boolean().default(true),
  plenaryMayEdit: z.boolean().default(false),
})

/** B1: the chair closes a running break-out; its paragraphs are no longer frozen in plenary. */
export const breakoutCloseSchema = z.object({ kind: z.literal('breakout.close'), breakoutId: id })

/** B5: the facilitator submits the break-out's text as it stands, in the break-out's document. */
export const breakoutSubmitSchema = z.object({ kind: z.literal('breakout.submit') })

/** B6: the chair brings a submitted result into plenary, choosing per paragraph (others take the default). */
export const breakoutReportSchema = z.object({
  kind: z.literal('breakout.report'),
  breakoutId: id,
  /** Which submitted result (1, 2 ...); the latest when not given. */
  result: z.number().int().min(1).optional(),
  choices: z.record(id, z.enum(['take', 'keep', 'both'])).default({}),
})

/** Keyed by `kind`, so a refusal names the field that is wrong, not only "invalid input". */
export const commandSchema = z.discriminatedUnion('kind', [
  statusCommandSchema,
  reservationCommandSchema,
  sponsorshipCommandSchema,
  commentStart,
  commentReply,
  commentResolve,
  revisionCommandSchema,
  breakoutCommandSchema,
  breakoutCloseSchema,
  breakoutSubmitSchema,
  breakoutReportSchema,
])

export type StatusCommandValue = z.infer<typeof statusCommandSchema>
export type ReservationCommandValue = z.infer<typeof reservationCommandSchema>
export type SponsorshipCommandValue = z.infer<typeof sponsorshipCommandSchema>
export type CommentCommandValue = z.infer<typeof commentCommandSchema>
export type RevisionCommandValue = z.infer<typeof revisionCommandSchema>
export type BreakoutCommandValue = z.infer<typeof breakoutCommandSchema>
export type BreakoutCloseValue = z.infer<typeof breakoutCloseSchema>
export type BreakoutReportValue = z.infer<typeof breakoutReportSchema>
export type Command = z.infer<typeof commandSchema>

/** The first problem of a value the schema refused, as a sentence (`views: at most 20 items`). */
export function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'the command is malformed'
  const where = issue.path.length ? `${issue.path.join('.')}: ` : ''
  return `${where}${issue.message}`
}
