/**
 * Who is here (SPEC P8): the people connected to the document, live, each with their delegation,
 * role and the paragraph they are in, numbered as people say it (`in B.3`). Observers are listed
 * apart. One entry per person: several windows of the same person are counted, not repeated.
 *
 * Identities come from awareness, whose `user` the server stamps from the session (R9); the place
 * comes from y-prosemirror's `cursor` field (relative positions), read against this page's editor.
 */
import { t } from '../i18n.ts'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import type { EditorView } from 'prosemirror-view'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import { numbersOf } from '../editor/numberingPlugin.ts'
import { isRole, ROLE_LABEL, type Role } from '../../../shared/roles.ts'

/** The local person: their own awareness state carries only the name the page wrote. */
export interface PresenceMe {
  name: string
  delegation: string
  role: Role
}

export interface PresenceEntry {
  name: string
  delegation: string
  role: Role
  color: string | null
  me: boolean
  windows: number
  /** Where each window with a caret is (`in B.3`), without repeats; empty when none is. */
  places: string[]
}

const ROLE_ORDER: Record<Role, number> = { chair: 0, secretariat: 1, member: 2, observer: 3 }
const COLOR = /^#[0-9a-fA-F]{6}$/
// A short pause, not an animation frame: a window in the background keeps its list current
// (as the status panel does), and bursts of cursor moves still draw once.
const THROTTLE_MS = 50

export function presencePanel(
  host: HTMLElement,
  awareness: Awareness,
  view: () => EditorView | null,
  ydoc: Y.Doc,
  me: PresenceMe,
): { destroy(): void } {
  const section = document.createElement('section')
  section.className = 'presence'
  section.setAttribute('aria-label', t('presence.title'))
  const heading = document.createElement('h2')
  heading.textContent = t('presence.title')
  const body = document.createElement('div')
  body.className = 'presence-groups'
  section.append(heading, body)
  host.replaceChildren(section)

  let timer: ReturnType<typeof setTimeout> | null = null
  let drawn = ''
  const render = (): void => {
    timer = null
    const entries = presenceEntries(awareness, view(), me)
    // Unchanged lists are left alone: no redraw, nothing for assistive technology to re-read.
    const signature = JSON.stringify(entries)
    if (signature === drawn) return
    drawn = signature
    const here = entries.filter((e) => e.role !== 'observer')
    const observers = entries.filter((e) => e.role === 'observer')
    body.replaceChildren(group('presence-here', t('presence.here', { count: here.length }), here), ...(observers.length ? [group('presence-observers', t('presence.observers', { count: observers.length }), observers)] : []))
  }
  const schedule = (): void => {
    timer ??= setTimeout(render, THROTTLE_MS)
  }
  awareness.on('change', schedule)
  // Paragraph numbers shift with the text even when nobody's caret moves.
  ydoc.on('update', schedule)
  render()
  return {
    destroy() {
      awareness.off('change', schedule)
      ydoc.off('update', schedule)
      if (timer) clearTimeout(timer)
      section.remove()
    },
  }
}

/** Everyone in `awareness`, one entry per person, the local person first, then by role and name. */
export function presenceEntries(awareness: Awareness, view: EditorView | null, me: PresenceMe): PresenceEntry[] {
  const where = placeFinder(view)
  const people = new Map<string, PresenceEntry>()
  for (const [clientId, state] of awareness.getStates()) {
    const mine = clientId === awareness.clientID
    const user = (state as { user?: Record<string, unknown> }).user ?? {}
    const who = mine ? me : { name: user.name, delegation: user.delegation, role: user.role }
    if (typeof who.name !== 'string' || typeof who.delegation !== 'string' || !isRole(who.role)) continue
    // The server stamps the same name, delegation and role on the person's other windows.
    const key = JSON.stringify([who.name, who.delegation, who.role])
    const entry = people.get(key) ?? { name: who.name, delegation: who.delegation, role: who.role, color: null, me: false, windows: 0, places: [] }
    entry.windows++
    entry.me ||= mine
    if (entry.color === null && typeof user.color === 'string' && COLOR.test(user.color)) entry.color = user.color
    const place = where((state as { cursor?: unknown }).cursor)
    if (place && !entry.places.includes(place)) entry.places.push(place)
    people.set(key, entry)
  }
  return [...people.values()].sort(
    (a, b) => Number(b.me) - Number(a.me) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name) || a.delegation.localeCompare(b.delegation),
  )
}

/** Reads an awareness `cursor` ({ anchor, head } as JSON) as a place in words, or null. */
function placeFinder(view: EditorView | null): (cursor: unknown) => string | null {
  const ystate = view ? ySyncPluginKey.getState(view.state) : null
  if (!view || !ystate?.binding || ystate.binding.mapping.size === 0) return () => null
  const doc = view.state.doc
  const labels = new Map(numbersOf(view.state).map((n) => [n.pos, n.label]))
  return (cursor) => {
    const head = (cursor as { head?: unknown } | null | undefined)?.head
    if (head == null) return null
    let pos: number | null
    try {
      pos = relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.createRelativePositionFromJSON(head), ystate.binding.mapping)
    } catch {
      return null // a malformed position from another client names no place
    }
    if (pos === null) return null
    const $pos = doc.resolve(Math.min(Math.max(pos, 0), doc.content.size))
    if ($pos.depth === 0) return t('presence.inText')
    const section = $pos.node(1)
    const sectionLabel = labels.get($pos.before(1))
    if (section.type.name === 'title') return t('presence.inTitle')
    if ($pos.depth >= 2) {
      const inner = $pos.node(2)
      if (inner.type.name === 'topicHeading') return t('presence.inTopicHeading', { label: String(sectionLabel) })
      const label = labels.get($pos.before(2))
      if (label) return t('presence.inParagraph', { label })
    }
    if (section.type.name === 'topic' && sectionLabel) return t('presence.inTopic', { label: sectionLabel })
    if (section.type.name === 'annex') return t('presence.inAnnex')
    return t('presence.inText')
  }
}

function group(className: string, title: string, entries: PresenceEntry[]): HTMLElement {
  const div = document.createElement('div')
  div.className = `presence-group ${className}`
  const h = document.createElement('h3')
  h.textContent = title
  const list = document.createElement('ul')
  list.append(...entries.map(personItem))
  div.append(h, list)
  return div
}

function personItem(e: PresenceEntry): HTMLLIElement {
  const li = document.createElement('li')
  li.className = 'presence-person'
  li.dataset.name = e.name
  li.dataset.delegation = e.delegation
  li.dataset.role = e.role
  if (e.me) li.dataset.me = 'true'
  const swatch = document.createElement('span')
  swatch.className = 'presence-swatch'
  swatch.setAttribute('aria-hidden', 'true')
  if (e.color) swatch.style.backgroundColor = e.color
  const name = document.createElement('strong')
  name.className = 'presence-name'
  name.textContent = e.me ? t('presence.you', { name: e.name }) : e.name
  const details = document.createElement('span')
  details.className = 'presence-details'
  details.textContent = e.windows > 1 ? t('presence.detailsWindows', { delegation: e.delegation, role: ROLE_LABEL[e.role], windows: e.windows }) : t('presence.details', { delegation: e.delegation, role: ROLE_LABEL[e.role] })
  const place = document.createElement('span')
  place.className = 'presence-place'
  place.textContent = e.places.length ? e.places.join(', ') : t('presence.nowhere')
  li.append(swatch, name, ' · ', details, ' · ', place)
  return li
}
