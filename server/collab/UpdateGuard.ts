/**
 * The consensus guard: judges what an untrusted update did to the shadow document, from Yjs's
 * own integration (SPEC R1-R9). It runs inside the shadow's `afterTransaction`, before garbage
 * collection, so deleted items still know their parents and content.
 *
 * For every item the transaction inserted and every item it deleted it finds the root type and the
 * recommendation it belongs to, and refuses, as a whole, an update that
 * - comes from a role that may not write text (observers);
 * - writes to a root type other than the text (the consensus map and meta are the server's);
 * - inserts, deletes, formats, splits, merges, moves or removes anything inside a locked paragraph;
 * - gives a paragraph an id that has a consensus entry (a paragraph "born agreed");
 * - carries structs of a Yjs client id bound to another member;
 * - removes someone else's bracket or alternative when the role may not clean (R12);
 * - changes the title, for a role that does not keep it (R14: the chair and the secretariat);
 * - makes a paragraph it added text to longer than the limit (R16);
 * - leaves an element it touched outside the schema's content rules (R11: a topic without its
 *   heading, an empty group of alternatives, a second title, a topic after the annex);
 * - gives new text, for a member, a sponsor that never sponsored anything here (R13).
 * An accepted update that changed the sponsors of existing text names them for the server to
 * restore (R13: sponsorship changes only by command).
 */
import * as Y from 'yjs'
import { isLocked, readConsensusEntry, type ConsensusEntry } from '../../shared/consensus.ts'
import { may, type DocumentRole } from '../../shared/roles.ts'
import { ROOT_TEXT } from '../../shared/ydoc.ts'
import { schema } from '../../shared/schema.ts'
import { judgeSponsorsInEdit, readSponsors } from '../../shared/sponsorship.ts'
import { ROOT, REQUIRED_AT_ROOT, isKnownElement, mayContain, treeProblem } from './structure.ts'
import { describeKey, sponsorKey, type SponsorIndex } from './sponsorIndex.ts'
import { forEachInserted, lastContent, paragraphIdOfItem, placeOfItem, rawAttribute } from '../../shared/editFootprint.ts'
import { paragraphTooLong, type TextLimits } from '../../shared/limits.ts'
import { lockRefusal } from '../../shared/lockRule.ts'
import type { BreakoutInfo } from '../../shared/breakouts.ts'
import { cleaningRefusal, type BracketKind, type Removal } from '../../shared/cleaningRule.ts'

export interface GuardContext {
  memberId: string
  role: DocumentRole
  /** The delegation the participant speaks for (R13). */
  delegation: string
  /** Who sponsored what in the authoritative document, before this update (built when first asked). */
  sponsorsBefore(): SponsorIndex
  /** Owner (member id) of a Yjs client id in this document, if bound. */
  ownerOf(clientId: number): string | undefined
  /** The authoritative consensus entry of a recommendation id. */
  consensusOf(recommendationId: string): ConsensusEntry | null
  /** How people name a paragraph (`E.1`, `Annex 2`), for reasons; asked only when refusing. */
  labelOf(recommendationId: string): string
  /** The running break-out that freezes a paragraph in this document (B3), or null. */
  frozenIn(recommendationId: string): Pick<BreakoutInfo, 'number'> | null
  /** The size limits of the text (R16). */
  limits: TextLimits
}

/** Sponsors the server puts back on a node after accepting an edit (R13), by sponsor key. */
export interface SponsorRestore {
  key: string
  sponsors: string[]
}

/**
 * Accepted: the Yjs client ids seen for the first time, the paragraphs touched (for the audit
 * log), the sponsors to restore and the delegations the update named as sponsors (R13).
 */
export type GuardVerdict =
  | {
      ok: true
      newClientIds: number[]
      paragraphs: string[]
      sponsorRestores: SponsorRestore[]
      sponsorsSeen: string[]
      /** Characters of text the update added, less those it removed (R16). */
      charDelta: number
    }
  | { ok: false; reason: string }

