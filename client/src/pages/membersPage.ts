/**
 * The members of the working group (chair and secretariat): invite (the link is shown once),
 * change a role, issue a new link, revoke. The server enforces who may do this (SPEC A3).
 */
import { apiCall } from '../api.ts'
import { may, MAX_DISPLAY_NAME_LENGTH, ROLES, ROLE_LABEL, type Role } from '../../../shared/roles.ts'
import { MAX_DELEGATION_LENGTH } from '../../../shared/sponsorship.ts'
import { charCounter } from '../ui/charCounter.ts'
import type { Me, SessionInfo } from '../session.ts'

interface MemberRow extends Me {
  createdAt: string
  revokedAt: string | null
}

export async function renderMembersPage(root: HTMLElement, session: SessionInfo): Promise<void> {
  const { member: me, group } = session
  if (!may(me.role, 'manageMembers') || !group) {
    root.innerHTML = '<h1>Members</h1><p class="error">Only the chair and the secretariat manage members.</p>'
    return
  }
  root.innerHTML = `
    <h1>Members of ${escapeHtml(group.name)}</h1>
    <p class="notice" role="status" hidden></p>
    <table class="members"><thead><tr><th>Name</th><th>Delegation</th><th>Role</th><th>Status</th><th>Actions</th></tr></thead><tbody></tbody></table>
    <form class="panel invite-form">
      <h2>Invite a member</h2>
      <label>Name <input name="displayName" required></label>
      <label>Delegation or stakeholder group <input name="delegation" required></label>
      <label>Role <select name="role">${ROLES.map((r) => `<option value="${r}"${r === 'member' ? ' selected' : ''}>${ROLE_LABEL[r]}</option>`).join('')}</select></label>
      <button type="submit">Invite</button>
      <p class="form-error" role="alert" hidden></p>
    </form>`
  const tbody = root.querySelector('tbody')!
  const notice = root.querySelector<HTMLElement>('.notice')!
  const say = (text: string): void => {
    notice.textContent = text
    notice.hidden = false
  }
  const showLink = (name: string, link: string): void => {
    notice.hidden = false
    notice.replaceChildren(`Personal sign-in link for ${name} (send it to them; it is shown only now): `)
    const code = document.createElement('code')
    code.className = 'invite-link'
    code.textContent = link
    notice.append(code)
  }

  async function refresh(): Promise<void> {
    const { members } = await apiCall<{ members: MemberRow[] }>(`/api/groups/${encodeURIComponent(group!.id)}/members`)
    tbody.replaceChildren(...members.map((m) => row(m)))
  }

  function row(m: MemberRow): HTMLTableRowElement {
    const tr = document.createElement('tr')
    tr.dataset.member = m.id
    const cells = [m.displayName, m.delegation].map((t) => {
      const td = document.createElement('td')
      td.textContent = t
      return td
    })
    const roleTd = document.createElement('td')
    const select = document.createElement('select')
    select.className = 'role-select'
    select.setAttribute('aria-label', `Role of ${m.displayName}`)
    for (const r of ROLES) select.append(new Option(ROLE_LABEL[r], r, false, r === m.role))
    select.disabled = Boolean(m.revokedAt) || m.id === me.id
    select.addEventListener('change', async () => {
      try {
        await apiCall(`/api/members/${m.id}`, { method: 'PATCH', body: JSON.stringify({ role: select.value as Role }) })
        say(`${m.displayName} is now ${ROLE_LABEL[select.value as Role]}.`)
      } catch (err) {
        say((err as Error).message)
      }
      await refresh()
    })
    roleTd.append(select)
    const status = document.createElement('td')
    status.textContent = m.revokedAt ? `Revoked ${new Date(m.revokedAt).toLocaleString()}` : 'Active'
    const actions = document.createElement('td')
    if (!m.revokedAt) {
      const link = button('New link', async () => {
        const res = await apiCall<{ link: string }>(`/api/members/${m.id}/link`, { method: 'POST' })
        showLink(m.displayName, res.link)
      })
      actions.append(link)
      if (m.id !== me.id) {
        actions.append(
          button('Revoke', async () => {
            if (!confirm(`Revoke ${m.displayName}? They are disconnected at once.`)) return
            await apiCall(`/api/members/${m.id}/revoke`, { method: 'POST' })
            say(`${m.displayName} was revoked and disconnected.`)
            await refresh()
          }),
        )
      }
    }
    tr.append(...cells, roleTd, status, actions)
    return tr
  }

  function button(text: string, onClick: () => Promise<void>): HTMLButtonElement {
    const b = document.createElement('button')
    b.type = 'button'
    b.className = 'secondary'
    b.textContent = text
    b.addEventListener('click', () => onClick().catch((err: unknown) => say((err as Error).message)))
    return b
  }

  const form = root.querySelector<HTMLFormElement>('.invite-form')!
  const counters = (
    [
      ['displayName', MAX_DISPLAY_NAME_LENGTH],
      ['delegation', MAX_DELEGATION_LENGTH],
    ] as const
  ).map(([name, max]) => {
    const input = form.elements.namedItem(name) as HTMLInputElement
    const counter = charCounter(input, max)
    input.closest('label')!.after(counter.el)
    return counter
  })
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const value = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value
    const error = form.querySelector<HTMLElement>('.form-error')!
    try {
      const res = await apiCall<{ link: string; member: MemberRow }>(`/api/groups/${encodeURIComponent(group.id)}/members`, {
        method: 'POST',
        body: JSON.stringify({ displayName: value('displayName'), delegation: value('delegation'), role: value('role') }),
      })
      error.hidden = true
      form.reset()
      for (const c of counters) c.update()
      showLink(res.member.displayName, res.link)
      await refresh()
    } catch (err) {
      error.textContent = (err as Error).message
      error.hidden = false
    }
  })
  await refresh()
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
