/**
 * The list of documents by working group, with a form to start a new rolling document.
 */
import { createDocument, listDocuments, listGroups, type DocumentInfo, type GroupInfo } from '../api.ts'
import { may } from '../../../shared/roles.ts'
import type { SessionInfo } from '../session.ts'

export async function renderDocumentList(root: HTMLElement, session: SessionInfo): Promise<void> {
  root.innerHTML = '<p class="loading">Loading documents…</p>'
  let groups: GroupInfo[]
  let docs: DocumentInfo[]
  try {
    ;[groups, docs] = await Promise.all([listGroups(), listDocuments()])
  } catch (err) {
    root.innerHTML = ''
    root.append(paragraph('error', `Could not load the documents: ${(err as Error).message}`))
    return
  }
  root.replaceChildren()
  const heading = document.createElement('h1')
  heading.textContent = 'Documents'
  root.append(heading)

  for (const group of groups) {
    const section = document.createElement('section')
    section.className = 'group'
    const h = document.createElement('h2')
    h.textContent = group.name
    const list = document.createElement('ul')
    list.className = 'document-list'
    for (const d of docs.filter((x) => x.groupId === group.id)) {
      const li = document.createElement('li')
      const a = document.createElement('a')
      a.href = `/documents/${encodeURIComponent(d.id)}`
      a.textContent = d.title
      const when = document.createElement('span')
      when.className = 'created'
      when.textContent = ` created ${new Date(d.createdAt).toLocaleDateString()}`
      li.append(a, when)
      list.append(li)
    }
    if (!list.children.length) list.append(paragraph('empty', 'No documents yet.'))
    section.append(h, list)
    root.append(section)
  }
  if (may(session.member.role, 'manageMembers')) root.append(newDocumentForm(groups))
}

function newDocumentForm(groups: GroupInfo[]): HTMLFormElement {
  const form = document.createElement('form')
  form.className = 'new-document'
  form.innerHTML = `
    <h2>New rolling document</h2>
    <label>Title <input name="title" required maxlength="200" placeholder="e.g. Draft recommendations, second meeting"></label>
    <label>Working group <select name="groupId"></select></label>
    <button type="submit">Create</button>
    <p class="form-error" role="alert" hidden></p>`
  const select = form.elements.namedItem('groupId') as HTMLSelectElement
  for (const g of groups) select.append(new Option(g.name, g.id))
  const error = form.querySelector<HTMLElement>('.form-error')!
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const title = (form.elements.namedItem('title') as HTMLInputElement).value
    try {
      const doc = await createDocument(title, select.value)
      location.assign(`/documents/${encodeURIComponent(doc.id)}`)
    } catch (err) {
      error.textContent = (err as Error).message
      error.hidden = false
    }
  })
  return form
}

function paragraph(className: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p')
  p.className = className
  p.textContent = text
  return p
}