/** Judges the shadow transaction `tr` (call from `afterTransaction`). */
export function judgeTransaction(tr: Y.Transaction, ctx: GuardContext): GuardVerdict {
  const newClientIds: number[] = []
  const paragraphs = new Set<string>()
  /** Elements whose sponsors or id were written: judged by id once everything is integrated. */
  const sponsorWrites = new Set<Y.XmlElement>()
  let refusal: string | null = null
  const refuse = (reason: string): void => {
    refusal ??= reason
  }

  // Inserted structs: every clock range that grew in this transaction.
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0
    if (after <= before) continue
    const owner = ctx.ownerOf(client)
    if (owner === undefined) newClientIds.push(client)
    else if (owner !== ctx.memberId) refuse(`Yjs client id ${client} belongs to another participant`)
    const structs = tr.doc.store.clients.get(client) ?? []
    for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i++) {
      const struct = structs[i]!
      if (!(struct instanceof Y.Item)) continue
      judgeItem(struct, 'insert', ctx, refuse, paragraphs)
      if ((struct.parentSub === 'sponsors' || struct.parentSub === 'id') && struct.parent instanceof Y.XmlElement) {
        sponsorWrites.add(struct.parent)
      }
    }
  }
  const sponsorship = sponsorWrites.size > 0 && refusal === null ? judgeSponsorship(sponsorWrites, ctx) : { refusal: null, restores: [], seen: [] }
  if (sponsorship.refusal) refuse(sponsorship.refusal)
  // Deleted items (including the children of deleted types).
  // Computed only when a bracket is actually removed: most updates remove none.
  let reinsertedIds: Set<string> | null = null
  const reinserted = (): Set<string> => (reinsertedIds ??= insertedBracketIds(tr))
  const live = lazyParagraphIds(tr)
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (struct instanceof Y.Item && refusal === null && !may(ctx.role, 'clean')) {
      const removal = removalOf(struct, ctx, reinserted, newClientIds, tr, live)
      const cleaning = removal && cleaningRefusal([removal], ctx.role)
      if (cleaning) refuse(cleaning)
    }
    if (struct instanceof Y.Item) judgeItem(struct, 'delete', ctx, refuse, paragraphs)
  })
  if (refusal === null && (newClientIds.length > 0 || tr.deleteSet.clients.size > 0) && !may(ctx.role, 'editText')) {
    refuse(`${ctx.role}s cannot edit the document`)
  }
  if (refusal === null) {
    const shape = treeProblem(tr)
    if (shape) refuse(shape)
  }
  const size = refusal === null ? measureText(tr, ctx) : { charDelta: 0, refusal: null }
  if (size.refusal) refuse(size.refusal)
  return refusal === null
    ? { ok: true, newClientIds, paragraphs: [...paragraphs], sponsorRestores: sponsorship.restores, sponsorsSeen: sponsorship.seen, charDelta: size.charDelta }
    : { ok: false, reason: refusal }
}

function judgeItem(
  item: Y.Item,
  op: 'insert' | 'delete',
  ctx: GuardContext,
  refuse: (r: string) => void,
  paragraphs: Set<string>,
): void {
  if (!may(ctx.role, 'editText')) {
    refuse(`${ctx.role}s cannot edit the document`)
    return
  }
  const place = placeOfItem(item)
  if (place.root !== ROOT_TEXT) {
    refuse(place.root === null ? 'an update wrote outside any root type' : `clients may not write to "${place.root}"`)
    return
  }
  // The item is itself a recommendation element (inserted, moved or removed).
  const own = paragraphIdOfItem(item)
  if (place.recommendationId) paragraphs.add(place.recommendationId)
  if (own) paragraphs.add(own)
  const locked = lockRefusal({ paragraphs: [place.recommendationId, own].filter((id): id is string => id !== null), title: place.inTitle }, ctx)
  if (locked) {
    refuse(locked)
    return
  }
  const shape = op === 'insert' ? shapeProblem(item) : removalProblem(item)
  if (shape) {
    refuse(shape)
    return
  }
  if (item.parentSub === 'id' && item.parent instanceof Y.XmlElement && item.parent.nodeName === 'recommendation') {
    const id = lastContent(item)
    if (typeof id !== 'string') return
    // Overwriting the id of a locked paragraph would strip its status.
    if (op === 'delete' && isLocked(ctx.consensusOf(id))) refuse(`${ctx.labelOf(id)} is locked: its identity cannot change`)
    // A paragraph cannot take an id that already has a status (it would be born agreed). A
    // reopened paragraph's entry says `proposed` and only keeps its history (C9): no lock to steal.
    if (op === 'insert' && (readConsensusEntry(ctx.consensusOf(id))?.status ?? 'proposed') !== 'proposed') {
      refuse(`a new paragraph cannot take the identity of ${ctx.labelOf(id)}, which has a status`)
    }
  }
}


/**
 * SPEC R16: the characters the transaction added and removed, and whether a paragraph it added text
 * to now holds more than the limit (only paragraphs that received text are measured).
 */
