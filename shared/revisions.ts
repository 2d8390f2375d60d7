/**
 * Revisions of a rolling document (SPEC V1-V4): the chair (or the secretariat on the chair's
 * behalf) issues Rev.1, Rev.2 ... each an immutable copy of the whole document at that moment,
 * with a symbol (`WGEC/2014/CRP.1/Rev.2`), a date and time and an optional note. Pure: the server
 * decides with `decideRevision`; the page asks it to shape the dialog and `suggestSymbol` to fill it.
 *
 * The document itself records only its latest revision (`meta.revision`, written by the server):
 * what it is called and the number table fixed when it was issued (`numbers`), from which every
 * page numbers the paragraphs until the next one (shared/numbering.ts).
 */
import { may, type DocumentRole } from './roles.ts'

export const MAX_SYMBOL_LENGTH = 120
export const MAX_REVISION_NOTE_LENGTH = 1000

/** Element id (topic or paragraph) -> its number when the revision was issued (`B`, `B.3`, `Annex 1`). */
export type NumberTable = Readonly<Record<string, string>>

/** What everyone may know of a revision (non-attributable: the role that issued it, never a name). */
export interface RevisionInfo {
  /** 1 for Rev.1. */
  number: number
  symbol: string
  /** ISO date and time the chair gave it. */
  issuedAt: string
  note: string
  issuedBy: 'chair' | 'secretariat'
}

/** The latest revision, as the document records it (`meta.revision`). */
export interface LatestRevision extends RevisionInfo {
  numbers: NumberTable
}

/** "Rev.2": how people name a revision in the room. */
export const revisionName = (number: number): string => `Rev.${number}`

/** The symbol the dialog offers after `previous`: its `Rev.N` counted up, or `/Rev.1` appended. */
export function suggestSymbol(previous: Pick<RevisionInfo, 'symbol'> | null, base = ''): string {
  if (!previous) return base ? `${base}/Rev.1` : 'Rev.1'
  const m = /^(.*?)(Rev\.\s*)(\d+)$/.exec(previous.symbol)
  if (m) return `${m[1]}${m[2]}${Number(m[3]) + 1}`
  return `${previous.symbol}/Rev.1`
}

export interface RevisionRequest {
  symbol: string
  note: string
  issuedAt: string
}

export type RevisionDecision =
  | { ok: true; revision: RevisionInfo }
  | { ok: false; refusal: 'forbidden' | 'invalid' | 'conflict'; reason: string }

/** Whether `role` may issue revision `request` after `previous` (SPEC V1), and what it is. */
export function decideRevision(role: DocumentRole, previous: RevisionInfo | null, request: RevisionRequest): RevisionDecision {
  if (!may(role, 'issueRevision')) return { ok: false, refusal: 'forbidden', reason: "only the chair, or the secretariat on the chair's behalf, issues a revision" }
  const symbol = request.symbol.trim()
  if (!symbol) return { ok: false, refusal: 'invalid', reason: 'a revision needs a symbol, e.g. WGEC/2014/CRP.1/Rev.1' }
  if (symbol.length > MAX_SYMBOL_LENGTH) return { ok: false, refusal: 'invalid', reason: `the symbol is longer than ${MAX_SYMBOL_LENGTH} characters` }
  const note = request.note.trim()
  if (note.length > MAX_REVISION_NOTE_LENGTH) return { ok: false, refusal: 'invalid', reason: `the note is longer than ${MAX_REVISION_NOTE_LENGTH} characters` }
  if (Number.isNaN(Date.parse(request.issuedAt))) return { ok: false, refusal: 'invalid', reason: 'the date and time of the revision is not a date' }
  const issuedAt = new Date(request.issuedAt).toISOString()
  if (previous) {
    if (previous.symbol === symbol) return { ok: false, refusal: 'conflict', reason: `${symbol} was already issued, as ${revisionName(previous.number)}` }
    if (issuedAt < previous.issuedAt) {
      return { ok: false, refusal: 'conflict', reason: `${revisionName(previous.number)} is dated ${previous.issuedAt.slice(0, 16).replace('T', ' ')}; a later revision cannot be dated before it` }
    }
  }
  return { ok: true, revision: { number: (previous?.number ?? 0) + 1, symbol, issuedAt, note, issuedBy: role === 'chair' ? 'chair' : 'secretariat' } }
}

/** Reads `meta.revision` as stored; null when absent or not a revision (never trusted blindly). */
export function readLatestRevision(value: unknown): LatestRevision | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (typeof v.number !== 'number' || typeof v.symbol !== 'string' || typeof v.issuedAt !== 'string') return null
  const numbers: Record<string, string> = {}
  if (typeof v.numbers === 'object' && v.numbers !== null) {
    for (const [id, label] of Object.entries(v.numbers as Record<string, unknown>)) if (typeof label === 'string') numbers[id] = label
  }
  return {
    number: v.number,
    symbol: v.symbol,
    issuedAt: v.issuedAt,
    note: typeof v.note === 'string' ? v.note : '',
    issuedBy: v.issuedBy === 'secretariat' ? 'secretariat' : 'chair',
    numbers,
  }
}
