/**
 * Reservations applied to a loaded document (SPEC C8): written by the server under its own origin,
 * each delegation changing only its own entry.
 */
import { findById } from './sponsorIndex.ts'
import { readReservations, withReservation, type Reservation } from '../../shared/reservations.ts'
import { reservationsOf, textOf } from '../../shared/ydoc.ts'
import { may, type DocumentRole } from '../../shared/roles.ts'
import type { Room } from './Room.ts'
import type { RefusalKind } from '../../shared/commandSchemas.ts'
import { noSuchParagraph } from './refusals.ts'

export interface ReservationRequest {
  paragraphId: string
  /** The reservation's wording, or null to withdraw it. */
  text: string | null
  delegation: string
  memberId: string
  role: DocumentRole
}

export type ReservationResult = { ok: true; reservations: Reservation[] } | { ok: false; refusal: RefusalKind; reason: string }

export function runReservation(room: Room, req: ReservationRequest): ReservationResult {
  if (!may(req.role, 'editText')) return { ok: false, refusal: 'forbidden', reason: 'observers do not record reservations' }
  // The paragraph is looked up in the Y tree, as sponsorship and comments do: nothing to convert.
  const exists = findById(textOf(room.doc), 'recommendation', req.paragraphId) !== null
  if (!exists) return noSuchParagraph(req.paragraphId)
  const map = reservationsOf(room.doc)
  const next = withReservation(readReservations(map.get(req.paragraphId)), req.delegation, req.text, new Date().toISOString())
  room.applyCommand(req.memberId, { action: req.text === null ? 'withdrawReservation' : 'reserve', paragraph: req.paragraphId }, () => {
    if (next.length) map.set(req.paragraphId, next)
    else map.delete(req.paragraphId)
  })
  return { ok: true, reservations: next }
}
