/**
 * The sign-in link (`/join#<token>`) and the page shown to someone who is not signed in.
 * The token travels in the URL fragment, which browsers never send to the server.
 */
import { t } from '../i18n.ts'
import { signIn } from '../session.ts'

export async function renderJoinPage(root: HTMLElement): Promise<void> {
  const token = decodeURIComponent(location.hash.replace(/^#/, ''))
  history.replaceState(null, '', '/join') // do not leave the token in the address bar or history
  if (!token) {
    renderSignedOut(root, t('signIn.incomplete'))
    return
  }
  const loading = document.createElement('p')
  loading.className = 'loading'
  loading.textContent = t('signIn.signingIn')
  root.replaceChildren(loading)
  try {
    await signIn(token)
    location.replace('/')
  } catch (err) {
    renderSignedOut(root, (err as Error).message)
  }
}

export function renderSignedOut(root: HTMLElement, reason?: string): void {
  const section = document.createElement('section')
  section.className = 'panel signed-out'
  const h1 = document.createElement('h1')
  h1.textContent = t('signIn.title')
  const body = document.createElement('p')
  body.textContent = t('signIn.body')
  const error = document.createElement('p')
  error.className = 'form-error'
  error.setAttribute('role', 'alert')
  error.hidden = !reason
  error.textContent = reason ?? ''
  section.append(h1, body, error)
  root.replaceChildren(section)
}
