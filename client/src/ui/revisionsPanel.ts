/**
 * The revisions panel of the editor page (SPEC V1-V6): the revision the numbers come from, the
 * list of revisions (each opens as issued, with its concordance as CSV and its changes since), a
 * comparison of any two of them or of one and now, and, for the chair and the secretariat,
 * issuing the next one. Everyone connected is told at once when a revision
 * is issued: the document's `meta.revision` changes, written by the server.
 */
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { failureMessage, issueRevision, listRevisions, compareStates } from '../api.ts'
import { readLatestRevision, revisionName, type RevisionInfo } from '../../../shared/revisions.ts'
import { metaOf } from '../../../shared/ydoc.ts'
import type { Comparison, ParagraphComparison } from '../../../shared/comparison.ts'
import { STATUS_LABEL } from '../../../shared/consensus.ts'
import { checkboxFilter } from './checkboxFilter.ts'
import { issuedBy, when } from './revisionWords.ts'

export interface RevisionsPanelOptions {
  docId: string
  ydoc: Y.Doc
  /** The chair and the secretariat issue revisions (the server decides; this shapes the form). */
  mayIssue: boolean
  /** Tells the person something happened (a revision issued by someone else). */
  notice(text: string): void
}


export function revisionsPanel(host: HTMLElement, options: RevisionsPanelOptions): { destroy(): void } {
  const meta = metaOf(options.ydoc)
  let seen = readLatestRevision(meta.get('revision'))?.number ?? 0
  const current = document.createElement('p')
  current.className = 'revision-current'
  const list = document.createElement('ol')
  list.className = 'revision-list'
  const comparison = document.createElement('div')
  comparison.className = 'comparison'
  const form = options.mayIssue ? issueForm(options, () => void refresh()) : null
  const compare = compareForm(options.docId, (heading, c) => showComparison(comparison, heading, c))
  host.replaceChildren(current, ...(form ? [form.element] : []), list, compare.element, comparison)

  const showCurrent = (): void => {
    const latest = readLatestRevision(meta.get('revision'))
    current.textContent = latest
      ? t('revisions.current', { name: revisionName(latest.number), symbol: latest.symbol, when: when(latest.issuedAt), by: issuedBy(latest) })
      : t('revisions.none')
  }

  async function refresh(): Promise<void> {
    try {
      const { revisions, suggestedSymbol } = await listRevisions(options.docId)
      form?.suggest(suggestedSymbol)
      list.replaceChildren(
        ...revisions.map((r) =>
          revisionItem(options.docId, r, (c) => showComparison(comparison, t('revisions.changesHeading', { name: revisionName(r.number), symbol: r.symbol }), c)),
        ),
      )
      compare.offer(revisions)
    } catch (err) {
      list.replaceChildren(item(failureMessage(err, t('revisions.what.list'))))
    }
  }

  const onMeta = (): void => {
    showCurrent()
    const latest = readLatestRevision(meta.get('revision'))
    if (latest && latest.number > seen) {
      seen = latest.number
      options.notice(t('revisions.issued', { name: revisionName(latest.number), symbol: latest.symbol, by: issuedBy(latest) }))
      void refresh()
    }
  }
  meta.observe(onMeta)
  showCurrent()
  void refresh()
  return {
    destroy() {
      meta.unobserve(onMeta)
      host.replaceChildren()
    },
  }
}

function item(text: string): HTMLLIElement {
  const li = document.createElement('li')
  li.textContent = text
  return li
}

