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
import { numbersOf } from './numberingPlugin.ts'
import { checkboxFilter } from '../ui/checkboxFilter.ts'
import { t } from '../i18n.ts'

const ORDER: DisplayStatus[] = ['agreed', 'adRef', 'bracketed', 'proposed', 'annex']

export function standingPanel(host: HTMLElement, lookup: (id: string) => ConsensusEntry | null): Plugin {
  return new Plugin({
    view(view) {
      let openOnly = false
      let timer: ReturnType<typeof setTimeout> | null = null
      const filter = checkboxFilter('standing-filter', t('standing.openOnly'), (checked) => {
        openOnly = checked
        render()
      })
      const body = document.createElement('div')
      body.className = 'standing-topics'
      host.replaceChildren(filter, body)

      const render = (): void => {
        timer = null
        const topics = standing(numbersOf(view.state), lookup)
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

function topicBlock(topic: TopicStanding, openOnly: boolean, jumpTo: (pos: number) => void): HTMLElement {
  const block = document.createElement('section')
  block.className = 'standing-topic'
  block.dataset.topic = topic.letter
  const h = document.createElement('h3')
  if (topic.letter === 'Annex') h.textContent = t('standing.annex')
  else {
    // The heading is the delegates' words: its own direction (an Arabic heading reads right to left).
    const heading = document.createElement('span')
    heading.dir = 'auto'
    heading.textContent = topic.heading
    h.append(`${topic.letter}. `, heading)
  }
  const counts = document.createElement('p')
  counts.className = 'standing-counts'
  const parts = ORDER.filter((s) => topic.counts[s] > 0).map((s) => t('standing.count', { n: topic.counts[s], status: STATUS_LABEL[s].toLowerCase() }))
  if (topic.bracketGroups) parts.push(t('standing.bracketGroups', { count: topic.bracketGroups, alternatives: topic.alternatives }))
  counts.textContent = parts.join(' · ') || t('standing.empty')
  const left = document.createElement('p')
  left.className = 'standing-left'
  left.dataset.left = String(topic.leftToAgree)
  left.textContent = topic.letter === 'Annex' ? '' : topic.leftToAgree ? t('standing.leftToAgree', { count: topic.leftToAgree }) : t('standing.allAgreed')
  const list = document.createElement('ul')
  for (const p of topic.paragraphs) {
    if (openOnly && !p.open) continue
    const li = document.createElement('li')
    const b = document.createElement('button')
    b.type = 'button'
    b.className = `standing-paragraph status-badge-${p.status}`
    b.dataset.paragraph = p.id
    b.textContent = t('standing.paragraph', { label: p.label, status: STATUS_LABEL[p.status] })
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
