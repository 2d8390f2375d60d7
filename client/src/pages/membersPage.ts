/**
 * The members of the working group (chair and secretariat): invite (the link is shown once),
 * change a role, issue a new link, revoke. The server enforces who may do this (SPEC A3).
 */
import { apiCall, changeRole, inviteMember } from '../api.ts'
import { t, tHtml } from '../i18n.ts'
import { may, MAX_DISPLAY_NAME_LENGTH, ROLES, ROLE_LABEL, type Role } from '../../../shared/roles.ts'
import { MAX_DELEGATION_LENGTH } from '../../../shared/sponsorship.ts'
import { charCounter } from '../ui/charCounter.ts'
import type { Me, SessionInfo } from '../session.ts'
// Types only: the schemas (and zod) stay on the server's side of the bundle.
import type { InviteRequest, RoleChangeRequest } from '../../../shared/apiSchemas.ts'

interface MemberRow extends Me {
  createdAt: string
  revokedAt: string | null
}

export async function renderMembersPage(root: HTMLElement, session: SessionInfo): Promise<void> {
  const { member: me, group } = session
  if (!may(me.role, 'manageMembers') || !group) {
    root.innerHTML = `<h1>${tHtml('members.title')}</h1><p class="error">${tHtml('members.notAllowed')}</p>`
    return
  }
  root.innerHTML = `
    <h1>${tHtml('members.titleOf', { group: group.name })}</h1>
    <p class="notice" role="status" hidden></p>
    <table class="members"><thead><tr><th>${tHtml('members.name')}</th><th>${tHtml('members.delegation')}</th><th>${tHtml('members.role')}</th><th>${tHtml('members.status')}</th><th>${tHtml('members.actions')}</th></tr></thead><tbody></tbody></table>
    <form class="panel invite-form">
      <h2>${tHtml('members.invite')}</h2>
      <label>${tHtml('members.nameLabel')} <input name="displayName" required dir="auto"></label>
      <label>${tHtml('members.delegationLabel')} <input name="delegation" required dir="auto"></label>
      <label>${tHtml('members.roleLabel')} <select name="role">${ROLES.map((r) => `<option value="${r}"${r === 'member' ? ' selected' : ''}>${escapeHtml(ROLE_LABEL[r])}</option>`).join('')}</select></label>
      <button type="submit">${tHtml('members.inviteButton')}</button>
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
    notice.replaceChildren(t('members.link', { name }))
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
    const cells = [m.displayName, m.delegation].map((text) => {
      const td = document.createElement('td')
      td.dir = 'auto'
      td.textContent = text
      return td
    })
    const roleTd = document.createElement('td')
    const select = document.createElement('select')
    select.className = 'role-select'
    select.setAttribute('aria-label', t('members.roleOf', { name: m.displayName }))
    for (const r of ROLES) select.append(new Option(ROLE_LABEL[r], r, false, r === m.role))
    select.disabled = Boolean(m.revokedAt) || m.id === me.id
    select.addEventListener('change', async () => {
      try {
        const request: RoleChangeRequest = { role: select.value as Role }
        await changeRole(m.id, request)
        say(t('members.roleChanged', { name: m.displayName, role: ROLE_LABEL[request.role] }))
      } catch (err) {
        say((err as Error).message)
      }
      await refresh()
    })
    roleTd.append(select)
    const status = document.createElement('td')
    status.textContent = m.revokedAt ? t('members.revokedAt', { date: new Date(m.revokedAt).toLocaleString() }) : t('members.active')
    const actions = document.createElement('td')
    if (!m.revokedAt) {
      const link = button(t('members.newLink'), async () => {
        const res = await apiCall<{ link: string }>(`/api/members/${m.id}/link`, { method: 'POST' })
        showLink(m.displayName, res.link)
      })
      actions.append(link)
      if (m.id !== me.id) {
        actions.append(
          button(t('members.revoke'), async () => {
            if (!confirm(t('members.revokeConfirm', { name: m.displayName }))) return
            await apiCall(`/api/members/${m.id}/revoke`, { method: 'POST' })
            say(t('members.revoked', { name: m.displayName }))
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
      const request: InviteRequest = { displayName: value('displayName'), delegation: value('delegation'), role: value('role') as Role }
      const res = await inviteMember<MemberRow>(group.id, request)
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
