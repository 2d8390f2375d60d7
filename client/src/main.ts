/**
 * The client's entry: signs in from an invitation link, then routes `/` to the list of documents,
 * `/documents/<id>` to the editor, `/documents/<id>/records` to the records and `/members` to
 * the members page.
 */
import { ServerFailed, fetchSession, signOut, type SessionInfo } from './session.ts'
import { renderDocumentList } from './pages/documentList.ts'
import { openEditorPage } from './pages/editorPage.ts'
import { renderJoinPage, renderSignedOut } from './pages/signInPages.ts'
import { renderMembersPage } from './pages/membersPage.ts'
import { renderRecordsPage } from './pages/recordsPage.ts'
import { registerServiceWorker } from './serviceWorker.ts'
import { may, ROLE_LABEL } from '../../shared/roles.ts'

const app = document.getElementById('app')!
const identityEl = document.getElementById('identity')!

registerServiceWorker()

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
    app.innerHTML = `<section class="not-found"><h1>The server failed</h1><p>It answered with error ${failed.status}: the fault is on its side and has been logged. Reload the page in a moment.</p></section>`
  } else if (offline) {
    // Offline with the app shell from the service worker: open the document from this browser's copy.
    const match = /^\/documents\/([A-Za-z0-9_-]{1,64})\/?$/.exec(location.pathname)
    const cached = readCachedSession()
    if (match && cached) await openEditorPage(app, match[1]!, cached)
    else app.innerHTML = '<p class="loading">You are offline. Accord opens again when the network is back.</p>'
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
  who.textContent = `${member.displayName} · ${member.delegation} · ${ROLE_LABEL[member.role]}`
  identityEl.append(who)
  if (may(member.role, 'manageMembers')) {
    const link = document.createElement('a')
    link.href = '/members'
    link.textContent = 'Members'
    identityEl.append(link)
  }
  const out = document.createElement('button')
  out.type = 'button'
  out.className = 'link-button'
  out.textContent = 'Sign out'
  out.addEventListener('click', async () => {
    await signOut()
    localStorage.removeItem('accord:session')
    location.assign('/')
  })
  identityEl.append(out)
}
