/**
 * Where a change to the text stands (SPEC R5, R15): the root, the innermost paragraph and whether
 * it is in the title, for each inserted or deleted item. The server's guard judges each item of an
 * update by its place (inside `afterTransaction`, before garbage collection, when deleted items
 * still know their parents); the page asks the same question of its offline changes before it
 * offers them (`unsentFootprint`), so that both sides agree on which paragraph a change belongs to.
 */
import * as Y from 'yjs'
import { ROOT_TEXT } from './ydoc.ts'

export interface ItemPlace {
  /** The root type's name (`prosemirror` for the text), or null when the item hangs nowhere. */
  root: string | null
  /** The id of the innermost paragraph (recommendation) holding the item, if any. */
  recommendationId: string | null
  /** Inside the title element (R14). */
  inTitle: boolean
}

/** Walks from an item to its root type, noting the innermost paragraph and the title on the way. */
export function placeOfItem(item: Y.Item): ItemPlace {
  let recommendationId: string | null = null
  let inTitle = false
  let type = item.parent
  while (type instanceof Y.AbstractType) {
    if (recommendationId === null && type instanceof Y.XmlElement && type.nodeName === 'recommendation') {
      recommendationId = rawAttribute(type, 'id')
    }
    if (type instanceof Y.XmlElement && type.nodeName === 'title') inTitle = true
    if (type._item === null) return { root: Y.findRootTypeKey(type), recommendationId, inTitle }
    type = type._item.parent
  }
  return { root: null, recommendationId, inTitle }
}

/** The id of the paragraph this item is (an inserted, moved or removed recommendation element). */
export function paragraphIdOfItem(item: Y.Item): string | null {
  if (!(item.content instanceof Y.ContentType)) return null
  const type = item.content.type
  return type instanceof Y.XmlElement && type.nodeName === 'recommendation' ? rawAttribute(type, 'id') : null
}

/** An attribute's value even when the element or the attribute was deleted in this transaction. */
export function rawAttribute(el: Y.XmlElement, key: string): string | null {
  const entry = el._map.get(key)
  if (!entry) return null
  const value = lastContent(entry)
  return typeof value === 'string' ? value : null
}

/** The last value an item holds (an attribute item holds one). */
export function lastContent(item: Y.Item): unknown {
  const content = item.content.getContent()
  return content[content.length - 1]
}

/** Calls `fn` for every item `tr` inserted (every clock range that grew), with its client id. */
export function forEachInserted(tr: Y.Transaction, fn: (item: Y.Item) => void): void {
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = tr.doc.store.clients.get(client) ?? []
    for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i++) {
      const struct = structs[i]!
      if (struct instanceof Y.Item) fn(struct)
    }
  }
}

/** What changes touched in the text: paragraphs by id, and whether the title. */
export interface Footprint {
  paragraphs: Set<string>
  title: boolean
}

/**
 * The paragraphs that `local`'s changes unknown to `server` touch (R15): everything it inserted
 * or deleted that the server lacks, placed in `local`'s own tree (where the parents still stand,
 * even when someone moved or removed the paragraph on the server meanwhile), and the paragraphs
 * it removed that the server still has. Pure: reads both documents, writes neither.
 */
export function unsentFootprint(local: Y.Doc, server: Y.Doc): Footprint {
  const footprint: Footprint = { paragraphs: new Set(), title: false }
  const note = (item: Y.Item): void => {
    const place = placeOfItem(item)
    if (place.root !== ROOT_TEXT) return
    if (place.recommendationId) footprint.paragraphs.add(place.recommendationId)
    const own = paragraphIdOfItem(item)
    if (own) footprint.paragraphs.add(own)
    if (place.inTitle) footprint.title = true
  }
  for (const [client, structs] of local.store.clients) {
    const known = Y.getState(server.store, client)
    if (Y.getState(local.store, client) <= known) continue
    for (let i = Y.findIndexSS(structs, known); i < structs.length; i++) {
      const struct = structs[i]!
      if (struct instanceof Y.Item) note(struct)
    }
  }
  const serverDeleted = Y.createDeleteSetFromStructStore(server.store)
  for (const [client, ranges] of Y.createDeleteSetFromStructStore(local.store).clients) {
    const structs = local.store.clients.get(client) ?? []
    for (const { clock, len } of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        const struct = structs[i]!
        if (struct instanceof Y.Item && !Y.isDeleted(serverDeleted, struct.id)) note(struct)
      }
    }
  }
  // A paragraph removed whole: its element may be collected, so it is known by what it lacks.
  const standing = paragraphElements(local.getXmlFragment(ROOT_TEXT))
  for (const [id, el] of paragraphElements(server.getXmlFragment(ROOT_TEXT))) {
    const item = el._item!
    if (!standing.has(id) && Y.getState(local.store, item.id.client) > item.id.clock) footprint.paragraphs.add(id)
  }
  return footprint
}

/** Paragraph id -> its element, for every paragraph standing in the text. */
function paragraphElements(fragment: Y.XmlFragment): Map<string, Y.XmlElement> {
  const out = new Map<string, Y.XmlElement>()
  const visit = (type: Y.XmlFragment): void => {
    for (const child of type.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'recommendation') {
        const id = child.getAttribute('id')
        if (typeof id === 'string') out.set(id, child)
      } else visit(child)
    }
  }
  visit(fragment)
  return out
}
