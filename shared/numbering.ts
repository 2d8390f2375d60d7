/**
 * Paragraph numbers (SPEC M5, V5): a pure function of the tree and the number table of the latest
 * revision, never stored per paragraph.
 *
 * - Before the first revision, numbers follow position: topics are lettered A, B, C ... (AA after
 *   Z), recommendations numbered from 1 within their topic (`B.3`), annex items `Annex 1` ...
 * - Once a revision is issued, every topic and paragraph it numbered keeps that number, wherever it
 *   is moved, until the next revision. A paragraph added since takes the number of the numbered
 *   paragraph before it in its section with `bis`, `ter`, `quater` ... (`B.3 bis`; `B.0 bis` before
 *   the first); in a section where the revision numbered no paragraph (a topic added since, `B bis`,
 *   an annex that was empty) new paragraphs are numbered from 1 (`B bis.1`, `Annex 1`). A paragraph numbered in the text that is now in the annex (or back from it) takes a
 *   new number there. A number whose paragraph is gone stays unused: it is reported as vacated
 *   (`[B.4 deleted]`), never given to another paragraph.
 *
 * The rule is written once, over an outline (`numberOutline`); `numberDocument` reads the outline
 * from a ProseMirror tree, `paragraphLabels` from the Y.Doc.
 */
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { metaOf, textOf } from './ydoc.ts'
import { readLatestRevision, type NumberTable } from './revisions.ts'

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

/** The Latin multiplicative adverbs of UN drafting: the 1st paragraph after B.3 is `B.3 bis`. */
const ADVERBS = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies', 'undecies', 'duodecies', 'terdecies', 'quaterdecies', 'quindecies', 'sexdecies', 'septdecies', 'octodecies', 'novodecies', 'vicies']

/** `B.3 bis` for the first (k = 1) added after `base`, `B.3 ter` for the second ... */
export function addedAfter(base: string, k: number): string {
  return `${base} ${ADVERBS[k - 1] ?? `(${k + 1})`}`
}

/** No revision yet: every number follows position. */
export const NO_NUMBERS: NumberTable = Object.freeze({})

/** A document's sections as numbering sees them: ids in document order (null when missing). */
export interface OutlineSection {
  kind: 'topic' | 'annex'
  id: string | null
  paragraphs: (string | null)[]
}

/** Why a number of the revision is unused now. */
export type VacatedReason = 'deleted' | 'moved to the annex' | 'moved back into the text'

export interface VacatedNumber {
  /** The number it had (`B.4`). */
  label: string
  /** The element that had it. */
  id: string
  reason: VacatedReason
  /**
   * Where a reader looks for it: after this paragraph (the one numbered just before it in the
   * revision, when it is still in the same topic), or at the start of topic `topicId`, or nowhere.
   */
  after: { paragraphId: string } | { topicId: string } | null
}

export interface OutlineNumbers {
  /** Per section, its label (`B`, `B bis`, `Annex`). */
  sections: string[]
  /** Per section, each paragraph's label. */
  paragraphs: string[][]
  vacated: VacatedNumber[]
}

const isAnnexLabel = (label: string): boolean => label.startsWith('Annex ')

/** What a paragraph number is counted under: `B.` for `B.3`, `Annex ` for `Annex 2`; null for a topic. */
const prefixOf = (label: string): string | null => (isAnnexLabel(label) ? 'Annex ' : label.includes('.') ? label.slice(0, label.lastIndexOf('.') + 1) : null)

