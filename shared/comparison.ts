/**
 * Comparing two states of a rolling document (SPEC V6): two revisions, or a revision and now.
 * Paragraphs are matched by id, never by position, so a paragraph that moved is one paragraph that
 * moved (shown once, where it is now), and a number that changed because the next revision
 * renumbered is not a change. Inside a paragraph, the words inserted and deleted come from jsdiff
 * (`diffWordsWithSpace`) over the text as a reader sees it (`[shall / should]`); beside them, the
 * brackets and alternatives added or cleaned, the sponsors who joined or left, the reservations
 * entered or withdrawn and the status changes, with the views recorded for a point moved to the
 * annex. Pure: the server answers the comparison API with it; the page draws it.
 */
import * as Y from 'yjs'
import { diffWordsWithSpace } from 'diff'
import type { Node as PMNode } from 'prosemirror-model'
import { readText } from './readText.ts'
import { numberDocument, numberTableOf } from './numbering.ts'
import { displayStatus, readConsensusEntry, type ConsensusEntry, type DisplayStatus } from './consensus.ts'
import { readReservations } from './reservations.ts'
import { consensusOf, reservationsOf, textOf } from './ydoc.ts'

/** One paragraph as a comparison sees it. */
export interface ParagraphFacts {
  id: string
  /** Its number in that state (`B.3`, `B.3 bis`, `Annex 1`). */
  label: string
  /** The number of the topic it stands in, or `Annex`. */
  section: string
  status: DisplayStatus
  /** The text as a reader sees it: brackets `[...]`, alternatives `[a / b]`. */
  text: string
  sponsors: string[]
  /** Bracket and alternatives groups by id, with their text as read. */
  groups: Map<string, { kind: 'bracket' | 'alternatives'; text: string }>
  views: string[]
  /** Delegations with a reservation on it. */
  reserved: string[]
}

/** The paragraphs of one state, in document order, and its topics' headings. */
export interface DocumentFacts {
  paragraphs: ParagraphFacts[]
  headings: Map<string, { label: string; text: string }>
}

/** Reads a state of the document (a revision's, or the live one) without writing to it. */
export function factsOf(doc: Y.Doc): DocumentFacts {
  const tree = readText(textOf(doc))
  const consensus = consensusOf(doc)
  const reservations = reservationsOf(doc)
  return factsOfTree(tree, (id) => readConsensusEntry(consensus.get(id)), (id) => readReservations(reservations.get(id)).map((r) => r.delegation), numberTableOf(doc))
}

export function factsOfTree(
  tree: PMNode,
  lookup: (id: string) => ConsensusEntry | null,
  reservedBy: (id: string) => string[],
  table: Parameters<typeof numberDocument>[1],
): DocumentFacts {
  const paragraphs: ParagraphFacts[] = []
  const headings = new Map<string, { label: string; text: string }>()
  let section = ''
  const seen = new Set<string>()
  for (const { node, label } of numberDocument(tree, table)) {
    if (node.type.name === 'topic') {
      section = label
      headings.set(node.attrs.id as string, { label, text: node.firstChild?.textContent ?? '' })
      continue
    }
    const id = node.attrs.id as string | null
    if (!id || seen.has(id)) continue
    seen.add(id)
    if (label.startsWith('Annex ')) section = 'Annex'
    const entry = lookup(id)
    const groups = new Map<string, { kind: 'bracket' | 'alternatives'; text: string }>()
    node.descendants((inner) => {
      if ((inner.type.name === 'bracket' || inner.type.name === 'alternatives') && typeof inner.attrs.id === 'string') {
        groups.set(inner.attrs.id, { kind: inner.type.name, text: readingOf(inner) })
      }
      return true
    })
    paragraphs.push({
      id,
      label,
      section,
      status: displayStatus(node, entry),
      text: readingOf(node),
      sponsors: [...(node.attrs.sponsors as string[])],
      groups,
      views: entry?.status === 'annex' ? [...(entry.views ?? [])] : [],
      reserved: reservedBy(id),
    })
  }
  return { paragraphs, headings }
}

/** The text of a node as a reader sees it: `[shall / should]`, `[text]`. */
export function readingOf(node: PMNode): string {
  if (node.isText) return node.text ?? ''
  const inner: string[] = []
  node.forEach((child) => inner.push(readingOf(child)))
  if (node.type.name === 'bracket') return `[${inner.join('')}]`
  if (node.type.name === 'alternatives') return `[${inner.join(' / ')}]`
  return inner.join('')
}

export interface WordChange {
  op: 'same' | 'inserted' | 'deleted'
  text: string
}

export interface ParagraphComparison {
  paragraphId: string
  /** Null when the paragraph is new. */
  before: { label: string; section: string; status: DisplayStatus } | null
  /** Null when the paragraph is gone. */
  after: { label: string; section: string; status: DisplayStatus } | null
  change: 'added' | 'deleted' | 'changed' | 'unchanged'
  /** The text, word by word: what stayed, what was inserted, what was deleted. */
  words: WordChange[]
  textChanged: boolean
  brackets: { added: string[]; cleaned: string[] }
  alternatives: { added: string[]; cleaned: string[] }
  sponsors: { joined: string[]; left: string[] }
  reservations: { entered: string[]; withdrawn: string[] }
  status: { from: DisplayStatus; to: DisplayStatus } | null
  /** Moved to another topic, into the annex or back: from where to where (`B` -> `Annex`). */
  moved: { from: string; to: string } | null
  /** The views recorded, when the paragraph moved to the annex. */
  views: string[]
}

