/**
 * Reservations (SPEC C8): a delegation records that it reserves its position on a paragraph,
 * agreed or not; it shows as a footnote and is kept for the report. Reservations live in the
 * `reservations` Y.Map (paragraph id -> Reservation[]), written only by the server, as a command.
 */

export interface Reservation {
  delegation: string
  text: string
  /** ISO time it was recorded. */
  at: string
}

export const MAX_RESERVATION_LENGTH = 500

export function defaultReservationText(delegation: string): string {
  return `${delegation} reserves its position on this paragraph.`
}

/** Reads a stored list defensively: anything malformed is dropped. */
export function readReservations(value: unknown): Reservation[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (r): r is Reservation =>
      typeof r === 'object' && r !== null && typeof r.delegation === 'string' && typeof r.text === 'string' && typeof r.at === 'string',
  )
}

/**
 * The list after `delegation` records `text` (replacing its own earlier reservation) or, with
 * `text === null`, withdraws it. A delegation only ever changes its own entry.
 */
export function withReservation(current: readonly Reservation[], delegation: string, text: string | null, at: string): Reservation[] {
  const others = current.filter((r) => r.delegation !== delegation)
  if (text === null) return others
  const clean = text.trim().slice(0, MAX_RESERVATION_LENGTH) || defaultReservationText(delegation)
  return [...others, { delegation, text: clean, at }]
}