function revisionItem(docId: string, r: RevisionInfo, show: (c: Comparison) => void): HTMLLIElement {
  const li = document.createElement('li')
  li.dataset.revision = String(r.number)
  const name = document.createElement('strong')
  name.textContent = revisionName(r.number)
  const symbol = document.createElement('span')
  symbol.dir = 'auto'
  symbol.textContent = ` ${r.symbol} · ${when(r.issuedAt)} · ${issuedBy(r)}`
  const open = document.createElement('a')
  open.className = 'revision-open'
  open.href = `/documents/${encodeURIComponent(docId)}/revisions/${r.number}`
  open.textContent = t('revisions.open')
  open.title = t('revisions.openTitle', { name: revisionName(r.number) })
  li.append(name, symbol)
  if (r.note) {
    const note = document.createElement('span')
    note.className = 'revision-note'
    note.dir = 'auto'
    note.textContent = ` · ${r.note}`
    li.append(note)
  }
  const csv = document.createElement('a')
  csv.href = `/api/documents/${encodeURIComponent(docId)}/revisions/${r.number}/concordance?format=csv`
  csv.download = `concordance-${revisionName(r.number)}.csv`
  csv.textContent = t('revisions.concordance')
  const since = document.createElement('button')
  since.type = 'button'
  since.className = 'revision-since'
  since.textContent = t('revisions.changesSince', { name: revisionName(r.number) })
  const error = document.createElement('span')
  error.setAttribute('role', 'alert')
  since.addEventListener('click', () => {
    error.textContent = ''
    compareStates(docId, r.number, 'now').then(show, (err: unknown) => {
      error.textContent = failureMessage(err, t('revisions.what.compare'))
    })
  })
  li.append(' ', open, ' ', csv, ' ', since, error)
  return li
}

/** Two versions to compare (V6): any revision against any other, or against now. */
function compareForm(docId: string, show: (heading: string, c: Comparison) => void): { element: HTMLFormElement; offer(revisions: RevisionInfo[]): void } {
  const form = document.createElement('form')
  form.className = 'revision-compare'
  form.hidden = true
  const from = selectIn(form, t('revisions.from'), 'compare-from')
  const to = selectIn(form, t('revisions.to'), 'compare-to')
  const { error } = submitRow(form, t('revisions.compareButton'), 'span')
  const names = new Map<string, string>()
  // Until the person picks, the latest revision against now; their choice is kept after that.
  let chosen = false
  for (const select of [from, to]) select.addEventListener('change', () => (chosen = true))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    if (from.value === to.value) {
      error.textContent = t('revisions.compareSame')
      return
    }
    const target = to.value === 'now' ? 'now' : Number(to.value)
    compareStates(docId, Number(from.value), target).then(
      (c) => show(t('revisions.betweenHeading', { from: names.get(from.value) ?? from.value, to: names.get(to.value) ?? to.value }), c),
      (err: unknown) => (error.textContent = failureMessage(err, t('revisions.what.compare'))),
    )
  })
  return {
    element: form,
    offer(revisions) {
      form.hidden = revisions.length === 0
      const keep = chosen ? { from: from.value, to: to.value } : { from: '', to: '' }
      names.clear()
      const option = (value: string, text: string): HTMLOptionElement => {
        names.set(value, text)
        return Object.assign(document.createElement('option'), { value, textContent: text })
      }
      from.replaceChildren(...revisions.map((r) => option(String(r.number), revisionName(r.number))))
      to.replaceChildren(...revisions.map((r) => option(String(r.number), revisionName(r.number))), option('now', t('revisions.now')))
      // The usual question first: the latest revision against now.
      from.value = keep.from && names.has(keep.from) ? keep.from : String(revisions.at(-1)?.number ?? '')
      to.value = keep.to && names.has(keep.to) ? keep.to : 'now'
    },
  }
}

/** A form's submit button and, after it, where its failure is said. */
function submitRow(form: HTMLFormElement, label: string, errorTag: 'span' | 'p'): { button: HTMLButtonElement; error: HTMLElement } {
  const button = document.createElement('button')
  button.type = 'submit'
  button.textContent = label
  const error = document.createElement(errorTag)
  error.className = 'form-error'
  error.setAttribute('role', 'alert')
  form.append(button, ' ', error)
  return { button, error }
}

function selectIn(form: HTMLFormElement, text: string, className: string): HTMLSelectElement {
  const label = document.createElement('label')
  const select = document.createElement('select')
  select.className = className
  label.append(`${text} `, select)
  form.append(label, ' ')
  return select
}

