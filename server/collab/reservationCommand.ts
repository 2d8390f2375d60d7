/**
 * Reservations applied to a loaded document (SPEC C8): written by the server under its own origin,
 * each delegation changing only its own entry.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { TextShapeError, readText } from '../../shared/readText.ts'
import { readReservations, withReservation, type Reservation } from '../../shared/reservations.ts'
import { reservationsOf, textOf } from '../../shared/ydoc.ts'
import { may, type Role } from '../../shared/roles.ts'
import type { Room } from './Room.ts'
import type { RefusalKind } from '../../shared/commandSchemas.ts'

export interface ReservationRequest {
  paragraphId: string
  /** The reservation's wording, or null to withdraw it. */
  text: string | null
  delegation: string
  memberId: string
  role: Role
}

export type ReservationResult = { ok: true; reservations: Reservation[] } | { ok: false; refusal: RefusalKind; reason: string }

export function runReservation(room: Room, req: ReservationRequest): ReservationResult {
  if (!may(req.role, 'editText')) return { ok: false, refusal: 'forbidden', reason: 'observers do not record reservations' }
  let text: PMNode
  try {
    text = readText(textOf(room.doc))
  } catch (err) {
    if (err instanceof TextShapeError) return { ok: false, refusal: 'conflict', reason: `the document's text is damaged (${err.message})` }
    throw err
  }
  let exists = false
  text.descendants((node) => {
    if (node.type.name === 'recommendation' && node.attrs.id === req.paragraphId) exists = true
    return !exists && node.type.name !== 'recommendation'
  })
  if (!exists) return { ok: false, refusal: 'not-found', reason: `no paragraph ${req.paragraphId} in this document` }
  const map = reservationsOf(room.doc)
  const next = withReservation(readReservations(map.get(req.paragraphId)), req.delegation, req.text, new Date().toISOString())
  room.applyCommand(req.memberId, { action: req.text === null ? 'withdrawReservation' : 'reserve', paragraph: req.paragraphId }, () => {
    if (next.length) map.set(req.paragraphId, next)
    else map.delete(req.paragraphId)
  })
  return { ok: true, reservations: next }
}
