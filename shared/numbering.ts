/**
 * Paragraph numbers derive from position and are never stored (SPEC M5).
 * Topics are lettered A, B, C ... (AA, AB ... after Z); recommendations are numbered from 1 within
 * their topic (`B.3`); items in the annex are numbered `Annex 1`, `Annex 2` ...
 */
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'

/** Letter(s) of the topic at zero-based `index`: 0 -> A, 25 -> Z, 26 -> AA. */
export function topicLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`topic index must be a natural number, got ${index}`)
  let n = index
  let out = ''
  do {
    out = String.fromCharCode(65 + (n % 26)) + out
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return out
}

export interface NumberedNode {
  /** Position of the node in the document (for decorations and scrolling). */
  pos: number
  node: PMNode
  /** The displayed number: `B` for a topic, `B.3` for a recommendation, `Annex 1` in the annex. */
  label: string
}

/** Numbers of every topic and recommendation, in document order. */
export function numberDocument(doc: PMNode): NumberedNode[] {
  const out: NumberedNode[] = []
  let topicIndex = 0
  doc.forEach((child, offset) => {
    if (child.type.name === 'topic') {
      const letter = topicLetter(topicIndex++)
      out.push({ pos: offset, node: child, label: letter })
      let n = 0
      child.forEach((rec, recOffset) => {
        if (rec.type.name === 'recommendation') out.push({ pos: offset + 1 + recOffset, node: rec, label: `${letter}.${++n}` })
      })
    } else if (child.type.name === 'annex') {
      let n = 0
      child.forEach((rec, recOffset) => {
        out.push({ pos: offset + 1 + recOffset, node: rec, label: `Annex ${++n}` })
      })
    }
  })
  return out
}

/**
 * Paragraph id -> its number (`B.3`, `Annex 1`), read straight from the Y.Doc's text, for messages
 * that name paragraphs as people do (never an internal id). Same numbering as `numberDocument`.
 */
export function paragraphLabels(text: Y.XmlFragment): Map<string, string> {
  const labels = new Map<string, string>()
  let topicIndex = 0
  for (const section of text.toArray()) {
    if (!(section instanceof Y.XmlElement)) continue
    const prefix = section.nodeName === 'topic' ? `${topicLetter(topicIndex++)}.` : section.nodeName === 'annex' ? 'Annex ' : null
    if (prefix === null) continue
    let n = 0
    for (const child of section.toArray()) {
      if (!(child instanceof Y.XmlElement) || child.nodeName !== 'recommendation') continue
      n++
      const id = child.getAttribute('id')
      if (typeof id === 'string') labels.set(id, `${prefix}${n}`)
    }
  }
  return labels
}

/**
 * The numbers fixed when a revision is issued (V5): every topic and paragraph numbered cleanly by
 * position, as `paragraphLabels` does, keyed by element id (topics by their letter).
 */
export function cleanNumberTable(text: Y.XmlFragment): Record<string, string> {
  const table: Record<string, string> = {}
  let topicIndex = 0
  for (const section of text.toArray()) {
    if (section instanceof Y.XmlElement && section.nodeName === 'topic') {
      const id = section.getAttribute('id')
      const letter = topicLetter(topicIndex++)
      if (typeof id === 'string') table[id] = letter
    }
  }
  for (const [id, label] of paragraphLabels(text)) table[id] = label
  return table
}
