/**
 * A document link that leads nowhere: the document does not exist, or belongs to another working
 * group (the page says the same for both, so it tells nobody what other groups hold).
 */
import { t } from '../i18n.ts'
export function renderNoSuchDocument(root: HTMLElement, docId: string): void {
  root.replaceChildren()
  const section = document.createElement('section')
  section.className = 'not-found'
  const h1 = document.createElement('h1')
  h1.textContent = t('notFound.title')
  const p = document.createElement('p')
  p.textContent = t('notFound.body', { docId })
  const back = document.createElement('a')
  back.href = '/'
  back.className = 'back'
  back.textContent = t('notFound.back')
  section.append(h1, p, back)
  root.append(section)
  document.title = t('notFound.pageTitle')
}
