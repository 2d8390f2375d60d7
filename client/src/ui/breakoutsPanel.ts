/**
 * The break-out groups panel of the editor page (SPEC B1-B6). In plenary: the break-outs of the
 * document, live from its `meta.breakouts` (each opens in one click, with how many results it
 * submitted); for the chair and the secretariat, the form that creates one, closing one, and the
 * three-way view that brings a result in with a choice per paragraph. In a break-out's own
 * document: where it comes from, the way back to plenary, and, for its facilitator, submitting
 * the result. The server decides everything; this only shapes the controls and says its refusals.
 */
import type * as Y from 'yjs'
import { t } from '../i18n.ts'
import { apiCall, failureMessage } from '../api.ts'
import { readBreakouts, type BreakoutCharter, type BreakoutInfo } from '../../../shared/breakouts.ts'
import { readResults, resultsKey, type ReportChange, type ReportChoice } from '../../../shared/reportBack.ts'
import { metaOf } from '../../../shared/ydoc.ts'
import { may, type DocumentRole } from '../../../shared/roles.ts'
import { schema } from '../../../shared/schema.ts'
import { readText } from '../../../shared/readText.ts'
import { textOf } from '../../../shared/ydoc.ts'

export interface BreakoutsPanelOptions {
  docId: string
  ydoc: Y.Doc
  role: DocumentRole
  groupId: string
  /** The break-out's charter when this document is one, else null (plenary). */
  charter: BreakoutCharter | null
  notice(text: string): void
}

interface ReportRowInfo {
  paragraphId: string
  label: string | null
  change: ReportChange
  byDefault: ReportChoice | null
  agreedInBreakout: boolean
  start: unknown
  result: unknown
  now: unknown
}

const COLUMNS = ['breakouts.column.paragraph', 'breakouts.column.start', 'breakouts.column.breakout', 'breakouts.column.now', 'breakouts.column.choice'] as const

const post = (path: string, body: unknown = {}): Promise<unknown> =>
  apiCall(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  e.className = className
  if (text !== undefined) e.textContent = text
  return e
}

