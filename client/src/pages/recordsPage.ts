/**
 * The internal record of a document (chair and secretariat): every accepted change and chair
 * command with who and when, and the refused updates in quarantine. Never part of any output.
 */
import { STATUS_ACTION_LABEL, isStatusAction } from '../../../shared/statusCommands.ts'
import { describeTarget, type SponsorTarget } from '../../../shared/sponsorship.ts'
import { apiCall } from '../api.ts'
import { may } from '../../../shared/roles.ts'
import type { Me } from '../session.ts'

interface Who {
  displayName: string
  delegation: string
}
interface AuditRow {
  id: number
  at: string
  kind: 'update' | 'command'
  detail: {
    updates?: number
    bytes?: number
    paragraphs?: string[]
    action?: string
    paragraph?: string
    views?: string[]
    delegation?: string
    target?: SponsorTarget
    thread?: string
  }
  member: Who | null
}
interface QuarantineRow {
  id: number
  at: string
  reason: string
  bytes: number
  member: Who | null
}

export async function renderRecordsPage(root: HTMLElement, docId: string, me: Me): Promise<void> {
  if (!may(me.role, 'readRecords')) {
    root.innerHTML = '<h1>Records</h1><p class="error">Only the chair and the secretariat read the records.</p>'
    return
  }
  const base = `/api/documents/${encodeURIComponent(docId)}`
  const [audit, quarantine] = await Promise.all([
    apiCall<{ records: AuditRow[] }>(`${base}/audit`),
    apiCall<{ records: QuarantineRow[] }>(`${base}/quarantine`),
  ])
  root.innerHTML = `
    <div class="doc-bar"><a class="back" href="/documents/${encodeURIComponent(docId)}">← Back to the document</a></div>
    <h1>Records (internal, never exported)</h1>
    <h2>Refused updates (quarantine)</h2>
    <table class="quarantine"><thead><tr><th>When</th><th>Who</th><th>Why</th><th>Size</th></tr></thead><tbody></tbody></table>
    <h2>Audit log</h2>
    <table class="audit"><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead><tbody></tbody></table>`
  const who = (w: Who | null): string => (w ? `${w.displayName} (${w.delegation})` : 'unknown')
  fill(root.querySelector('.quarantine tbody')!, quarantine.records, (q) => [when(q.at), who(q.member), q.reason, `${q.bytes} bytes`], 'No update has been refused.')
  fill(
    root.querySelector('.audit tbody')!,
    audit.records,
    (a) => [
      when(a.at),
      who(a.member),
      a.kind === 'command'
        ? describeCommand(a.detail)
        : `${a.detail.updates ?? 1} edit${(a.detail.updates ?? 1) === 1 ? '' : 's'} (${a.detail.bytes} bytes)${a.detail.paragraphs?.length ? ` in ${a.detail.paragraphs.join(', ')}` : ''}`,
    ],
    'Nothing recorded yet.',
  )
}

/** An audited command in words: what was done, on which paragraph (by id: numbers move). */
function describeCommand(d: AuditRow['detail']): string {
  const on = d.paragraph ?? '?'
  const action = d.action ?? ''
  if (isStatusAction(action)) return `Chair: ${STATUS_ACTION_LABEL[action]} on ${on}${d.views?.length ? ` (views: ${d.views.join(' / ')})` : ''}`
  switch (action) {
    case 'reserve':
      return `Reservation recorded on ${on}`
    case 'withdrawReservation':
      return `Reservation withdrawn on ${on}`
    case 'cosponsor':
      return `${d.delegation ?? '?'} joined the sponsors of ${d.target ? describeTarget(d.target) : on}`
    case 'withdrawSponsorship':
      return `${d.delegation ?? '?'} left the sponsors of ${d.target ? describeTarget(d.target) : on}`
    case 'comment':
      return `Comment thread started on ${on}`
    case 'reply':
      return `Reply in a comment thread on ${on}`
    case 'resolveComment':
      return `Comment thread on ${on} resolved`
    case 'reopenComment':
      return `Comment thread on ${on} reopened`
    default:
      return `${action} on ${on}`
  }
}

function fill<T>(tbody: HTMLElement, rows: readonly T[], cells: (row: T) => string[], empty: string): void {
  if (rows.length === 0) {
    const tr = document.createElement('tr')
    const td = document.createElement('td')
    td.colSpan = 4
    td.textContent = empty
    tr.append(td)
    tbody.append(tr)
    return
  }
  for (const row of rows) {
    const tr = document.createElement('tr')
    for (const text of cells(row)) {
      const td = document.createElement('td')
      td.textContent = text
      tr.append(td)
    }
    tbody.append(tr)
  }
}

const when = (iso: string): string => new Date(iso).toLocaleString()
