/**
 * Who sponsors what in a Y document, by id (SPEC R13). Nodes are known by their ids, never by their
 * Y elements: y-prosemirror may reuse one paragraph's element for its neighbour. An option has no
 * id of its own and is known by its group's id and its place in the group.
 */
import * as Y from 'yjs'
import { readSponsors } from '../../shared/sponsorship.ts'

const SPONSORED = new Set(['recommendation', 'bracket', 'option'])

export interface SponsorIndex {
  /** key (see `sponsorKey`) -> sponsors. */
  byKey: Map<string, string[]>
  /** Every delegation sponsoring anything (and, in the room's index, that ever did). */
  all: Set<string>
  /** alternatives id -> how many options it has. */
  optionCounts: Map<string, number>
}

/** The key of a sponsored element, or null when it carries no sponsors or no id to know it by. */
export function sponsorKey(el: Y.XmlElement): string | null {
  if (!SPONSORED.has(el.nodeName)) return null
  if (el.nodeName === 'option') {
    const group = el.parent
    if (!(group instanceof Y.XmlElement)) return null
    const groupId = group.getAttribute('id')
    return typeof groupId === 'string' ? optionKey(groupId, group.toArray().indexOf(el)) : null
  }
  const id = el.getAttribute('id')
  return typeof id === 'string' ? `${el.nodeName}:${id}` : null
}

const optionKey = (groupId: string, index: number): string => `option:${groupId}:${index}`

/** Indexes every sponsored node of `fragment`. */
export function buildSponsorIndex(fragment: Y.XmlFragment): SponsorIndex {
  const index: SponsorIndex = { byKey: new Map(), all: new Set(), optionCounts: new Map() }
  const visit = (type: Y.XmlFragment | Y.XmlElement): void => {
    type.toArray().forEach((child, i) => {
      if (!(child instanceof Y.XmlElement)) return
      if (child.nodeName === 'alternatives') {
        const id = child.getAttribute('id')
        if (typeof id === 'string') index.optionCounts.set(id, child.length)
      }
      if (SPONSORED.has(child.nodeName)) {
        const sponsors = readSponsors(child.getAttribute('sponsors'))
        for (const s of sponsors) index.all.add(s)
        const groupId = type instanceof Y.XmlElement ? type.getAttribute('id') : undefined
        const key = child.nodeName === 'option' ? (typeof groupId === 'string' ? optionKey(groupId, i) : null) : sponsorKey(child)
        if (key) index.byKey.set(key, sponsors)
      }
      visit(child)
    })
  }
  visit(fragment)
  return index
}

/** What a key names, for a refusal a person can read. */
export function describeKey(key: string): string {
  const [kind, id, index] = key.split(':')
  if (kind === 'recommendation') return `paragraph ${id}`
  if (kind === 'bracket') return `bracket ${id}`
  return `option ${Number(index) + 1} of ${id}`
}

/** The element a sponsor key names in `fragment`, if it stands there. */
export function elementOfKey(fragment: Y.XmlFragment, key: string): Y.XmlElement | null {
  const [kind, id, index] = key.split(':')
  const name = kind === 'option' ? 'alternatives' : kind
  const found = findById(fragment, name ?? '', id ?? '')
  if (!found || kind !== 'option') return found
  const option = found.get(Number(index))
  return option instanceof Y.XmlElement && option.nodeName === 'option' ? option : null
}

/** The first element named `name` with this id inside `within` (depth first). */
export function findById(within: Y.XmlFragment | Y.XmlElement, name: string, id: string): Y.XmlElement | null {
  for (const child of within.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    if (child.nodeName === name && child.getAttribute('id') === id) return child
    const inner = findById(child, name, id)
    if (inner) return inner
  }
  return null
}

/**
 * The delegations that have sponsored something in one loaded document (R13): seeded from the
 * text before the first edit is judged, extended by every accepted edit and command, so that the
 * split-off half of a paragraph removed meanwhile still carries known names.
 */
export class SponsorMemory {
  private readonly seen = new Set<string>()
  private seeded = false

  /** Notes who sponsors what in `fragment`, once. */
  seed(fragment: Y.XmlFragment): void {
    if (this.seeded) return
    this.seeded = true
    this.note(buildSponsorIndex(fragment).all)
  }

  note(names: Iterable<string>): void {
    for (const name of names) this.seen.add(name)
  }

  /** Who sponsors what in `fragment` now, with every delegation ever seen sponsoring here. */
  index(fragment: Y.XmlFragment): SponsorIndex {
    const index = buildSponsorIndex(fragment)
    this.note(index.all)
    return { ...index, all: this.seen }
  }
}