export function breakoutsPanel(host: HTMLElement, options: BreakoutsPanelOptions): { destroy(): void } {
  const { docId, charter } = options
  const base = `/api/documents/${encodeURIComponent(docId)}`
  if (charter) {
    // In a break-out's own document: where it comes from, and the facilitator's submit.
    const about = el('p', 'breakout-about', t('breakouts.about', { name: charter.name, facilitator: `${charter.facilitator.displayName} (${charter.facilitator.delegation})` }))
    const back = el('a', 'breakout-back', t('breakouts.backToPlenary'))
    back.href = `/documents/${encodeURIComponent(charter.plenaryId)}`
    const parts: HTMLElement[] = [about, back]
    if (charter.status === 'closed') parts.push(el('p', 'breakout-closed', t('breakouts.closedHere')))
    else if (options.role === 'facilitator' || may(options.role, 'runBreakouts')) {
      const submit = el('button', 'breakout-submit', t('breakouts.submit'))
      submit.type = 'button'
      submit.addEventListener('click', () => {
        post(`${base}/results`)
          .then((r) => options.notice(t('breakouts.submitted', { number: (r as { result: { number: number } }).result.number })))
          .catch((err: unknown) => options.notice(failureMessage(err, t('breakouts.what.submit'))))
      })
      parts.push(submit)
    }
    host.replaceChildren(...parts)
    return { destroy() {} }
  }

  const meta = metaOf(options.ydoc)
  const list = el('ul', 'breakout-list')
  const report = el('div', 'breakout-report')
  const runs = may(options.role, 'runBreakouts')
  const form = runs ? createForm(options, base) : null
  host.replaceChildren(list, ...(form ? [form] : []), report)

  const draw = (): void => {
    const breakouts = readBreakouts(meta.get('breakouts'))
    if (breakouts.length === 0) {
      list.replaceChildren(el('li', 'breakout-none', t('breakouts.none')))
      return
    }
    list.replaceChildren(...breakouts.map((b) => item(b)))
    // Running break-outs are one click away: the panel opens by itself while one runs.
    const details = host.closest('details')
    if (details && breakouts.some((b) => b.status === 'running')) details.open = true
  }

  const item = (b: BreakoutInfo): HTMLElement => {
    const li = el('li', `breakout-item breakout-${b.status}`)
    li.dataset.id = b.id
    const link = el('a', 'breakout-open', b.name)
    link.href = `/documents/${encodeURIComponent(b.id)}`
    const results = readResults(meta.get(resultsKey(b.id))).length
    const state = b.status === 'running' ? t('breakouts.running', { count: results }) : b.report ? t('breakouts.reported', { result: b.report.result }) : t('breakouts.closed')
    li.append(link, el('span', 'breakout-state', ` · ${b.facilitator.displayName} (${b.facilitator.delegation}) · ${state}`))
    const here = present.get(b.id)
    if (b.status === 'running' && here) {
      const names = here.map((p) => t('breakouts.person', { name: p.displayName, delegation: p.delegation }))
      const who = names.length ? t('breakouts.present', { names: names.join(', ') }) : t('breakouts.nobody')
      li.append(el('span', 'breakout-present', ` · ${who}`))
    }
    if (runs && b.status === 'running') {
      if (results > 0) {
        const bring = el('button', 'breakout-bring', t('breakouts.bringIn'))
        bring.type = 'button'
        bring.addEventListener('click', () => void showReport(b))
        li.append(' ', bring)
      }
      const close = el('button', 'breakout-close secondary', t('breakouts.close'))
      close.type = 'button'
      close.addEventListener('click', () => {
        post(`${base}/breakouts/${encodeURIComponent(b.id)}/close`).catch((err: unknown) => options.notice(failureMessage(err, t('breakouts.what.close'))))
      })
      li.append(' ', close)
    }
    return li
  }

  /** B5, B6: per paragraph, the three texts and the chair's choice; then bring it in. */
  async function showReport(b: BreakoutInfo): Promise<void> {
    let rows: ReportRowInfo[]
    try {
      rows = ((await apiCall(`${base}/breakouts/${encodeURIComponent(b.id)}/report`)) as { rows: ReportRowInfo[] }).rows
    } catch (err) {
      options.notice(failureMessage(err, t('breakouts.what.report')))
      return
    }
    const plain = (json: unknown): string => (json ? schema.nodeFromJSON(json).textContent : '—')
    const table = el('table', 'report-table')
    const head = el('tr', '')
    for (const key of COLUMNS) head.append(el('th', '', t(key)))
    table.append(head)
    const choices = new Map<string, () => ReportChoice | null>()
    for (const r of rows) {
      const tr = el('tr', `report-row change-${r.change}`)
      tr.dataset.id = r.paragraphId
      const what = el('td', 'report-label', `${r.label ?? t('breakouts.newParagraph')} · ${t(`breakouts.change.${r.change}`)}${r.agreedInBreakout ? ` · ${t('breakouts.agreedThere')}` : ''}`)
      tr.append(what, el('td', 'report-start', plain(r.start)), el('td', 'report-result', plain(r.result)), el('td', 'report-now', plain(r.now)))
      const cell = el('td', 'report-choice')
      const offered: ReportChoice[] = r.change === 'new' ? ['take', 'keep'] : r.change === 'removed' ? ['take', 'keep'] : r.change === 'gone' || r.change === 'unchanged' ? ['keep'] : ['take', 'keep', 'both']
      const name = `choice-${b.id}-${r.paragraphId}`
      for (const c of offered) {
        const label = el('label', `choice-${c}`)
        const input = document.createElement('input')
        input.type = 'radio'
        input.name = name
        input.value = c
        input.checked = r.byDefault === c
        label.append(input, ` ${t(`breakouts.choice.${c}`)}`)
        cell.append(label)
      }
      choices.set(r.paragraphId, () => (cell.querySelector<HTMLInputElement>('input:checked')?.value as ReportChoice | undefined) ?? null)
      tr.append(cell)
      table.append(tr)
    }
    const bring = el('button', 'report-bring', t('breakouts.bringInNow'))
    bring.type = 'button'
    const said = el('p', 'report-error')
    said.setAttribute('role', 'alert')
    bring.addEventListener('click', () => {
      const body: Record<string, ReportChoice> = {}
      for (const [id, read] of choices) {
        const c = read()
        if (c) body[id] = c
      }
      post(`${base}/breakouts/${encodeURIComponent(b.id)}/report`, { choices: body })
        .then(() => {
          report.replaceChildren()
          options.notice(t('breakouts.broughtIn', { name: b.name }))
        })
        .catch((err: unknown) => (said.textContent = failureMessage(err, t('breakouts.what.bringIn'))))
    })
    report.replaceChildren(el('h3', '', t('breakouts.reportHeading', { name: b.name })), table, bring, said)
  }

  // Who is where (B1): asked again every few seconds while someone runs.
  const present = new Map<string, { displayName: string; delegation: string }[]>()
  const askWhoIsWhere = (): void => {
    if (!readBreakouts(meta.get('breakouts')).some((b) => b.status === 'running')) return
    apiCall(`${base}/breakouts`)
      .then((r) => {
        present.clear()
        for (const [id, people] of Object.entries((r as { present: Record<string, { displayName: string; delegation: string }[]> }).present)) present.set(id, people)
        draw()
      })
      .catch(() => {}) // offline: the list stays as it was
  }
  const timer = setInterval(askWhoIsWhere, 5000)
  askWhoIsWhere()
  draw()
  const onMeta = (): void => draw()
  meta.observe(onMeta)
  return {
    destroy: () => {
      clearInterval(timer)
      meta.unobserve(onMeta)
    },
  }
}

