/**
 * The history of a paragraph's status (SPEC C9): every decision of the chair, oldest first, with
 * who, when and the views recorded. Internal to the group's working page; no output carries it.
 */
import type { StatusEvent } from '../../../shared/consensus.ts'
import { STATUS_ACTION_LABEL, isStatusAction } from '../../../shared/statusCommands.ts'
import { t } from '../i18n.ts'

const when = (iso: string): string => {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

export function showStatusHistory(label: string, history: readonly StatusEvent[]): void {
  const dialog = document.createElement('dialog')
  dialog.className = 'history-dialog'
  dialog.setAttribute('aria-labelledby', 'history-title')
  const form = document.createElement('form')
  form.method = 'dialog'
  const h = document.createElement('h2')
  h.id = 'history-title'
  h.textContent = t('history.title', { label })
  const list = document.createElement('ol')
  list.className = 'status-history'
  for (const event of history) {
    const item = document.createElement('li')
    const what = isStatusAction(event.action) ? STATUS_ACTION_LABEL[event.action] : event.action
    const head = document.createElement('span')
    head.className = 'history-event'
    head.textContent = event.by ? t('history.eventBy', { when: when(event.at), what, by: event.by }) : t('history.event', { when: when(event.at), what })
    item.append(head)
    for (const view of event.views ?? []) {
      const v = document.createElement('q')
      v.className = 'history-view'
      v.setAttribute('dir', 'auto')
      v.textContent = view
      item.append(v)
    }
    list.append(item)
  }
  const close = document.createElement('button')
  close.type = 'submit'
  close.textContent = t('common.close')
  form.append(h, list, close)
  dialog.append(form)
  document.body.append(dialog)
  dialog.addEventListener('close', () => dialog.remove())
  dialog.showModal()
}