export interface HeadingComparison {
  topicId: string
  before: string | null
  after: string | null
  words: WordChange[]
}

export interface ComparisonSummary {
  added: number
  deleted: number
  changed: number
  unchanged: number
  moved: number
  statusChanged: number
  bracketsAdded: number
  bracketsCleaned: number
}

export interface Comparison {
  paragraphs: ParagraphComparison[]
  headings: HeadingComparison[]
  summary: ComparisonSummary
}

const minus = (a: readonly string[], b: readonly string[]): string[] => a.filter((x) => !b.includes(x))

export function wordChanges(before: string, after: string): WordChange[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : []
  return diffWordsWithSpace(before, after).map((c) => ({ op: c.added ? 'inserted' : c.removed ? 'deleted' : 'same', text: c.value }))
}

function compareParagraph(id: string, a: ParagraphFacts | undefined, b: ParagraphFacts | undefined): ParagraphComparison {
  const groupsOf = (p: ParagraphFacts | undefined, kind: 'bracket' | 'alternatives'): Map<string, string> =>
    new Map([...(p?.groups ?? new Map())].filter(([, g]) => g.kind === kind).map(([gid, g]) => [gid, g.text]))
  const groupChange = (kind: 'bracket' | 'alternatives'): { added: string[]; cleaned: string[] } => {
    const [x, y] = [groupsOf(a, kind), groupsOf(b, kind)]
    return { added: [...y].filter(([gid]) => !x.has(gid)).map(([, t]) => t), cleaned: [...x].filter(([gid]) => !y.has(gid)).map(([, t]) => t) }
  }
  const words = wordChanges(a?.text ?? '', b?.text ?? '')
  const textChanged = (a?.text ?? '') !== (b?.text ?? '')
  const brackets = a && b ? groupChange('bracket') : { added: [], cleaned: [] }
  const alternatives = a && b ? groupChange('alternatives') : { added: [], cleaned: [] }
  const sponsors = a && b ? { joined: minus(b.sponsors, a.sponsors), left: minus(a.sponsors, b.sponsors) } : { joined: [], left: [] }
  const reservations = a && b ? { entered: minus(b.reserved, a.reserved), withdrawn: minus(a.reserved, b.reserved) } : { entered: [], withdrawn: [] }
  const status = a && b && a.status !== b.status ? { from: a.status, to: b.status } : null
  const moved = a && b && a.section !== b.section ? { from: a.section, to: b.section } : null
  const any = textChanged || sponsors.joined.length + sponsors.left.length + reservations.entered.length + reservations.withdrawn.length > 0 || status !== null || moved !== null
  return {
    paragraphId: id,
    before: a ? { label: a.label, section: a.section, status: a.status } : null,
    after: b ? { label: b.label, section: b.section, status: b.status } : null,
    change: !a ? 'added' : !b ? 'deleted' : any ? 'changed' : 'unchanged',
    words,
    textChanged,
    brackets,
    alternatives,
    sponsors,
    reservations,
    status,
    moved,
    views: b && b.status === 'annex' && a?.status !== 'annex' ? b.views : [],
  }
}

/**
 * `older` against `newer`, paragraph by paragraph, in the newer document's order; a deleted
 * paragraph stands after the one it followed in the older document.
 */
export function compareDocuments(older: DocumentFacts, newer: DocumentFacts): Comparison {
  const before = new Map(older.paragraphs.map((p) => [p.id, p]))
  const after = new Map(newer.paragraphs.map((p) => [p.id, p]))
  const out: ParagraphComparison[] = newer.paragraphs.map((p) => compareParagraph(p.id, before.get(p.id), p))
  // Deleted paragraphs go after the nearest paragraph before them (in the older text) still there.
  let anchor: string | null = null
  const deletedAfter = new Map<string | null, ParagraphComparison[]>()
  for (const p of older.paragraphs) {
    if (after.has(p.id)) {
      anchor = p.id
      continue
    }
    const list = deletedAfter.get(anchor) ?? []
    list.push(compareParagraph(p.id, p, undefined))
    deletedAfter.set(anchor, list)
  }
  const paragraphs: ParagraphComparison[] = [...(deletedAfter.get(null) ?? [])]
  for (const c of out) paragraphs.push(c, ...(deletedAfter.get(c.paragraphId) ?? []))

  const headings: HeadingComparison[] = []
  for (const id of new Set([...older.headings.keys(), ...newer.headings.keys()])) {
    const [x, y] = [older.headings.get(id)?.text ?? null, newer.headings.get(id)?.text ?? null]
    if (x !== y) headings.push({ topicId: id, before: x, after: y, words: wordChanges(x ?? '', y ?? '') })
  }

  const summary: ComparisonSummary = { added: 0, deleted: 0, changed: 0, unchanged: 0, moved: 0, statusChanged: 0, bracketsAdded: 0, bracketsCleaned: 0 }
  for (const c of paragraphs) {
    summary[c.change]++
    if (c.moved) summary.moved++
    if (c.status) summary.statusChanged++
    summary.bracketsAdded += c.brackets.added.length + c.alternatives.added.length
    summary.bracketsCleaned += c.brackets.cleaned.length + c.alternatives.cleaned.length
  }
  return { paragraphs, headings, summary }
}
