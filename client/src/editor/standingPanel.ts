/**
 * The status panel (SPEC C7): for each topic, paragraphs by status, open bracket groups and
 * alternatives, and what is left to agree, in words (never colour alone); a click jumps to the
 * paragraph; a filter shows only the open points. It follows every change live.
 */
import { Plugin, TextSelection, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { standing, type TopicStanding } from '../../../shared/standing.ts'
import { STATUS_LABEL, type ConsensusEntry, type DisplayStatus } from '../../../shared/consensus.ts'
import { paragraphDecorationsKey } from './paragraphDecorations.ts'
import { checkboxFilter } from '../ui/checkboxFilter.ts'

const ORDER: DisplayStatus[] = ['agreed', 'adRef', 'bracketed', 'proposed', 'annex']

export function standingPanel(host: HTMLElement, lookup: (id: string) => ConsensusEntry | null): Plugin {
  return new Plugin({
    view(view) {
      let openOnly = false
      let timer: ReturnType<typeof setTimeout> | null = null
      const filter = checkboxFilter('standing-filter', 'Open points only', (checked) => {
        openOnly = checked
        render()
      })
      const body = document.createElement('div')
      body.className = 'standing-topics'
      host.replaceChildren(filter, body)

      const render = (): void => {
        timer = null
        const topics = standing(view.state.doc, lookup)
        body.replaceChildren(...topics.map((t) => topicBlock(t, openOnly, (pos) => jump(view, pos))))
      }
      // A timer, not an animation frame: the panel of a window in the background stays current.
      const schedule = (): void => {
        timer ??= setTimeout(render, 0)
      }
      render()
      return {
        update(v, prev: EditorState) {
          if (v.state.doc !== prev.doc || paragraphDecorationsKey.getState(v.state) !== paragraphDecorationsKey.getState(prev)) schedule()
        },
        destroy() {
          if (timer) clearTimeout(timer)
          host.replaceChildren()
        },
      }
    },
  })
}

function topicBlock(t: TopicStanding, openOnly: boolean, jumpTo: (pos: number) => void): HTMLElement {
  const block = document.createElement('section')
  block.className = 'standing-topic'
  block.dataset.topic = t.letter
  const h = document.createElement('h3')
  h.textContent = t.letter === 'Annex' ? 'Annex' : `${t.letter}. ${t.heading}`
  const counts = document.createElement('p')
  counts.className = 'standing-counts'
  const parts = ORDER.filter((s) => t.counts[s] > 0).map((s) => `${t.counts[s]} ${STATUS_LABEL[s].toLowerCase()}`)
  if (t.bracketGroups) parts.push(`${t.bracketGroups} bracket group${t.bracketGroups === 1 ? '' : 's'} (${t.alternatives} alternatives)`)
  counts.textContent = parts.join(' · ') || 'no paragraphs yet'
  const left = document.createElement('p')
  left.className = 'standing-left'
  left.dataset.left = String(t.leftToAgree)
  left.textContent = t.letter === 'Annex' ? '' : t.leftToAgree ? `${t.leftToAgree} left to agree` : 'All agreed'
  const list = document.createElement('ul')
  for (const p of t.paragraphs) {
    if (openOnly && !p.open) continue
    const li = document.createElement('li')
    const b = document.createElement('button')
    b.type = 'button'
    b.className = `standing-paragraph status-badge-${p.status}`
    b.dataset.paragraph = p.id
    b.textContent = `${p.label} · ${STATUS_LABEL[p.status]}`
    b.addEventListener('click', () => jumpTo(p.pos))
    li.append(b)
    list.append(li)
  }
  block.append(h, counts, left, list)
  return block
}

function jump(view: EditorView, pos: number): void {
  const $pos = view.state.doc.resolve(Math.min(pos + 1, view.state.doc.content.size))
  view.dispatch(view.state.tr.setSelection(TextSelection.near($pos)).scrollIntoView())
  const dom = view.nodeDOM(pos)
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center' })
  view.focus()
}
