/**
 * The chair's status commands as a pure transition function (SPEC R3, C1, C5). The server runs it
 * to decide and to compute the new consensus entry; the client runs it to offer only the actions
 * that would succeed.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { describeBrackets, hasBrackets, type ConsensusEntry, type StoredStatus } from './consensus.ts'

export const STATUS_ACTIONS = ['agree', 'agreeAdRef', 'reopen', 'moveToAnnex', 'restore'] as const
export type StatusAction = (typeof STATUS_ACTIONS)[number]

export const STATUS_ACTION_LABEL: Record<StatusAction, string> = {
  agree: 'Agree',
  agreeAdRef: 'Agree ad ref.',
  reopen: 'Reopen',
  moveToAnnex: 'Move to annex',
  restore: 'Restore from annex',
}

export function isStatusAction(value: unknown): value is StatusAction {
  return typeof value === 'string' && (STATUS_ACTIONS as readonly string[]).includes(value)
}

export interface StatusCommandInput {
  action: StatusAction
  /** For moveToAnnex: the differing views, at least one non-empty sentence. */
  views?: readonly string[]
  /** The topic the paragraph stands in (for moveToAnnex, so it can be restored there). */
  topicId?: string | null
  at: string
}

export type StatusDecision = { ok: true; entry: ConsensusEntry | null } | { ok: false; reason: string }

const FROM: Record<StatusAction, readonly StoredStatus[]> = {
  agree: ['proposed', 'adRef'],
  agreeAdRef: ['proposed'],
  reopen: ['agreed', 'adRef'],
  moveToAnnex: ['proposed'],
  restore: ['annex'],
}

/**
 * Decides a status command on recommendation `rec` whose current entry is `current`.
 * `entry: null` means the entry is removed (the paragraph is proposed again).
 */
export function decideStatus(rec: PMNode, current: ConsensusEntry | null, input: StatusCommandInput): StatusDecision {
  const status = current?.status ?? 'proposed'
  if (!FROM[input.action].includes(status)) {
    return { ok: false, reason: `cannot ${STATUS_ACTION_LABEL[input.action].toLowerCase()} a paragraph that is ${status}` }
  }
  switch (input.action) {
    case 'agree':
    case 'agreeAdRef':
      if (hasBrackets(rec)) {
        const open = describeBrackets(rec)
        return { ok: false, reason: `the paragraph still holds ${open.length === 1 ? 'a bracket group' : `${open.length} bracket groups`}: ${open.join(', ')}; clean them first` }
      }
      return { ok: true, entry: { status: input.action === 'agree' ? 'agreed' : 'adRef', at: input.at } }
    case 'reopen':
    case 'restore':
      return { ok: true, entry: null }
    case 'moveToAnnex': {
      const views = (input.views ?? []).map((v) => v.trim()).filter(Boolean)
      if (views.length === 0) return { ok: false, reason: 'record at least one view when moving a point to the annex' }
      if (!input.topicId) return { ok: false, reason: 'only a paragraph in a topic can move to the annex' }
      return { ok: true, entry: { status: 'annex', at: input.at, views, fromTopic: input.topicId } }
    }
  }
}
