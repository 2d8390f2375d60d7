/** Typed calls to the JSON API (docs/API.md). Errors carry the server's message. */
import type { SponsorshipRequest } from '../../shared/sponsorship.ts'
import type { CommentThread } from '../../shared/comments.ts'
import type { RevisionInfo } from '../../shared/revisions.ts'
import type { RevisionCommandValue } from '../../shared/commandSchemas.ts'
import type { Comparison } from '../../shared/comparison.ts'
import { t } from './i18n.ts'
// Types only: the schemas (and zod) stay on the server's side of the bundle.
import type {
  CommentStartBody,
  CreateDocumentRequest,
  DocumentInfo,
  GroupInfo,
  InviteRequest,
  ReplyBody,
  ReservationBody,
  ResolutionBody,
  RoleChangeRequest,
  SponsorsBody,
  StatusBody,
} from '../../shared/apiSchemas.ts'
import type { DocumentHere } from '../../shared/breakouts.ts'

export type { DocumentInfo, GroupInfo }
export type { DocumentHere }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Status of an ApiError when the request never reached the server (offline, server down). */
export const UNREACHABLE = 0

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } })
  } catch {
    throw new ApiError(UNREACHABLE, t('api.unreachable'))
  }
  const body = (await res.json().catch(() => ({}))) as T & { error?: string }
  if (!res.ok) throw new ApiError(res.status, body.error ?? t('api.requestFailed', { status: res.status }))
  return body
}

/** A JSON request whose body has the type the route's schema gives it (shared/apiSchemas.ts). */
function send<T, B extends object>(path: string, method: 'POST' | 'PUT' | 'PATCH', body: B): Promise<T> {
  return call<T>(path, { method, body: JSON.stringify(body) })
}

export const listGroups = async (): Promise<GroupInfo[]> => (await call<{ groups: GroupInfo[] }>('/api/groups')).groups

export const listDocuments = async (): Promise<DocumentInfo[]> =>
  (await call<{ documents: DocumentInfo[] }>('/api/documents')).documents

export const getDocument = async (id: string): Promise<DocumentInfo> => (await getDocumentHere(id)).document

/** A document, and who the person is in it (SPEC B4: a break-out's facilitator, or no place there). */
export const getDocumentHere = (id: string): Promise<{ document: DocumentInfo; here: DocumentHere }> =>
  call<{ document: DocumentInfo; here: DocumentHere }>(`/api/documents/${encodeURIComponent(id)}`)

export interface ConsensusEntryInfo {
  status: string
}

/** The chair's status command on a paragraph; throws ApiError with the server's reason. */
export const changeStatus = async (docId: string, paragraphId: string, action: StatusBody['action'], views?: string[]): Promise<ConsensusEntryInfo | null> => {
  const path = `/api/documents/${encodeURIComponent(docId)}/paragraphs/${encodeURIComponent(paragraphId)}/status`
  return (await send<{ entry: ConsensusEntryInfo | null }, StatusBody>(path, 'POST', { action, views })).entry
}

/** Records (text) or withdraws (null) the member's own reservation on a paragraph (SPEC C8). */
export const setReservation = async (docId: string, paragraphId: string, text: string | null): Promise<void> => {
  const path = `/api/documents/${encodeURIComponent(docId)}/paragraphs/${encodeURIComponent(paragraphId)}/reservation`
  if (text === null) await call(path, { method: 'DELETE' })
  else await send<unknown, ReservationBody>(path, 'PUT', { text })
}

/** A delegation joins or leaves the sponsors of a paragraph, a bracket or an option (SPEC D8, R13). */
export const changeSponsorship = async (docId: string, req: SponsorshipRequest): Promise<string[]> => {
  const { target } = req
  const where = target.kind === 'bracket' ? { bracketId: target.bracketId } : target.kind === 'option' ? { groupId: target.groupId, option: target.option } : {}
  const body: SponsorsBody = { ...where, join: req.join, delegation: req.delegation }
  return (await send<{ sponsors: string[] }, SponsorsBody>(`/api/documents/${encodeURIComponent(docId)}/paragraphs/${encodeURIComponent(target.paragraphId)}/sponsors`, 'POST', body)).sponsors
}

const commentsPath = (docId: string): string => `/api/documents/${encodeURIComponent(docId)}/comments`