/** The chair's form: a name, a facilitator, the topics, who joins, whether plenary may edit meanwhile. */
function createForm(options: BreakoutsPanelOptions, base: string): HTMLElement {
  const form = el('form', 'breakout-form')
  form.innerHTML = `<h3></h3>
    <label class="bf-name"><span></span> <input name="name" maxlength="120" required></label>
    <label class="bf-facilitator"><span></span> <select name="facilitator" required></select></label>
    <fieldset class="bf-topics"><legend></legend></fieldset>
    <label class="bf-open"><span></span> <input name="openTo" placeholder=""></label>
    <label class="bf-observers"><input type="checkbox" name="observers" checked> <span></span></label>
    <label class="bf-plenary"><input type="checkbox" name="plenaryMayEdit"> <span></span></label>
    <button type="submit"></button>
    <p class="bf-error" role="alert"></p>`
  form.querySelector('h3')!.textContent = t('breakouts.create')
  form.querySelector('.bf-name span')!.textContent = t('breakouts.name')
  form.querySelector('.bf-facilitator span')!.textContent = t('breakouts.facilitator')
  form.querySelector('.bf-topics legend')!.textContent = t('breakouts.topics')
  form.querySelector('.bf-open span')!.textContent = t('breakouts.openTo')
  form.querySelector<HTMLInputElement>('.bf-open input')!.placeholder = t('breakouts.openToAll')
  form.querySelector('.bf-observers span')!.textContent = t('breakouts.observersFollow')
  form.querySelector('.bf-plenary span')!.textContent = t('breakouts.plenaryMayEdit')
  form.querySelector('button')!.textContent = t('breakouts.createButton')
  const error = form.querySelector<HTMLElement>('.bf-error')!
  const select = form.querySelector('select')!
  apiCall(`/api/groups/${encodeURIComponent(options.groupId)}/members`)
    .then((r) => {
      const members = (r as { members: { id: string; displayName: string; delegation: string; role: string; revoked?: boolean }[] }).members
      select.replaceChildren(
        ...members
          .filter((m) => m.role !== 'observer' && !m.revoked)
          .map((m) => Object.assign(document.createElement('option'), { value: m.id, textContent: `${m.displayName} (${m.delegation})` })),
      )
    })
    .catch((err: unknown) => (error.textContent = failureMessage(err, t('breakouts.what.members'))))
  const topics = form.querySelector('.bf-topics')!
  const drawTopics = (): void => {
    const boxes: HTMLElement[] = []
    try {
      readText(textOf(options.ydoc)).forEach((section) => {
        if (section.type.name !== 'topic') return
        const label = el('label', 'bf-topic')
        const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'topic', value: section.attrs.id as string })
        label.append(box, ` ${section.firstChild?.textContent ?? ''}`)
        boxes.push(label)
      })
    } catch {
      // A damaged text offers no topics; the server says why if the chair tries.
    }
    topics.replaceChildren(topics.querySelector('legend')!, ...boxes)
  }
  drawTopics()
  form.addEventListener('focusin', (e) => {
    if ((e.target as HTMLElement).closest('.bf-topics') === null && topics.querySelectorAll('input:checked').length === 0) drawTopics()
  })
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    error.textContent = ''
    const data = new FormData(form)
    const openTo = String(data.get('openTo') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    post(`${base}/breakouts`, {
      name: String(data.get('name') ?? ''),
      facilitatorId: String(data.get('facilitator') ?? ''),
      topicIds: data.getAll('topic').map(String),
      openTo: openTo.length ? openTo : null,
      observersFollow: data.get('observers') === 'on',
      plenaryMayEdit: data.get('plenaryMayEdit') === 'on',
    })
      .then(() => {
        form.reset()
        options.notice(t('breakouts.created'))
      })
      .catch((err: unknown) => (error.textContent = failureMessage(err, t('breakouts.what.create'))))
  })
  return form
}