function measureText(tr: Y.Transaction, ctx: GuardContext): { charDelta: number; refusal: string | null } {
  let added = 0
  let removed = 0
  const grown = new Set<Y.XmlElement>()
  forEachInserted(tr, (item) => {
    if (!(item.content instanceof Y.ContentString) || item.deleted) return
    added += item.length
    const paragraph = paragraphOf(item)
    if (paragraph) grown.add(paragraph)
  })
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    // Only text that stood before this transaction: what it inserted and deleted again never counted.
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString && struct.id.clock < (tr.beforeState.get(struct.id.client) ?? 0)) {
      removed += struct.length
    }
  })
  for (const paragraph of grown) {
    const chars = charsIn(paragraph)
    if (chars > ctx.limits.paragraphChars) {
      const id = rawAttribute(paragraph, 'id')
      return { charDelta: 0, refusal: paragraphTooLong(id ? ctx.labelOf(id) : 'a new paragraph', chars, ctx.limits) }
    }
  }
  return { charDelta: added - removed, refusal: null }
}

/** The paragraph element an item stands in, if any. */
function paragraphOf(item: Y.Item): Y.XmlElement | null {
  let type = item.parent
  while (type instanceof Y.AbstractType) {
    if (type instanceof Y.XmlElement && type.nodeName === 'recommendation') return type
    type = type._item ? type._item.parent : null
  }
  return null
}

/** Characters of text inside an element (its text runs, nested brackets and options included). */
export function charsIn(el: Y.XmlElement | Y.XmlFragment): number {
  let n = 0
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) n += child.length
    else if (child instanceof Y.XmlElement) n += charsIn(child)
  }
  return n
}

/**
 * SPEC R13: compares, by id, the sponsors of every node whose sponsors or id this update wrote
 * with what the authoritative document had under that id (an element may have been reused for
 * another paragraph, so the element itself says nothing). Existing nodes get their sponsors back;
 * a member's new nodes name only known delegations. Also returns the names seen, so that a later
 * split of this text is known to carry them.
 */
function judgeSponsorship(
  elements: Set<Y.XmlElement>,
  ctx: GuardContext,
): { refusal: string | null; restores: SponsorRestore[]; seen: string[] } {
  const seen = new Set<string>()
  const restores: SponsorRestore[] = []
  let before: SponsorIndex | null = null
  for (const el of elements) {
    if (isRemoved(el)) continue
    const key = sponsorKey(el)
    if (key === null) continue
    const after = readSponsors(el.getAttribute('sponsors'))
    for (const s of after) seen.add(s)
    before ??= ctx.sponsorsBefore()
    // Options are known by their place: when the group gained or lost options, places moved.
    const stable = !key.startsWith('option:') || before.optionCounts.get(groupOf(key)) === optionCount(el)
    const verdict = judgeSponsorsInEdit(describeKey(key), stable ? (before.byKey.get(key) ?? null) : null, after, ctx, before.all)
    if (verdict.kind === 'refuse') return { refusal: verdict.reason, restores: [], seen: [] }
    if (verdict.kind === 'restore') restores.push({ key, sponsors: verdict.sponsors })
  }
  return { refusal: null, restores, seen: [...seen] }
}

const groupOf = (optionKey: string): string => optionKey.split(':')[1] ?? ''
const optionCount = (option: Y.XmlElement): number => (option.parent instanceof Y.XmlElement ? option.parent.length : -1)

/** Whether the element, or anything around it, is deleted. */
function isRemoved(el: Y.XmlElement): boolean {
  let item: Y.Item | null = el._item
  while (item) {
    if (item.deleted) return true
    item = item.parent instanceof Y.AbstractType ? item.parent._item : null
  }
  return false
}

const BRACKETS = new Set(['bracket', 'alternatives', 'option'])

/**
 * Ids of the brackets and groups this transaction inserted: a bracket that became a group (D5),
 * or one that moved with its text when a paragraph was split or joined.
 */
function insertedBracketIds(tr: Y.Transaction): Set<string> {
  const ids = new Set<string>()
  forEachInserted(tr, (item) => {
    if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) {
      const el = item.content.type
      const id = el.nodeName === 'alternatives' || el.nodeName === 'bracket' ? rawAttribute(el, 'id') : null
      if (id) ids.add(id)
    }
  })
  return ids
}

/**
 * SPEC R12, the guard's half: what removing `item` removes, for the shared cleaning rule (null when
 * it is no bracket, group or option). The paragraph is known by its id, not its element:
 * y-prosemirror may reuse one paragraph's element for its neighbour when a paragraph is removed,
 * so gone by id is removed with its paragraph, not cleaned.
 */
