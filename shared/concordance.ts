/**
 * The concordance of a revision (SPEC V4): each paragraph's number in it and in the revision before,
 * matched by paragraph id, so a delegation can find in Rev.2 the paragraph its capital quoted as
 * B.4 of Rev.1. Pure; the server serves it as JSON and as CSV.
 */
import { compareLabels } from './numbering.ts'
import type { NumberTable } from './revisions.ts'

export type ConcordanceChange = 'unchanged' | 'renumbered' | 'new' | 'deleted' | 'moved to the annex' | 'moved back into the text'

export interface ConcordanceRow {
  paragraphId: string
  /** Its number in this revision, or null when it is no longer there. */
  now: string | null
  /** Its number in the revision before, or null when it is new. */
  before: string | null
  change: ConcordanceChange
}

const isAnnex = (label: string): boolean => label.startsWith('Annex ')
/** Paragraph numbers (`B.3`, `Annex 1`), not topic letters, in a clean table. */
const isParagraph = (label: string): boolean => isAnnex(label) || label.includes('.')

/**
 * The rows for a revision numbered `current` after one numbered `previous` (null for Rev.1: every
 * paragraph is new), in this revision's order, then the deleted ones in the previous one's.
 */
export function concordance(current: NumberTable, previous: NumberTable | null): ConcordanceRow[] {
  const before = previous ?? {}
  const rows: ConcordanceRow[] = []
  for (const [id, now] of Object.entries(current)) {
    if (!isParagraph(now)) continue
    const was = before[id]
    const change: ConcordanceChange =
      was === undefined ? 'new' : isAnnex(now) && !isAnnex(was) ? 'moved to the annex' : !isAnnex(now) && isAnnex(was) ? 'moved back into the text' : was === now ? 'unchanged' : 'renumbered'
    rows.push({ paragraphId: id, now, before: was ?? null, change })
  }
  rows.sort((a, b) => compareLabels(a.now!, b.now!))
  const gone: ConcordanceRow[] = []
  for (const [id, was] of Object.entries(before)) {
    if (isParagraph(was) && current[id] === undefined) gone.push({ paragraphId: id, now: null, before: was, change: 'deleted' })
  }
  gone.sort((a, b) => compareLabels(a.before!, b.before!))
  return [...rows, ...gone]
}
