/**
 * The internal record of a document (chair and secretariat): every accepted change and chair
 * command with who and when, and the refused updates in quarantine. Never part of any output.
 * Paragraphs are named by their number now (V5: numbers hold until the next revision), or, for
 * one no longer in the document, as such with its id.
 */
import { STATUS_ACTION_LABEL, isStatusAction } from '../../../shared/statusCommands.ts'
import { describeTarget, type SponsorTarget } from '../../../shared/sponsorship.ts'
import { apiCall, getDocumentState } from '../api.ts'
import { docFromState } from '../collab/stateDoc.ts'
import { paragraphLabels } from '../../../shared/numbering.ts'
import { revisionName } from '../../../shared/revisions.ts'
import { t, tHtml } from '../i18n.ts'
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
    revision?: number
    symbol?: string
    breakout?: number
    name?: string
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
    root.innerHTML = `<h1>${tHtml('records.title')}</h1><p class="error">${tHtml('records.notAllowed')}</p>`
    return
  }
  const base = `/api/documents/${encodeURIComponent(docId)}`
  const [audit, quarantine, state] = await Promise.all([
    apiCall<{ records: AuditRow[] }>(`${base}/audit`),
    apiCall<{ records: QuarantineRow[] }>(`${base}/quarantine`),
    getDocumentState(docId),
  ])
  const labels = labelsOf(state)
  const name = (id: string): string => labels.get(id) ?? t('records.goneParagraph', { id })
  root.innerHTML = `
    <div class="doc-bar"><a class="back" href="/documents/${encodeURIComponent(docId)}">${tHtml('records.back')}</a></div>
    <h1>${tHtml('records.heading')}</h1>
    <h2>${tHtml('records.quarantine')}</h2>
    <table class="quarantine"><thead><tr><th>${tHtml('records.when')}</th><th>${tHtml('records.who')}</th><th>${tHtml('records.why')}</th><th>${tHtml('records.size')}</th></tr></thead><tbody></tbody></table>
    <h2>${tHtml('records.audit')}</h2>
    <table class="audit"><thead><tr><th>${tHtml('records.when')}</th><th>${tHtml('records.who')}</th><th>${tHtml('records.what')}</th></tr></thead><tbody></tbody></table>`
  const who = (w: Who | null): string => (w ? t('common.person', { name: w.displayName, delegation: w.delegation }) : t('records.unknown'))
  fill(root.querySelector('.quarantine tbody')!, quarantine.records, (q) => [when(q.at), who(q.member), q.reason, t('records.bytes', { bytes: q.bytes })], t('records.noneRefused'))
  fill(
    root.querySelector('.audit tbody')!,
    audit.records,
    (a) => [
      when(a.at),
      who(a.member),
      a.kind === 'command'
        ? describeCommand(a.detail, name)
        : describeEdits(a.detail, name),
    ],
    t('records.noneRecorded'),
  )
}

/** The number of each paragraph now, from the document's committed state (read in this page only). */
function labelsOf(state: Uint8Array): Map<string, string> {
  const doc = docFromState(state)
  const labels = paragraphLabels(doc)
  doc.destroy()
  return labels
}

/** Accepted edits in words: how many, how large, in which paragraphs. */
function describeEdits(d: AuditRow['detail'], name: (id: string) => string): string {
  const edits = t('records.edits', { count: d.updates ?? 1, bytes: String(d.bytes) })
  return d.paragraphs?.length ? t('records.editsIn', { edits, paragraphs: d.paragraphs.map(name).join(', ') }) : edits
}

/** An audited command in words: what was done, on which paragraph. */
function describeCommand(d: AuditRow['detail'], name: (id: string) => string): string {
  const on = d.paragraph ? name(d.paragraph) : '?'
  const action = d.action ?? ''
  if (action === 'issueRevision' && d.revision) return t('records.revision', { name: revisionName(d.revision), symbol: d.symbol ?? '' })
  if (action === 'createBreakout') return t('records.createBreakout', { number: d.breakout ?? '?', name: d.name ?? '', paragraphs: (d.paragraphs ?? []).map(name).join(', ') })
  if (action === 'closeBreakout') return t('records.closeBreakout', { number: d.breakout ?? '?' })
  if (isStatusAction(action)) {
    return d.views?.length
      ? t('records.chairViews', { action: STATUS_ACTION_LABEL[action], on, views: d.views.join(' / ') })
      : t('records.chair', { action: STATUS_ACTION_LABEL[action], on })
  }
  const target = d.target ? describeTarget(d.target) : on
  switch (action) {
    case 'reserve':
      return t('records.reserve', { on })
    case 'withdrawReservation':
      return t('records.withdrawReservation', { on })
    case 'cosponsor':
      return t('records.cosponsor', { delegation: d.delegation ?? '?', target })
    case 'withdrawSponsorship':
      return t('records.withdrawSponsorship', { delegation: d.delegation ?? '?', target })
    case 'comment':
      return t('records.comment', { on })
    case 'reply':
      return t('records.reply', { on })
    case 'resolveComment':
      return t('records.resolveComment', { on })
    case 'reopenComment':
      return t('records.reopenComment', { on })
    default:
      return t('records.other', { action, on })
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