function removalOf(
  item: Y.Item,
  ctx: GuardContext,
  reinserted: () => Set<string>,
  newClientIds: number[],
  tr: Y.Transaction,
  live: () => Set<string>,
): Removal | null {
  if (item.parentSub !== null || !(item.content instanceof Y.ContentType)) return null
  const el = item.content.type
  if (!(el instanceof Y.XmlElement) || !BRACKETS.has(el.nodeName)) return null
  const kind = el.nodeName as BracketKind
  let paragraphStays = true
  let parent = item.parent
  while (parent instanceof Y.AbstractType && parent._item) {
    if (parent._item.deleted) {
      paragraphStays = false // removed with its whole paragraph (or topic)
      break
    }
    if (parent instanceof Y.XmlElement && parent.nodeName === 'recommendation') {
      const id = attributeBefore(parent, 'id', tr) ?? rawAttribute(parent, 'id')
      if (id && !live().has(id)) paragraphStays = false
      break
    }
    parent = parent._item.parent
  }
  const creator = item.id.client
  return {
    kind,
    paragraphStays,
    own: ctx.ownerOf(creator) === ctx.memberId || newClientIds.includes(creator),
    standsAgain: kind !== 'option' && paragraphStays && reinserted().has(rawAttribute(el, 'id') ?? ''),
  }
}

/** The ids of the paragraphs standing after the transaction, computed once when first asked. */
function lazyParagraphIds(tr: Y.Transaction): () => Set<string> {
  let ids: Set<string> | null = null
  return () => {
    if (ids) return ids
    ids = new Set()
    const visit = (type: Y.XmlFragment | Y.XmlElement): void => {
      for (const child of type.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue
        if (child.nodeName === 'recommendation') {
          const id = child.getAttribute('id')
          if (typeof id === 'string') ids!.add(id)
        } else visit(child)
      }
    }
    visit(tr.doc.getXmlFragment(ROOT_TEXT))
    return ids
  }
}

/** An element's attribute as it was before this transaction (null if it is new in it). */
function attributeBefore(el: Y.XmlElement, key: string, tr: Y.Transaction): string | null {
  for (let item = el._map.get(key) ?? null; item; item = item.left) {
    if (item.id.clock < (tr.beforeState.get(item.id.client) ?? 0)) {
      const value = lastContent(item)
      return typeof value === 'string' ? value : null
    }
  }
  return null
}

/** SPEC R11: what an inserted item may be, given where it stands. Null when it fits the schema. */
function shapeProblem(item: Y.Item): string | null {
  const parent = item.parent
  if (item.parentSub !== null) {
    // An attribute: only on elements (y-prosemirror keeps node attributes there).
    return parent instanceof Y.XmlElement ? null : 'attributes may stand only on elements'
  }
  const content = item.content
  // Content deleted (and collected) on the sender before it was sent: nothing left to check.
  if (content instanceof Y.ContentDeleted) return null
  const parentName = parent instanceof Y.XmlElement ? parent.nodeName : parent instanceof Y.XmlText ? '#text' : ROOT
  if (content instanceof Y.ContentType) {
    const type = content.type
    if (type instanceof Y.XmlElement) {
      if (!isKnownElement(type.nodeName)) return `the document has no element "${type.nodeName}"`
      if (!mayContain(parentName, type.nodeName)) return `"${type.nodeName}" cannot stand inside "${parentName}"`
      return null
    }
    if (type instanceof Y.XmlText) return mayContain(parentName, '#text') ? null : `text cannot stand directly inside "${parentName}"`
    return 'the text holds only elements and text'
  }
  if (parentName !== '#text') return `"${parentName}" holds elements and text, not raw content`
  if (content instanceof Y.ContentString) return null
  if (content instanceof Y.ContentFormat) {
    return content.key in schema.marks || content.key === 'ychange' ? null : `the document has no mark "${content.key}"`
  }
  return 'text holds only characters and marks'
}

/** SPEC R11: the title and the annex stay. */
function removalProblem(item: Y.Item): string | null {
  if (item.parentSub !== null || item.parent instanceof Y.XmlElement || item.parent instanceof Y.XmlText) return null
  const content = item.content
  if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement && REQUIRED_AT_ROOT.has(content.type.nodeName)) {
    return `the ${content.type.nodeName} cannot be removed`
  }
  return null
}
