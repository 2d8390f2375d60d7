/** Reservations as a pure rule (SPEC C8). */
import { describe, expect, it } from 'vitest'
import { defaultReservationText, readReservations, withReservation } from '../../shared/reservations.ts'

describe('[C8] reservations', () => {
  const at = '2026-11-23T10:00:00.000Z'
  it('[C8] a delegation records, replaces and withdraws only its own reservation', () => {
    const one = withReservation([], 'Kenya', 'Kenya reserves its position.', at)
    const two = withReservation(one, 'Japan', '', at)
    expect(two.map((r) => [r.delegation, r.text])).toEqual([
      ['Kenya', 'Kenya reserves its position.'],
      ['Japan', defaultReservationText('Japan')],
    ])
    const replaced = withReservation(two, 'Kenya', 'Kenya reserves on "shall".', at)
    expect(replaced.map((r) => r.text)).toEqual([defaultReservationText('Japan'), 'Kenya reserves on "shall".'])
    expect(withReservation(replaced, 'Kenya', null, at).map((r) => r.delegation)).toEqual(['Japan'])
  })

  it('[C8] malformed stored entries read as absent', () => {
    expect(readReservations('x')).toEqual([])
    expect(readReservations([{ delegation: 'Kenya' }, { delegation: 'Japan', text: 't', at }])).toEqual([{ delegation: 'Japan', text: 't', at }])
  })
})
