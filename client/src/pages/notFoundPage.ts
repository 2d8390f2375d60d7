/**
 * A document link that leads nowhere: the document does not exist, or belongs to another working
 * group (the page says the same for both, so it tells nobody what other groups hold); or a
 * break-out group the person has no place in (B4), said with why and a way back to plenary.
 */
import { t } from '../i18n.ts'
import type { DocumentHere } from '../api.ts'

export function renderNoSuchDocument(root: HTMLElement, docId: string): void {
  renderDeadEnd(root, t('notFound.title'), t('notFound.body', { docId }), '/', t('notFound.back'))
  document.title = t('notFound.pageTitle')
}

export function renderNoPlaceHere(root: HTMLElement, here: Extract<DocumentHere, { role: null }>): void {
  const plenary = here.breakout ? `/documents/${encodeURIComponent(here.breakout.plenaryId)}` : '/'
  renderDeadEnd(root, t('noPlace.title'), t('noPlace.body', { name: here.breakout?.name ?? '', reason: here.refused }), plenary, t('noPlace.back'))
  document.title = t('noPlace.pageTitle')
}

function renderDeadEnd(root: HTMLElement, title: string, body: string, backTo: string, backLabel: string): void {
  root.replaceChildren()
  const section = document.createElement('section')
  section.className = 'not-found'
  const h1 = document.createElement('h1')
  h1.textContent = title
  const p = document.createElement('p')
  p.textContent = body
  const back = document.createElement('a')
  back.href = backTo
  back.className = 'back'
  back.textContent = backLabel
  section.append(h1, p, back)
  root.append(section)
}
