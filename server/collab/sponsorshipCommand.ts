/**
 * Sponsorship applied to a loaded document (SPEC D8, R13): a delegation joins or leaves the
 * sponsors of a paragraph, a bracket or an option. The server applies one command at a time under
 * its own origin, so two delegations co-sponsoring at once both count.
 */
import * as Y from 'yjs'
import { isLocked, readConsensusEntry } from '../../shared/consensus.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import { describeTarget, mayNameDelegation, readSponsors, toggledSponsors, type SponsorshipRequest } from '../../shared/sponsorship.ts'
import type { DocumentRole } from '../../shared/roles.ts'
import type { Room } from './Room.ts'
import type { RefusalKind } from '../../shared/commandSchemas.ts'
import { paragraphLabels } from '../../shared/numbering.ts'
import { findById } from './sponsorIndex.ts'
import { noSuchParagraph } from './refusals.ts'

export interface SponsorshipCommand extends SponsorshipRequest {
  memberId: string
  role: DocumentRole
  /** The member's own delegation. */
  own: string
}

export type SponsorshipResult = { ok: true; sponsors: string[] } | { ok: false; refusal: RefusalKind; reason: string }

export function runSponsorship(room: Room, cmd: SponsorshipCommand): SponsorshipResult {
  if (!mayNameDelegation(cmd.role, cmd.own, cmd.delegation)) {
    return cmd.role === 'observer'
      ? { ok: false, refusal: 'forbidden', reason: 'observers do not sponsor text' }
      : { ok: false, refusal: 'forbidden', reason: `a member joins or leaves sponsors for their own delegation (${cmd.own}) only` }
  }
  const { target } = cmd
  const paragraph = findById(textOf(room.doc), 'recommendation', target.paragraphId)
  if (!paragraph) return noSuchParagraph(target.paragraphId)
  if (isLocked(readConsensusEntry(consensusOf(room.doc).get(target.paragraphId)))) {
    return { ok: false, refusal: 'conflict', reason: `${paragraphLabels(room.doc).get(target.paragraphId) ?? 'the paragraph'} is locked: its sponsors no longer change` }
  }
  let el: Y.XmlElement | null = paragraph
  if (target.kind === 'bracket') el = findById(paragraph, 'bracket', target.bracketId)
  if (target.kind === 'option') {
    const group = findById(paragraph, 'alternatives', target.groupId)
    const option = group?.get(target.option)
    el = option instanceof Y.XmlElement && option.nodeName === 'option' ? option : null
  }
  if (!el) return { ok: false, refusal: 'not-found', reason: `no ${describeTarget(target)} in ${paragraphLabels(room.doc).get(target.paragraphId) ?? 'the paragraph'}` }
  const sponsors = toggledSponsors(readSponsors(el.getAttribute('sponsors')), cmd.delegation, cmd.join)
  const node = el
  const detail = { action: cmd.join ? 'cosponsor' : 'withdrawSponsorship', paragraph: target.paragraphId, target, delegation: cmd.delegation }
  room.applyCommand(cmd.memberId, detail, () => node.setAttribute('sponsors', sponsors as unknown as string))
  room.noteSponsors(sponsors)
  return { ok: true, sponsors }
}
