/**
 * The client's entry: signs in from an invitation link, then routes `/` to the list of documents,
 * `/documents/<id>` to the editor, `/documents/<id>/revisions/<n>` to a revision as issued,
 * `/documents/<id>/records` to the records and `/members` to the members page.
 */
import { ServerFailed, fetchSession, signOut, type SessionInfo } from './session.ts'
import { renderDocumentList } from './pages/documentList.ts'
import { openEditorPage } from './pages/editorPage.ts'
import { renderJoinPage, renderSignedOut } from './pages/signInPages.ts'
import { renderMembersPage } from './pages/membersPage.ts'
import { renderRecordsPage } from './pages/recordsPage.ts'
import { openRevisionPage } from './pages/revisionPage.ts'
import { registerServiceWorker } from './serviceWorker.ts'
import { may, ROLE_LABEL } from '../../shared/roles.ts'
import { t } from './i18n.ts'

const app = document.getElementById('app')!
const identityEl = document.getElementById('identity')!

registerServiceWorker()
showShellText()

if (location.pathname === '/join') {
  await renderJoinPage(app)
} else {
  let session: SessionInfo | null = null
  let offline = false
  let failed: ServerFailed | null = null
  try {
    session = await fetchSession()
  } catch (err) {
    if (err instanceof ServerFailed) failed = err
    else offline = true
  }
  if (failed) {
    const section = document.createElement('section')
    section.className = 'not-found'
    const h1 = document.createElement('h1')
    h1.textContent = t('app.serverFailedTitle')
    const p = document.createElement('p')
    p.textContent = t('app.serverFailedBody', { status: failed.status })
    section.append(h1, p)
    app.replaceChildren(section)
  } else if (offline) {
    // Offline with the app shell from the service worker: open the document from this browser's copy.
    const match = /^\/documents\/([A-Za-z0-9_-]{1,64})\/?$/.exec(location.pathname)
    const cached = readCachedSession()
    if (match && cached) await openEditorPage(app, match[1]!, cached)
    else {
      const p = document.createElement('p')
      p.className = 'loading'
      p.textContent = t('app.offline')
      app.replaceChildren(p)
    }
  } else if (!session) {
    renderSignedOut(app)
  } else {
    sessionStorage.setItem('accord:session', JSON.stringify(session))
    renderHeader(session)
    await route(session)
  }
}

async function route(session: SessionInfo): Promise<void> {
  const path = location.pathname
  let m: RegExpExecArray | null
  if ((m = /^\/documents\/([A-Za-z0-9_-]{1,64})\/records\/?$/.exec(path))) return renderRecordsPage(app, m[1]!, session.member)
  if ((m = /^\/documents\/([A-Za-z0-9_-]{1,64})\/revisions\/([1-9][0-9]{0,8})\/?$/.exec(path))) return openRevisionPage(app, m[1]!, Number(m[2]))
  if ((m = /^\/documents\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path))) return openEditorPage(app, m[1]!, session)
  if (path === '/members') return renderMembersPage(app, session)
  return renderDocumentList(app, session)
}

function readCachedSession(): SessionInfo | null {
  try {
    return JSON.parse(sessionStorage.getItem('accord:session') ?? localStorage.getItem('accord:session') ?? 'null') as SessionInfo | null
  } catch {
    return null
  }
}

function renderHeader(session: SessionInfo): void {
  const { member } = session
  // Kept for reopening a document offline (no secrets: the cookie itself is httpOnly).
  localStorage.setItem('accord:session', JSON.stringify(session))
  identityEl.replaceChildren()
  const who = document.createElement('span')
  who.className = 'who'
  who.textContent = t('app.who', { name: member.displayName, delegation: member.delegation, role: ROLE_LABEL[member.role] })
  identityEl.append(who)
  if (may(member.role, 'manageMembers')) {
    const link = document.createElement('a')
    link.href = '/members'
    link.textContent = t('app.members')
    identityEl.append(link)
  }
  const out = document.createElement('button')
  out.type = 'button'
  out.className = 'link-button'
  out.textContent = t('app.signOut')
  out.addEventListener('click', async () => {
    await signOut()
    localStorage.removeItem('accord:session')
    location.assign('/')
  })
  identityEl.append(out)
}

/**
 * The interface words of the page's shell (index.html, which holds the English for the first
 * paint) and those the style sheet draws as generated content (CSS variables it reads, as CSS strings).
 */
function showShellText(): void {
  const skip = document.querySelector<HTMLElement>('.skip-link')
  if (skip) skip.textContent = t('app.skipLink')
  const tagline = document.querySelector<HTMLElement>('.app-header .tagline')
  if (tagline) tagline.textContent = t('app.tagline')
  const style = document.documentElement.style
  style.setProperty('--accord-mark-delete', cssString(t('marks.delete')))
  style.setProperty('--accord-mark-option', cssString(t('marks.option')))
  style.setProperty('--accord-mark-annex', cssString(t('marks.annex')))
}

/** `text` as a CSS string token (for `content:`). */
function cssString(text: string): string {
  return `"${text.replace(/["\\\n]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`
}
