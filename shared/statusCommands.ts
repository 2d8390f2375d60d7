/**
 * The chair's status commands as a pure transition function (SPEC R3, C1, C5). The server runs it
 * to decide and to compute the new consensus entry; the client runs it to offer only the actions
 * that would succeed.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { MAX_STATUS_HISTORY, describeBrackets, hasBrackets, type ConsensusEntry, type StatusEvent, type StoredStatus } from './consensus.ts'

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
  /** The paragraph before it in that topic, null when it stands first (for moveToAnnex). */
  after?: string | null
  at: string
  /** Who decides, as the room knows them (kept in the history, C9). */
  by?: string
}

/** `entry` is the paragraph's new consensus entry; a proposed one keeps the history (C9). */
export type StatusDecision = { ok: true; entry: ConsensusEntry } | { ok: false; reason: string }

const FROM: Record<StatusAction, readonly StoredStatus[]> = {
  agree: ['proposed', 'adRef'],
  agreeAdRef: ['proposed'],
  reopen: ['agreed', 'adRef'],
  moveToAnnex: ['proposed'],
  restore: ['annex'],
}

/** The actions a paragraph with `status` can take at all (whether its text allows them is `decideStatus`'s). */
export function legalActions(status: StoredStatus): StatusAction[] {
  return STATUS_ACTIONS.filter((action) => FROM[action].includes(status))
}

const STATUS_WORDS: Record<StoredStatus, string> = {
  proposed: 'proposed',
  adRef: 'agreed ad referendum',
  agreed: 'agreed',
  annex: 'in the annex',
}

/**
 * Decides a status command on recommendation `rec` whose current entry is `current`, and computes
 * its new entry with the decision appended to its history (C9). Reopening and restoring leave a
 * `proposed` entry that keeps the history, so the views recorded in the annex are never lost.
 */
export function decideStatus(rec: PMNode, current: ConsensusEntry | null, input: StatusCommandInput): StatusDecision {
  const status = current?.status ?? 'proposed'
  if (!FROM[input.action].includes(status)) {
    return { ok: false, reason: `cannot ${STATUS_ACTION_LABEL[input.action].toLowerCase()} a paragraph that is ${STATUS_WORDS[status]}` }
  }
  const history = (event: Omit<StatusEvent, 'action' | 'at' | 'by'>): StatusEvent[] =>
    [...(current?.history ?? []), { action: input.action, at: input.at, ...(input.by ? { by: input.by } : {}), ...event }].slice(-MAX_STATUS_HISTORY)
  switch (input.action) {
    case 'agree':
    case 'agreeAdRef': {
      if (hasBrackets(rec)) {
        const open = describeBrackets(rec)
        return { ok: false, reason: `the paragraph still holds ${open.length === 1 ? 'a bracket group' : `${open.length} bracket groups`}: ${open.join(', ')}; clean them first` }
      }
      const next = input.action === 'agree' ? 'agreed' : 'adRef'
      return { ok: true, entry: { status: next, at: input.at, history: history({ status: next }) } }
    }
    case 'reopen':
    case 'restore':
      return { ok: true, entry: { status: 'proposed', at: input.at, history: history({ status: 'proposed' }) } }
    case 'moveToAnnex': {
      const views = (input.views ?? []).map((v) => v.trim()).filter(Boolean)
      if (views.length === 0) return { ok: false, reason: 'record at least one view when moving a point to the annex' }
      if (!input.topicId) return { ok: false, reason: 'only a paragraph in a topic can move to the annex' }
      return {
        ok: true,
        entry: { status: 'annex', at: input.at, views, fromTopic: input.topicId, after: input.after ?? null, history: history({ status: 'annex', views }) },
      }
    }
  }
}