/** Starts a comment thread on a paragraph, or on words in it (SPEC K1). */
export const startThread = async (docId: string, body: CommentStartBody): Promise<CommentThread> =>
  (await send<{ thread: CommentThread }, CommentStartBody>(commentsPath(docId), 'POST', body)).thread

/** Replies in a thread (SPEC K2). */
export const replyInThread = async (docId: string, threadId: string, text: string): Promise<CommentThread> =>
  (await send<{ thread: CommentThread }, ReplyBody>(`${commentsPath(docId)}/${encodeURIComponent(threadId)}/replies`, 'POST', { text })).thread

/** Resolves (true) or reopens (false) a thread (SPEC K4). */
export const resolveThread = async (docId: string, threadId: string, resolved: boolean): Promise<CommentThread> =>
  (await send<{ thread: CommentThread }, ResolutionBody>(`${commentsPath(docId)}/${encodeURIComponent(threadId)}/resolution`, 'PUT', { resolved })).thread

/**
 * Why a command did not happen, for the person: the server's reason, or that it never left the
 * browser (the commands are the server's to carry out, so they need the connection).
 */
/**
 * What went wrong, on whose side (issue 9): not sent (offline, or the server unreachable), the
 * server refused (a rule: the reason says which), or the server failed (its fault, logged there).
 */
export function failureMessage(err: unknown, what = t('api.this')): string {
  if (err instanceof ApiError && err.status === UNREACHABLE) return t('api.notSent', { what })
  if (err instanceof ApiError && err.status >= 500) return t('api.serverFailed', { what, status: err.status })
  return t('api.refused', { what, reason: (err as Error).message })
}

export { call as apiCall }

const revisionsPath = (docId: string): string => `/api/documents/${encodeURIComponent(docId)}/revisions`

export const listRevisions = (docId: string): Promise<{ revisions: RevisionInfo[]; suggestedSymbol: string }> => call(revisionsPath(docId))

export const issueRevision = async (docId: string, body: Omit<RevisionCommandValue, 'kind'>): Promise<RevisionInfo> =>
  (await send<{ revision: RevisionInfo }, Omit<RevisionCommandValue, 'kind'>>(revisionsPath(docId), 'POST', body)).revision

/** Revision `from` against revision `to` or now (SPEC V6). */
export const compareStates = (docId: string, from: number, to: number | 'now'): Promise<Comparison & { from: RevisionInfo | 'now'; to: RevisionInfo | 'now' }> =>
  call(`/api/documents/${encodeURIComponent(docId)}/compare?from=${from}&to=${to}`)

export const createDocument = async (request: CreateDocumentRequest): Promise<DocumentInfo> =>
  (await send<{ document: DocumentInfo }, CreateDocumentRequest>('/api/documents', 'POST', request)).document

/** Invites a member into the group; the answer carries their first sign-in link (shown once). */
export const inviteMember = <M>(groupId: string, request: InviteRequest): Promise<{ link: string; member: M }> =>
  send<{ link: string; member: M }, InviteRequest>(`/api/groups/${encodeURIComponent(groupId)}/members`, 'POST', request)

/** Changes a member's role (the chair and the secretariat). */
export const changeRole = async (memberId: string, request: RoleChangeRequest): Promise<void> => {
  await send<unknown, RoleChangeRequest>(`/api/members/${encodeURIComponent(memberId)}`, 'PATCH', request)
}

/** The document's committed Yjs state (SPEC R15), to plan what offline changes to offer. */
export const getDocumentState = (id: string): Promise<Uint8Array> => binary(`/api/documents/${encodeURIComponent(id)}/state`)

/** A revision's state as issued (SPEC V1), to open it read only. */
export const getRevisionState = (docId: string, number: number): Promise<Uint8Array> => binary(`${revisionsPath(docId)}/${number}`)

/** A Yjs state the server sends as bytes, with the same failures as `call`. */
async function binary(path: string): Promise<Uint8Array> {
  let res: Response
  try {
    res = await fetch(path, { cache: 'no-store' })
  } catch {
    throw new ApiError(UNREACHABLE, t('api.unreachable'))
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string }
    throw new ApiError(res.status, body.error ?? t('api.requestFailed', { status: res.status }))
  }
  return new Uint8Array(await res.arrayBuffer())
}
