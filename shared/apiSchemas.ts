/**
 * The JSON API's shapes, declared once as zod schemas (docs/API.md): the request bodies and the
 * records the page reads. The server parses with them; the page imports only their inferred types
 * (`import type`), so zod stays out of the client bundle.
 */
import { z } from 'zod'
import { ROLES, MAX_DISPLAY_NAME_LENGTH } from './roles.ts'
import { MAX_DELEGATION_LENGTH } from './sponsorship.ts'
import { commentCommandSchema, reservationCommandSchema, sponsorshipCommandSchema, statusCommandSchema } from './commandSchemas.ts'

/** A document's title holds at most this many characters (after trimming). */
export const MAX_TITLE_LENGTH = 200

// --- Records the page reads ---------------------------------------------------------------

export const groupInfoSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() })

export const documentInfoSchema = z.object({ id: z.string(), groupId: z.string(), title: z.string(), createdAt: z.string() })

export type GroupInfo = z.infer<typeof groupInfoSchema>
export type DocumentInfo = z.infer<typeof documentInfoSchema>

// --- Requests the server judges by hand-written rules ---------------------------------------

/** A required text field: trimmed, non-empty, at most `max` characters; each refusal names it. */
const requiredText = (field: string, max: number) => {
  const required = `${field} is required (a non-empty string)`
  return z.string({ error: required }).trim().min(1, { error: required }).max(max, { error: `${field} is longer than ${max} characters` })
}

const TITLE_REQUIRED = 'title is required (a non-empty string)'

/** `POST /api/documents`: a blank document in the member's own working group (the default). */
export const createDocumentRequest = z.object(
  {
    title: requiredText('title', MAX_TITLE_LENGTH),
    groupId: z.string({ error: 'groupId must be a string (a working group id)' }).optional(),
  },
  { error: TITLE_REQUIRED },
)

const TOKEN_REQUIRED = 'token is required (the part of the sign-in link after #)'

/** `POST /api/session`: the token of a sign-in link (its length only; the store judges the rest). */
export const signInRequest = z.object(
  { token: z.string({ error: TOKEN_REQUIRED }).min(10, { error: TOKEN_REQUIRED }).max(200, { error: TOKEN_REQUIRED }) },
  { error: TOKEN_REQUIRED },
)

/** A role, refused with the value it got (`role must be …, got "king"`). */
export const roleSchema = z.enum(ROLES, { error: (issue) => `role must be chair, secretariat, member or observer, got ${JSON.stringify(issue.input)}` })

/** `POST /api/groups/:groupId/members`: a new member of the group, with their first sign-in link. */
export const inviteRequest = z.object(
  {
    displayName: requiredText('displayName', MAX_DISPLAY_NAME_LENGTH),
    delegation: requiredText('delegation', MAX_DELEGATION_LENGTH),
    role: roleSchema,
  },
  { error: 'displayName is required (a non-empty string)' },
)

/** `PATCH /api/members/:memberId`: a member's new role. */
export const roleChangeRequest = z.object({ role: roleSchema }, { error: 'role must be chair, secretariat, member or observer' })

/**
 * Why one of the requests above was refused, as one sentence: their schemas name the field in
 * every message (`title is longer than 200 characters`), so it is the first issue's, as written.
 */
export function requestProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'the request is malformed'
}

// --- Command bodies, cut from the command schemas (the route adds the kind and the ids in the path) ---

/** `POST …/paragraphs/:paragraphId/status`: the chair's action, and the views for the annex. */
export const statusBody = statusCommandSchema.omit({ kind: true, paragraphId: true })

/** `PUT …/paragraphs/:paragraphId/reservation`: the wording (withdrawing is `DELETE`, no body). */
export const reservationBody = z.object({ text: reservationCommandSchema.shape.text.unwrap() })

const [, bracketTarget, optionTarget] = sponsorshipCommandSchema.shape.target.options

/** `POST …/paragraphs/:paragraphId/sponsors`: the paragraph, or one of its brackets or options. */
export const sponsorsBody = sponsorshipCommandSchema.pick({ join: true, delegation: true }).extend({
  bracketId: bracketTarget.shape.bracketId.optional(),
  groupId: optionTarget.shape.groupId.optional(),
  option: optionTarget.shape.option.optional(),
})

const [commentStart, commentReply, commentResolve] = commentCommandSchema.options

/** `POST …/comments`: a new thread on a paragraph, or on words in it. */
export const commentStartBody = commentStart.omit({ kind: true })

/** `POST …/comments/:threadId/replies`. */
export const replyBody = commentReply.pick({ text: true })

/** `PUT …/comments/:threadId/resolution`: resolved (true) or reopened (false). */
export const resolutionBody = commentResolve.pick({ resolved: true })

export type CreateDocumentRequest = z.infer<typeof createDocumentRequest>
export type SignInRequest = z.infer<typeof signInRequest>
export type InviteRequest = z.infer<typeof inviteRequest>
export type RoleChangeRequest = z.infer<typeof roleChangeRequest>
export type StatusBody = z.infer<typeof statusBody>
export type ReservationBody = z.infer<typeof reservationBody>
export type SponsorsBody = z.infer<typeof sponsorsBody>
export type CommentStartBody = z.infer<typeof commentStartBody>
export type ReplyBody = z.infer<typeof replyBody>
export type ResolutionBody = z.infer<typeof resolutionBody>
