/**
 * One revision as issued (SPEC V1), at `/documents/<id>/revisions/<n>`: its symbol, date, who
 * issued it and its note, the status panel and the text, drawn as the rolling document is drawn
 * (numbers under the revision's own table, brackets, statuses, reservations, the annex), read only,
 * with links to the other revisions and back to the rolling document.
 */
import { t, tHtml } from '../i18n.ts'
import { ApiError, failureMessage, getDocument, getRevisionState, listRevisions } from '../api.ts'
import { createRevisionView } from '../editor/revisionView.ts'
import { docFromState } from '../collab/stateDoc.ts'
import { renderNoSuchDocument } from './notFoundPage.ts'
import { metaOf } from '../../../shared/ydoc.ts'
import { readLatestRevision, revisionName, type RevisionInfo } from '../../../shared/revisions.ts'
import { issuedBy, when } from '../ui/revisionWords.ts'

export async function openRevisionPage(root: HTMLElement, docId: string, number: number): Promise<void> {
  root.innerHTML = `<p class="loading">${tHtml('revisionPage.loading')}</p>`
  const docPath = `/documents/${encodeURIComponent(docId)}`
  let title: string
  let state: Uint8Array
  let revisions: RevisionInfo[]
  try {
    const [info, bytes, list] = await Promise.all([getDocument(docId), getRevisionState(docId, number), listRevisions(docId)])
    title = info.title
    state = bytes
    revisions = list.revisions
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) return renderNoSuchDocument(root, docId)
    if (err instanceof ApiError && err.status === 404) return renderNoSuchRevision(root, docId, number)
    const p = document.createElement('p')
    p.className = 'notice'
    p.setAttribute('role', 'alert')
    p.textContent = failureMessage(err, t('revisionPage.what'))
    root.replaceChildren(p)
    return
  }
  const ydoc = docFromState(state)
  const revision = readLatestRevision(metaOf(ydoc).get('revision'))
  const name = revisionName(number)

  root.innerHTML = `
    <div class="doc-bar">
      <a href="${docPath}" class="back">${tHtml('revisionPage.back')}</a>
      <h1 class="doc-bar-title" dir="auto"></h1>
    </div>
    <p class="notice revision-banner" dir="auto"></p>
    <nav class="revision-nav" aria-label="${tHtml('revisions.heading')}"></nav>
    <details class="standing" open><summary><h2>${tHtml('editor.standing')}</h2></summary><div class="standing-body"></div></details>
    <div class="editor-layout"><div class="editor-host"></div></div>`
  root.querySelector<HTMLElement>('.doc-bar-title')!.textContent = title
  document.title = t('revisionPage.pageTitle', { name, title })
  const banner = root.querySelector<HTMLElement>('.revision-banner')!
  if (revision) {
    banner.textContent = t('revisionPage.banner', { name, symbol: revision.symbol, when: when(revision.issuedAt), by: issuedBy(revision) })
    if (revision.note) {
      const note = document.createElement('span')
      note.className = 'revision-note'
      note.dir = 'auto'
      note.textContent = ` ${t('revisionPage.note', { note: revision.note })}`
      banner.append(note)
    }
  }
  const nav = root.querySelector<HTMLElement>('.revision-nav')!
  nav.append(t('revisionPage.others'))
  for (const r of revisions) {
    nav.append(' ')
    if (r.number === number) {
      const here = document.createElement('strong')
      here.setAttribute('aria-current', 'page')
      here.textContent = revisionName(r.number)
      nav.append(here)
    } else {
      const a = document.createElement('a')
      a.href = `${docPath}/revisions/${r.number}`
      a.textContent = revisionName(r.number)
      nav.append(a)
    }
  }
  createRevisionView(root.querySelector<HTMLElement>('.editor-host')!, ydoc, root.querySelector<HTMLElement>('.standing-body')!)
}

function renderNoSuchRevision(root: HTMLElement, docId: string, number: number): void {
  const section = document.createElement('section')
  section.className = 'not-found'
  const h1 = document.createElement('h1')
  h1.textContent = t('revisionPage.notFoundTitle')
  const p = document.createElement('p')
  p.textContent = t('revisionPage.notFoundBody', { name: revisionName(number) })
  const back = document.createElement('a')
  back.href = `/documents/${encodeURIComponent(docId)}`
  back.className = 'back'
  back.textContent = t('revisionPage.back')
  section.append(h1, p, back)
  root.replaceChildren(section)
  document.title = t('revisionPage.notFoundTitle')
}
