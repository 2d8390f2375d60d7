/** A break-out as a plenary document records it (SPEC B1-B3), for tests: running, plenary frozen. */
import type { BreakoutInfo } from '../../shared/breakouts.ts'

export const breakoutInfo = (paragraphIds: string[], over: Partial<BreakoutInfo> = {}): BreakoutInfo => ({
  id: 'bo-1',
  name: 'Break-out group 1',
  number: 1,
  facilitator: { memberId: 'm-brazil', displayName: 'Delegate of Brazil', delegation: 'Brazil' },
  paragraphIds,
  openTo: null,
  observersFollow: true,
  plenaryMayEdit: false,
  status: 'running',
  createdAt: '2026-12-07T10:00:00.000Z',
  ...over,
})
