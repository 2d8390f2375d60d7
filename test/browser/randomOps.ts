/**
 * Random honest edits, run inside a page through the real editor (view.dispatch, so through
 * y-prosemirror's binding and every plugin, the lock filter included). The choices come as
 * numbers in [0, 1) from the test's seeded generator, so a seed replays the same intentions.
 * This function is serialised into the page: it may use only what the page has at hand.
 */
import type { EditorView } from 'prosemirror-view'

export interface RandomOp {
  kind: number
  a: number
  b: number
  text: string
  sponsor: string
}

export const OP_KINDS = 7

/** Applies one random edit in the page; returns a short description (or 'skip'). */
export function applyRandomOp(op: RandomOp): string {
  const view = (window as unknown as { accord?: { editor(): { view: EditorView } | null } }).accord?.editor()?.view
  if (!view) return 'skip: no editor'
  const { state } = view
  const schema = state.schema
  const recs: { pos: number; size: number; topicEnd: number; locked: boolean }[] = []
  const topics: { pos: number; end: number; count: number }[] = []
  state.doc.forEach((section, offset) => {
    if (section.type.name !== 'topic') return
    topics.push({ pos: offset, end: offset + section.nodeSize - 1, count: section.childCount - 1 })
    section.forEach((child, childOffset) => {
      if (child.type.name !== 'recommendation') return
      const pos = offset + 1 + childOffset
      const dom = view.nodeDOM(pos) as HTMLElement | null
      recs.push({ pos, size: child.nodeSize, topicEnd: offset + section.nodeSize - 1, locked: Boolean(dom?.classList.contains('locked')) })
    })
  })
  const open = recs.filter((r) => !r.locked)
  const pick = <T>(list: T[], x: number): T | undefined => list[Math.floor(x * list.length)]
  const tr = state.tr
  try {
    switch (op.kind) {
      case 0: {
        const rec = pick(open, op.a)
        if (!rec) return 'skip'
        tr.insertText(op.text, rec.pos + 1 + Math.floor(op.b * (rec.size - 1)))
        break
      }
      case 1: {
        const rec = pick(open, op.a)
        if (!rec || rec.size <= 3) return 'skip'
        const from = rec.pos + 1 + Math.floor(op.b * (rec.size - 2))
        tr.delete(from, Math.min(from + 1 + Math.floor(op.b * 5), rec.pos + rec.size - 1))
        break
      }
      case 2: {
        const rec = pick(open, op.a)
        const node = rec && state.doc.nodeAt(rec.pos)
        // An empty paragraph is not split: Enter there makes a paragraph without sponsors
        // (splitBlock's default), while tr.split would copy them.
        if (!rec || !node || node.content.size === 0) return 'skip'
        // Enter at a top-level boundary of the paragraph (never inside a bracket).
        let at = rec.pos + 1
        const target = Math.floor(op.b * node.content.size)
        node.forEach((_child, offset) => {
          if (offset <= target) at = rec.pos + 1 + offset
        })
        tr.split(at)
        break
      }
      case 3: {
        const topic = pick(topics, op.a)
        if (!topic) return 'skip'
        tr.insert(topic.end, schema.node('recommendation', { id: null, sponsors: [op.sponsor] }, schema.text(op.text.trim() || 'New')))
        break
      }
      case 4: {
        const rec = pick(open, op.a)
        if (!rec || open.length < 4) return 'skip'
        tr.delete(rec.pos, rec.pos + rec.size)
        break
      }
      case 5: {
        // Merge a paragraph into the previous one when both are open and in the same topic.
        const i = Math.floor(op.a * recs.length)
        const first = recs[i]
        const second = recs[i + 1]
        if (!first || !second || first.locked || second.locked || first.pos + first.size !== second.pos) return 'skip'
        tr.join(second.pos)
        break
      }
      case 6: {
        // Co-sponsor a paragraph, or withdraw (D8): a command to the server, sent as the toolbar does.
        const rec = pick(open, op.a)
        const node = rec && state.doc.nodeAt(rec.pos)
        if (!rec || !node) return 'skip'
        const docId = decodeURIComponent(location.pathname.split('/')[2] ?? '')
        const join = !(node.attrs.sponsors as string[]).includes(op.sponsor)
        void fetch(`/api/documents/${encodeURIComponent(docId)}/paragraphs/${encodeURIComponent(node.attrs.id as string)}/sponsors`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ join }),
        }).catch(() => {})
        return `sponsor ${join ? 'join' : 'leave'}`
      }
      default:
        return 'skip'
    }
  } catch (err) {
    return `skip: ${(err as Error).message.slice(0, 40)}`
  }
  view.dispatch(tr)
  return `op ${op.kind}`
}
