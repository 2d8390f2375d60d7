/**
 * Creating a break-out group (SPEC B1-B3): decided by the shared `decideBreakout`, written by the
 * server under its own origin into plenary's `meta.breakouts` (which freezes the paragraphs there,
 * B3, unless the chair chose otherwise), and the break-out's own document, seeded with those
 * paragraphs as they stand (B2), created in the storage commit of that update with its audit row.
 * Closing one ends the freeze; its document stays, readable.
 */
import { breakoutContent, charterOf, decideBreakout, decideClose, readBreakouts, readCharter, type BreakoutInfo } from '../../shared/breakouts.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'
import { newId } from '../../shared/ids.ts'
import { numberTableOf } from '../../shared/numbering.ts'
import { consensusOf, metaOf } from '../../shared/ydoc.ts'
import { readTextOf } from './refusals.ts'
import { startKey } from '../../shared/reportBack.ts'
import type { BreakoutCloseValue, BreakoutCommandValue, RefusalKind } from '../../shared/commandSchemas.ts'
import type { DocumentRole } from '../../shared/roles.ts'
import { initialState } from '../documents/initialState.ts'
import type { Participant } from './Connection.ts'
import type { Room } from './Room.ts'

/** What creating a break-out needs to know beyond the plenary document. */
export interface BreakoutEnv {
  /** The plenary document's working group: the break-out's document belongs to it too. */
  groupId: string
  /** A member by id, with their group, or null. */
  memberOf(memberId: string): (Participant & { groupId: string }) | null
  now: Date
  /** Runs `fn` on another loaded document (the break-out's own), committed before it returns. */
  withDocument<T>(docId: string, fn: (room: Room) => T): T
}

export type BreakoutResult = { ok: true; breakout: BreakoutInfo } | { ok: false; refusal: RefusalKind; reason: string }

export function runBreakout(room: Room, actor: { memberId: string; role: DocumentRole }, command: BreakoutCommandValue, env: BreakoutEnv): BreakoutResult {
  const read = readTextOf(room.doc)
  if (!read.ok) return read
  const { text } = read
  const meta = metaOf(room.doc)
  if (readCharter(meta.get('breakout'))) return { ok: false, refusal: 'conflict', reason: "a break-out group's document has no break-out groups of its own" }
  const existing = readBreakouts(meta.get('breakouts'))
  const member = env.memberOf(command.facilitatorId)
  // A member of another group is no facilitator here (and is not named: A1).
  const facilitator = member && member.groupId === env.groupId ? member : null
  const consensus = consensusOf(room.doc)
  const decision = decideBreakout(
    actor.role,
    { name: command.name, facilitator, topicIds: command.topicIds, paragraphIds: command.paragraphIds, openTo: command.openTo, observersFollow: command.observersFollow, plenaryMayEdit: command.plenaryMayEdit },
    text,
    (id) => readConsensusEntry(consensus.get(id)),
    numberTableOf(room.doc),
    existing,
  )
  if (!decision.ok) return decision
  const breakout: BreakoutInfo = {
    id: newId('bo'),
    name: command.name.trim(),
    number: existing.length + 1,
    facilitator: { memberId: facilitator!.memberId, displayName: facilitator!.displayName, delegation: facilitator!.delegation },
    paragraphIds: decision.paragraphIds,
    openTo: command.openTo,
    observersFollow: command.observersFollow,
    plenaryMayEdit: command.plenaryMayEdit,
    status: 'running',
    createdAt: env.now.toISOString(),
  }
  // B4: the break-out's document knows where it comes from and who may do what in it.
  const seed = breakoutContent(text, breakout.name, breakout.paragraphIds)
  const state = initialState(seed, {}, { breakout: charterOf(room.id, breakout) })
  room.applyCommand(
    actor.memberId,
    { action: 'createBreakout', breakout: breakout.number, name: breakout.name, document: breakout.id, paragraphs: breakout.paragraphIds },
    () => {
      meta.set('breakouts', [...existing, breakout])
      // B5: the text the break-out started from, for the three-way view when it reports back.
      meta.set(startKey(breakout.id), seed.toJSON())
    },
    { creates: { document: { id: breakout.id, groupId: env.groupId, title: breakout.name, createdAt: breakout.createdAt }, state } },
  )
  return { ok: true, breakout }
}

/**
 * Closes a running break-out (B1): plenary may edit its paragraphs again; its document stays,
 * readable and no longer written (B4), which its own charter says in a second audited step.
 */
export function closeBreakout(room: Room, actor: { memberId: string; role: DocumentRole }, command: BreakoutCloseValue, env: Pick<BreakoutEnv, 'withDocument'>): BreakoutResult {
  const meta = metaOf(room.doc)
  const existing = readBreakouts(meta.get('breakouts'))
  const decision = decideClose(actor.role, existing, command.breakoutId)
  if (!decision.ok) return decision
  const closed: BreakoutInfo = { ...decision.breakout, status: 'closed' }
  room.applyCommand(
    actor.memberId,
    { action: 'closeBreakout', breakout: closed.number, document: closed.id },
    () => meta.set('breakouts', existing.map((b) => (b.id === closed.id ? closed : b))),
  )
  env.withDocument(closed.id, (own) =>
    own.applyCommand(actor.memberId, { action: 'breakoutClosed', breakout: closed.number, plenary: room.id }, () => metaOf(own.doc).set('breakout', charterOf(room.id, closed))),
  )
  return { ok: true, breakout: closed }
}