function issueForm(options: RevisionsPanelOptions, issued: () => void): { element: HTMLFormElement; suggest(symbol: string): void } {
  const form = document.createElement('form')
  form.className = 'revision-issue'
  const symbol = labelled(form, t('revisions.symbol'), 'revision-symbol')
  symbol.required = true
  const note = labelled(form, t('revisions.note'), 'revision-note-input')
  note.placeholder = t('revisions.notePlaceholder')
  const { button, error } = submitRow(form, t('revisions.issue'), 'p')
  let edited = false
  symbol.addEventListener('input', () => (edited = true))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    error.textContent = ''
    button.disabled = true
    issueRevision(options.docId, { symbol: symbol.value, note: note.value })
      .then(() => {
        note.value = ''
        edited = false
        issued()
      })
      .catch((err: unknown) => {
        // What they typed stays in the form.
        error.textContent = failureMessage(err, t('revisions.what.issue'))
      })
      .finally(() => (button.disabled = false))
  })
  return {
    element: form,
    suggest(value) {
      if (!edited) symbol.value = value
    },
  }
}

function labelled(form: HTMLFormElement, text: string, className: string): HTMLInputElement {
  const label = document.createElement('label')
  const input = document.createElement('input')
  input.className = className
  input.dir = 'auto'
  label.append(`${text} `, input)
  form.append(label)
  return input
}

/** A comparison, paragraph by paragraph (V6), under `title`: changed paragraphs only unless asked. */
function showComparison(host: HTMLElement, title: string, c: Comparison): void {
  const heading = document.createElement('h3')
  heading.textContent = title
  const s = c.summary
  const summary = document.createElement('p')
  summary.className = 'comparison-summary'
  summary.textContent = t('revisions.summary', { changed: s.changed, added: s.added, deleted: s.deleted, moved: s.moved, statusChanged: s.statusChanged, unchanged: s.unchanged })
  const body = document.createElement('div')
  let all = false
  const render = (): void => {
    const shown = c.paragraphs.filter((p) => all || p.change !== 'unchanged')
    body.replaceChildren(...(shown.length ? shown.map(paragraphChange) : [Object.assign(document.createElement('p'), { textContent: t('revisions.nothingChanged') })]))
  }
  const filter = checkboxFilter('comparison-filter', t('revisions.showUnchanged'), (checked) => {
    all = checked
    render()
  })
  render()
  host.replaceChildren(heading, summary, filter, body)
  heading.tabIndex = -1
  heading.focus()
}

function paragraphChange(p: ParagraphComparison): HTMLElement {
  const block = document.createElement('section')
  block.className = `comparison-paragraph change-${p.change}`
  block.dataset.paragraphId = p.paragraphId
  const head = document.createElement('p')
  head.className = 'comparison-head'
  const label = document.createElement('strong')
  label.textContent = p.after?.label ?? p.before?.label ?? ''
  const facts: string[] = [t(`revisions.change.${p.change}`)]
  // A new number is shown with the old one, so a delegation finds the paragraph it quoted.
  if (p.before && p.after && p.before.label !== p.after.label) facts.push(t('revisions.was', { label: p.before.label }))
  if (p.moved) facts.push(t('revisions.moved', { from: p.moved.from, to: p.moved.to }))
  if (p.status) facts.push(t('revisions.status', { from: STATUS_LABEL[p.status.from], to: STATUS_LABEL[p.status.to] }))
  if (p.sponsors.joined.length) facts.push(t('revisions.joined', { sponsors: p.sponsors.joined.join(', ') }))
  if (p.sponsors.left.length) facts.push(t('revisions.left', { sponsors: p.sponsors.left.join(', ') }))
  if (p.reservations.entered.length) facts.push(t('revisions.reserved', { delegations: p.reservations.entered.join(', ') }))
  if (p.reservations.withdrawn.length) facts.push(t('revisions.withdrew', { delegations: p.reservations.withdrawn.join(', ') }))
  const cleaned = [...p.brackets.cleaned, ...p.alternatives.cleaned]
  if (cleaned.length) facts.push(t('revisions.cleaned', { groups: cleaned.join(' ') }))
  head.append(label, ` ${facts.join(' · ')}`)
  const text = document.createElement('p')
  text.className = 'comparison-text'
  text.dir = 'auto'
  for (const w of p.words) {
    const el = document.createElement(w.op === 'inserted' ? 'ins' : w.op === 'deleted' ? 'del' : 'span')
    el.textContent = w.text
    text.append(el)
  }
  block.append(head, text)
  for (const view of p.views) {
    const v = document.createElement('p')
    v.className = 'comparison-view'
    v.dir = 'auto'
    v.textContent = view
    block.append(v)
  }
  return block
}