/** The numbers of every section and paragraph of `outline` under `table` (the rule above). */
export function numberOutline(outline: readonly OutlineSection[], table: NumberTable = NO_NUMBERS): OutlineNumbers {
  const revised = Object.keys(table).length > 0
  // Sections the revision numbered no paragraph in: their new paragraphs are numbered from 1,
  // which no number of the revision can equal.
  const tabledPrefixes = new Set(Object.values(table).map(prefixOf))
  const used = new Set<string>()
  const tabled = (id: string | null, annex: boolean): string | null => {
    if (id === null || used.has(id)) return null // a duplicate id is numbered as new
    const label = table[id]
    if (label === undefined || isAnnexLabel(label) !== annex) return null
    used.add(id)
    return label
  }
  const sections: string[] = []
  const paragraphs: string[][] = []
  let topicIndex = 0
  let lastTopic: string | null = null
  let addedTopics = 0
  for (const section of outline) {
    const annex = section.kind === 'annex'
    let sectionLabel: string
    if (annex) sectionLabel = 'Annex'
    else {
      const kept = tabled(section.id, false)
      if (kept !== null) {
        sectionLabel = kept
        lastTopic = kept
        addedTopics = 0
      } else if (!revised) sectionLabel = topicLetter(topicIndex)
      else sectionLabel = addedAfter(lastTopic ?? '0', ++addedTopics)
      topicIndex++
    }
    sections.push(sectionLabel)
    const prefix = annex ? 'Annex ' : `${sectionLabel}.`
    const fresh = !tabledPrefixes.has(prefix)
    const labels: string[] = []
    let base: string | null = null
    let added = 0
    let position = 0
    for (const id of section.paragraphs) {
      position++
      const kept = tabled(id, annex)
      if (kept !== null) {
        labels.push(kept)
        base = kept
        added = 0
      } else if (!revised || (fresh && base === null)) labels.push(`${prefix}${position}`)
      else labels.push(addedAfter(base ?? `${prefix}0`, ++added))
    }
    paragraphs.push(labels)
  }
  return { sections, paragraphs, vacated: vacatedNumbers(outline, table, used) }
}

/** Numbers of `table` that no element holds now, with where a reader would look for them. */
function vacatedNumbers(outline: readonly OutlineSection[], table: NumberTable, used: ReadonlySet<string>): VacatedNumber[] {
  const present = new Map<string, 'topic' | 'annex'>()
  for (const s of outline) {
    if (s.id !== null) present.set(s.id, 'topic')
    for (const id of s.paragraphs) if (id !== null) present.set(id, s.kind)
  }
  // The revision's order of numbers, to find the one before a vacated number.
  const byLabel = new Map<string, string>()
  for (const [id, label] of Object.entries(table)) byLabel.set(label, id)
  const out: VacatedNumber[] = []
  for (const [id, label] of Object.entries(table)) {
    if (used.has(id)) continue
    const where = present.get(id)
    const reason: VacatedReason = where === undefined ? 'deleted' : isAnnexLabel(label) ? 'moved back into the text' : 'moved to the annex'
    out.push({ id, label, reason, after: placeOf(label, byLabel, used) })
  }
  return out.sort((a, b) => compareLabels(a.label, b.label))
}

/** After the paragraph numbered just before `label` in its topic, if it is still there numbered so. */
function placeOf(label: string, byLabel: ReadonlyMap<string, string>, used: ReadonlySet<string>): VacatedNumber['after'] {
  const m = /^(.*?)[. ](\d+)$/.exec(label)
  if (!m) return null
  const [, section, n] = m as unknown as [string, string, string]
  const separator = isAnnexLabel(label) ? ' ' : '.'
  for (let k = Number(n) - 1; k >= 1; k--) {
    const id = byLabel.get(`${section}${separator}${k}`)
    if (id !== undefined && used.has(id)) return { paragraphId: id }
  }
  if (isAnnexLabel(label)) return null
  const topicId = byLabel.get(section)
  return topicId !== undefined && used.has(topicId) ? { topicId } : null
}

/** How a vacated number is shown to whoever looks for it: `[B.4 deleted]`. */
export const vacatedText = (v: Pick<VacatedNumber, 'label' | 'reason'>): string => `[${v.label} ${v.reason}]`

/** Orders clean labels as a document does: A.1 < A.2 < A.10 < B < B.1 ... < Annex 1. */
export function compareLabels(a: string, b: string): number {
  const key = (label: string): [number, number, number] => {
    if (isAnnexLabel(label)) return [Number.MAX_SAFE_INTEGER, Number(label.slice(6)) || 0, 0]
    const [letters = '', n = '0'] = label.split('.')
    let index = 0
    for (const c of letters) index = index * 26 + (c.charCodeAt(0) - 64)
    return [index, Number(n) || 0, 0]
  }
  const [x, y] = [key(a), key(b)]
  return x[0] - y[0] || x[1] - y[1] || a.localeCompare(b)
}

export interface NumberedNode {
  /** Position of the node in the document (for decorations and scrolling). */
  pos: number
  node: PMNode
  /** The displayed number: `B` for a topic, `B.3` for a recommendation, `Annex 1` in the annex. */
  label: string
}

