/**
 * The one door for the commands the server carries out for a person (SPEC R3, R10, C8, D8, K1-K4, V1, B1;
 * STYLE 14): a command is a typed value (`shared/commandSchemas.ts`), judged by its schema, then
 * decided and applied on the loaded document by its module (the decisions are the shared rules:
 * `decideStatus`, `mayNameDelegation`, `mayResolve`, ...), written under the server's origin and
 * audited with the update it produced (`Room.applyCommand`). Refusals are values, never HTTP
 * statuses: the transport maps them. The HTTP routes, the CLI and tests all come through here.
 */
import { commandSchema, describeInvalid, type Command, type RefusalKind } from '../../shared/commandSchemas.ts'
import type { ConsensusEntry } from '../../shared/consensus.ts'
import type { Reservation } from '../../shared/reservations.ts'
import type { CommentThread } from '../../shared/comments.ts'
import type { DocumentRole, Role } from '../../shared/roles.ts'
import type { Room } from './Room.ts'
import { runStatusCommand } from './statusCommand.ts'
import { runReservation } from './reservationCommand.ts'
import { runSponsorship } from './sponsorshipCommand.ts'
import { runComment } from './commentCommand.ts'
import { runRevision } from './revisionCommand.ts'
import { closeBreakout, runBreakout, type BreakoutEnv } from './breakoutCommand.ts'
import { reportBack, submitResult } from './reportBackCommand.ts'
import type { SubmittedResult } from '../../shared/reportBack.ts'
import type { RevisionInfo } from '../../shared/revisions.ts'
import type { BreakoutInfo } from '../../shared/breakouts.ts'

/** Who asks, from their session (never from the command itself). */
export interface Actor {
  memberId: string
  displayName: string
  delegation: string
  role: Role
}

/** The actor as they are in the document (B4): a break-out's facilitator, else their role in the group. */
export type ActorHere = Omit<Actor, 'role'> & { role: DocumentRole }

/** What a command answers: the part of the document it changed. */
export type CommandValue =
  | { entry: ConsensusEntry }
  | { reservations: Reservation[] }
  | { sponsors: string[] }
  | { thread: CommentThread }
  | { revision: RevisionInfo }
  | { breakout: BreakoutInfo }
  | { result: Omit<SubmittedResult, 'content'> }

export type CommandOutcome = { ok: true; value: CommandValue } | { ok: false; refusal: RefusalKind; reason: string }

/** Judges `input`'s shape; the command, or why it is not one. */
export function parseCommand(input: unknown): { ok: true; command: Command } | { ok: false; refusal: 'invalid'; reason: string } {
  const parsed = commandSchema.safeParse(input)
  return parsed.success ? { ok: true, command: parsed.data } : { ok: false, refusal: 'invalid', reason: describeInvalid(parsed.error) }
}

/** What a command may need beyond its document: for now, the break-out's (its group, its members). */
export type CommandEnv = BreakoutEnv

/** Decides and applies `command` on the loaded document of `room` for `actor`. */
export function carryOut(room: Room, actor: ActorHere, command: Command, env: CommandEnv): CommandOutcome {
  switch (command.kind) {
    case 'status': {
      const r = runStatusCommand(room, {
        recommendationId: command.paragraphId,
        action: command.action,
        ...(command.views ? { views: command.views } : {}),
        memberId: actor.memberId,
        displayName: actor.displayName,
        role: actor.role,
      })
      return r.ok ? { ok: true, value: { entry: r.entry } } : r
    }
    case 'reservation': {
      const r = runReservation(room, { paragraphId: command.paragraphId, text: command.text, delegation: actor.delegation, memberId: actor.memberId, role: actor.role })
      return r.ok ? { ok: true, value: { reservations: r.reservations } } : r
    }
    case 'sponsorship': {
      const r = runSponsorship(room, {
        target: command.target,
        delegation: command.delegation ?? actor.delegation,
        join: command.join,
        own: actor.delegation,
        memberId: actor.memberId,
        role: actor.role,
      })
      return r.ok ? { ok: true, value: { sponsors: r.sponsors } } : r
    }
    case 'comment.start':
    case 'comment.reply':
    case 'comment.resolve': {
      const request =
        command.kind === 'comment.start'
          ? { kind: 'start' as const, paragraphId: command.paragraphId, anchor: command.anchor, quote: command.quote, text: command.text }
          : command.kind === 'comment.reply'
            ? { kind: 'reply' as const, threadId: command.threadId, text: command.text }
            : { kind: 'resolve' as const, threadId: command.threadId, resolved: command.resolved }
      const r = runComment(room, actor, request)
      return r.ok ? { ok: true, value: { thread: r.thread } } : r
    }
    case 'revision.issue': {
      const r = runRevision(room, actor, command)
      return r.ok ? { ok: true, value: { revision: r.revision } } : r
    }
    case 'breakout.create': {
      const r = runBreakout(room, actor, command, env)
      return r.ok ? { ok: true, value: { breakout: r.breakout } } : r
    }
    case 'breakout.close': {
      const r = closeBreakout(room, actor, command, env)
      return r.ok ? { ok: true, value: { breakout: r.breakout } } : r
    }
    case 'breakout.submit': {
      const r = submitResult(room, actor, env)
      return r.ok ? { ok: true, value: { result: r.result } } : r
    }
    case 'breakout.report': {
      const r = reportBack(room, actor, command, env)
      return r.ok ? { ok: true, value: { breakout: r.breakout } } : r
    }
  }
}
