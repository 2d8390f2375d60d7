/**
 * The sign-in link (`/join#<token>`) and the page shown to someone who is not signed in.
 * The token travels in the URL fragment, which browsers never send to the server.
 */
import { signIn } from '../session.ts'

export async function renderJoinPage(root: HTMLElement): Promise<void> {
  const token = decodeURIComponent(location.hash.replace(/^#/, ''))
  history.replaceState(null, '', '/join') // do not leave the token in the address bar or history
  if (!token) {
    renderSignedOut(root, 'This sign-in link is incomplete. Open the full link you received.')
    return
  }
  root.innerHTML = '<p class="loading">Signing you in…</p>'
  try {
    await signIn(token)
    location.replace('/')
  } catch (err) {
    renderSignedOut(root, (err as Error).message)
  }
}

export function renderSignedOut(root: HTMLElement, reason?: string): void {
  root.innerHTML = `
    <section class="panel signed-out">
      <h1>Sign in to Accord</h1>
      <p>Accord is open to the members of a working group only. Open the personal invitation link
      that your secretariat sent you; it signs you in on this browser.</p>
      <p class="form-error" role="alert" hidden></p>
    </section>`
  if (reason) {
    const el = root.querySelector<HTMLElement>('.form-error')!
    el.textContent = reason
    el.hidden = false
  }
}
