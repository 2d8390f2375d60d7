/**
 * Keeps the text of a refused update in front of the person (SPEC R7): each paragraph whose text
 * differs from the server's, with a button to re-submit it as a new proposal sponsored by their
 * delegation, right after the original.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { schema } from '../../../shared/schema.ts'
import { newId } from '../../../shared/ids.ts'
import { numberDocument } from '../../../shared/numbering.ts'
import type { EditorHandle } from '../editor/createEditor.ts'

export interface ParagraphText {
  id: string
  label: string
  text: string
}

/** What was refused, kept across the reload that follows a refusal (this tab only). */
export interface RefusalNote {
  reason: string
  mine: ParagraphText[]
}

const noteKey = (docId: string): string => `accord:refused:${docId}`

export function keepRefusal(docId: string, note: RefusalNote): void {
  sessionStorage.setItem(noteKey(docId), JSON.stringify(note))
}

/** The note kept before the reload, if any; it is consumed (shown once). */
export function takeRefusal(docId: string): RefusalNote | null {
  const raw = sessionStorage.getItem(noteKey(docId))
  sessionStorage.removeItem(noteKey(docId))
  try {
    return raw ? (JSON.parse(raw) as RefusalNote) : null
  } catch {
    return null
  }
}

export function paragraphTexts(doc: PMNode): ParagraphText[] {
  return numberDocument(doc)
    .filter((n) => n.node.type.name === 'recommendation')
    .map((n) => ({ id: n.node.attrs.id as string, label: n.label, text: n.node.textContent }))
}

export function renderRefusedPanel(
  host: HTMLElement,
  reason: string,
  mine: readonly ParagraphText[],
  editor: EditorHandle,
  delegation: string,
): void {
  const server = new Map(paragraphTexts(editor.view.state.doc).map((p) => [p.id, p.text]))
  const refused = mine.filter((p) => p.text.trim() !== '' && server.get(p.id) !== p.text)
  host.replaceChildren()
  if (refused.length === 0) return
  const panel = document.createElement('section')
  panel.className = 'refused-panel'
  panel.setAttribute('aria-label', 'Your refused text')
  const h = document.createElement('h2')
  h.textContent = 'Your text that was not accepted'
  const why = document.createElement('p')
  why.textContent = `Reason: ${reason}. The document now shows the agreed state; your wording is kept here.`
  panel.append(h, why)
  for (const p of refused) {
    const item = document.createElement('div')
    item.className = 'refused-item'
    item.dataset.paragraph = p.id
    const label = document.createElement('strong')
    label.textContent = `${p.label}: `
    const text = document.createElement('span')
    text.className = 'refused-text'
    text.textContent = p.text
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = 'Re-submit as a new proposal'
    button.addEventListener('click', () => {
      resubmit(editor, p, delegation)
      item.remove()
      if (!panel.querySelector('.refused-item')) panel.remove()
    })
    item.append(label, text, button)
    panel.append(item)
  }
  host.append(panel)
}

/** Inserts the text as a new proposed recommendation after the original (or at the end of the first topic). */
function resubmit(editor: EditorHandle, p: ParagraphText, delegation: string): void {
  const { state } = editor.view
  let insertAt = -1
  state.doc.descendants((node, pos) => {
    if (insertAt >= 0) return false
    if (node.type.name === 'recommendation' && node.attrs.id === p.id) insertAt = pos + node.nodeSize
    return node.type.name !== 'recommendation'
  })
  if (insertAt < 0) {
    const firstTopic = state.doc.child(1)
    insertAt = state.doc.child(0).nodeSize + firstTopic.nodeSize - 1
  }
  const node = schema.node('recommendation', { id: newId('r'), sponsors: [delegation] }, schema.text(p.text))
  editor.view.dispatch(state.tr.insert(insertAt, node).scrollIntoView())
}