/** The sections of a ProseMirror tree, with the position of each of their elements. */
function outlineOfTree(doc: PMNode): { outline: OutlineSection[]; places: { section: number; node: PMNode; paragraphs: { pos: number; node: PMNode }[] }[] } {
  const outline: OutlineSection[] = []
  const places: { section: number; node: PMNode; paragraphs: { pos: number; node: PMNode }[] }[] = []
  doc.forEach((child, offset) => {
    const kind = child.type.name
    if (kind !== 'topic' && kind !== 'annex') return
    const section: OutlineSection = { kind, id: kind === 'topic' ? idOf(child.attrs.id) : null, paragraphs: [] }
    const paragraphs: { pos: number; node: PMNode }[] = []
    child.forEach((rec, recOffset) => {
      if (rec.type.name !== 'recommendation') return
      section.paragraphs.push(idOf(rec.attrs.id))
      paragraphs.push({ pos: offset + 1 + recOffset, node: rec })
    })
    places.push({ section: offset, node: child, paragraphs })
    outline.push(section)
  })
  return { outline, places }
}

const idOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

/** Numbers of every topic and recommendation, in document order, under the revision's `table`. */
export function numberDocument(doc: PMNode, table: NumberTable = NO_NUMBERS): NumberedNode[] {
  return numberTree(doc, table).nodes
}

/** `numberDocument` with the numbers of the revision that no paragraph holds now. */
export function numberTree(doc: PMNode, table: NumberTable = NO_NUMBERS): { nodes: NumberedNode[]; vacated: VacatedNumber[] } {
  const { outline, places } = outlineOfTree(doc)
  const numbers = numberOutline(outline, table)
  const nodes: NumberedNode[] = []
  places.forEach((place, i) => {
    if (place.node.type.name === 'topic') nodes.push({ pos: place.section, node: place.node, label: numbers.sections[i]! })
    place.paragraphs.forEach((p, j) => nodes.push({ pos: p.pos, node: p.node, label: numbers.paragraphs[i]![j]! }))
  })
  return { nodes, vacated: numbers.vacated }
}

/** The sections of the Y.Doc's text. */
function outlineOfText(text: Y.XmlFragment): OutlineSection[] {
  const outline: OutlineSection[] = []
  for (const section of text.toArray()) {
    if (!(section instanceof Y.XmlElement) || (section.nodeName !== 'topic' && section.nodeName !== 'annex')) continue
    const kind = section.nodeName
    const paragraphs: (string | null)[] = []
    for (const child of section.toArray()) if (child instanceof Y.XmlElement && child.nodeName === 'recommendation') paragraphs.push(idOf(child.getAttribute('id')))
    outline.push({ kind, id: kind === 'topic' ? idOf(section.getAttribute('id')) : null, paragraphs })
  }
  return outline
}

/** The number table of the document's latest revision, or none before the first. */
export function numberTableOf(doc: Y.Doc): NumberTable {
  return readLatestRevision(metaOf(doc).get('revision'))?.numbers ?? NO_NUMBERS
}

/**
 * Element id (topic or paragraph) -> its number (`B`, `B.3 bis`, `Annex 1`), read straight from the
 * Y.Doc, for messages that name paragraphs as people do (never an internal id). Same numbers as
 * `numberDocument` under the document's latest revision.
 */
export function paragraphLabels(doc: Y.Doc): Map<string, string> {
  const outline = outlineOfText(textOf(doc))
  const numbers = numberOutline(outline, numberTableOf(doc))
  const labels = new Map<string, string>()
  outline.forEach((section, i) => {
    section.paragraphs.forEach((id, j) => {
      if (id !== null && !labels.has(id)) labels.set(id, numbers.paragraphs[i]![j]!)
    })
  })
  return labels
}

/**
 * The numbers a revision fixes (V5): every topic and paragraph numbered cleanly by position, as
 * before any revision, keyed by element id.
 */
export function cleanNumberTable(doc: Y.Doc): Record<string, string> {
  const outline = outlineOfText(textOf(doc))
  const numbers = numberOutline(outline, NO_NUMBERS)
  const table: Record<string, string> = {}
  outline.forEach((section, i) => {
    if (section.id !== null && section.kind === 'topic') table[section.id] ??= numbers.sections[i]!
    section.paragraphs.forEach((id, j) => {
      if (id !== null) table[id] ??= numbers.paragraphs[i]![j]!
    })
  })
  return table
}
