/**
 * The list of documents by working group, with a form to start a new rolling document.
 */
import { createDocument, listDocuments, listGroups, type DocumentInfo, type GroupInfo } from '../api.ts'
import { t } from '../i18n.ts'
import { may } from '../../../shared/roles.ts'
// A type only: the schemas (and zod) stay on the server's side of the bundle.
import type { CreateDocumentRequest } from '../../../shared/apiSchemas.ts'
import type { SessionInfo } from '../session.ts'

export async function renderDocumentList(root: HTMLElement, session: SessionInfo): Promise<void> {
  root.replaceChildren(paragraph('loading', t('documents.loading')))
  let groups: GroupInfo[]
  let docs: DocumentInfo[]
  try {
    ;[groups, docs] = await Promise.all([listGroups(), listDocuments()])
  } catch (err) {
    root.replaceChildren(paragraph('error', t('documents.loadFailed', { reason: (err as Error).message })))
    return
  }
  root.replaceChildren()
  const heading = document.createElement('h1')
  heading.textContent = t('documents.title')
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
      a.dir = 'auto' // a title in Arabic reads right to left
      a.textContent = d.title
      const when = document.createElement('span')
      when.className = 'created'
      when.textContent = t('documents.created', { date: new Date(d.createdAt).toLocaleDateString() })
      li.append(a, when)
      list.append(li)
    }
    if (!list.children.length) list.append(paragraph('empty', t('documents.none')))
    section.append(h, list)
    root.append(section)
  }
  if (may(session.member.role, 'manageMembers')) root.append(newDocumentForm(groups))
}

function newDocumentForm(groups: GroupInfo[]): HTMLFormElement {
  const form = document.createElement('form')
  form.className = 'new-document'
  const h = document.createElement('h2')
  h.textContent = t('documents.newTitle')
  const title = document.createElement('input')
  title.name = 'title'
  title.required = true
  title.maxLength = 200 // MAX_TITLE_LENGTH (shared/apiSchemas.ts, not imported: it would bring zod along)
  title.dir = 'auto'
  title.placeholder = t('documents.titlePlaceholder')
  const select = document.createElement('select')
  select.name = 'groupId'
  for (const g of groups) select.append(new Option(g.name, g.id))
  const create = document.createElement('button')
  create.type = 'submit'
  create.textContent = t('documents.create')
  const error = paragraph('form-error', '')
  error.setAttribute('role', 'alert')
  error.hidden = true
  form.append(h, labelled(t('documents.titleLabel'), title), labelled(t('documents.groupLabel'), select), create, error)
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    const request: CreateDocumentRequest = { title: title.value, groupId: select.value }
    try {
      const doc = await createDocument(request)
      location.assign(`/documents/${encodeURIComponent(doc.id)}`)
    } catch (err) {
      error.textContent = (err as Error).message
      error.hidden = false
    }
  })
  return form
}

/** `<label>Text <control></label>`, as the form's fields are written. */
function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label')
  label.append(`${text} `, control)
  return label
}

function paragraph(className: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p')
  p.className = className
  p.textContent = text
  return p
}
