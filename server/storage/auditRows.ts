/**
 * The audit rows of one group commit (SPEC R10): one row per document and member, however many
 * updates they sent in that turn, with how many, their size and the paragraphs they touched.
 * One row per keystroke would double the writes on the hot path for no reader's benefit.
 */
import type { UpdateEntry } from './DocumentStore.ts'

export interface AuditRow {
  docId: string
  memberId: string
  kind: 'update' | 'command'
  detail: Record<string, unknown>
}

/** The audit rows of one commit: the members' updates (grouped), then the commands, in order. */
export function auditRowsOf(entries: readonly UpdateEntry[]): AuditRow[] {
  const commands: AuditRow[] = entries.flatMap((e) => (e.command ? [{ docId: e.docId, memberId: e.command.memberId, kind: 'command' as const, detail: e.command.detail }] : []))
  return [...updateRowsOf(entries), ...commands]
}

interface UpdateRow extends AuditRow {
  detail: { updates: number; bytes: number; paragraphs: string[] }
}

function updateRowsOf(entries: readonly UpdateEntry[]): UpdateRow[] {
  const rows = new Map<string, UpdateRow>()
  for (const e of entries) {
    if (!e.author) continue
    const key = `${e.docId}\u0000${e.author.memberId}`
    let row = rows.get(key)
    if (!row) {
      row = { docId: e.docId, memberId: e.author.memberId, kind: 'update', detail: { updates: 0, bytes: 0, paragraphs: [] } }
      rows.set(key, row)
    }
    row.detail.updates++
    row.detail.bytes += e.update.byteLength
    for (const p of e.author.paragraphs ?? []) if (!row.detail.paragraphs.includes(p)) row.detail.paragraphs.push(p)
  }
  return [...rows.values()]
}
