/**
 * The client's entry: routes `/` to the list of documents and `/documents/<id>` to the editor.
 */
import { ensureIdentity } from './identity.ts'
import { renderDocumentList } from './pages/documentList.ts'
import { openEditorPage } from './pages/editorPage.ts'
import { registerServiceWorker } from './serviceWorker.ts'

const app = document.getElementById('app')!
const identityEl = document.getElementById('identity')!

registerServiceWorker()

const identity = await ensureIdentity(app)
identityEl.textContent = `Signed in as ${identity.name}`

const match = /^\/documents\/([A-Za-z0-9_-]{1,64})\/?$/.exec(location.pathname)
if (match) {
  await openEditorPage(app, match[1]!, identity)
} else {
  await renderDocumentList(app)
}
