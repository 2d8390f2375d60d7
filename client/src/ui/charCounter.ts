/**
 * How much is left in a text box with a limit: a count shown beside the box, live as the person
 * types, and said to screen readers only near the limit and once typing pauses (the pattern of the
 * GOV.UK character count), so that a screen reader does not read out every keystroke.
 */
import { count } from '../../../shared/limits.ts'
import { t } from '../i18n.ts'

/** "1,234 characters left", "1 character left", "23 characters too many". */
export function charactersLeft(length: number, max: number): string {
  const left = max - length
  const n = Math.abs(left)
  return t(left >= 0 ? 'charCount.left' : 'charCount.over', { count: n, n: count(n) })
}

/** Worth saying out loud: under a tenth of the limit left, or over it. */
export const nearLimit = (length: number, max: number): boolean => max - length < max / 10

/** How long typing must pause before the count is said. */
const ANNOUNCE_AFTER_MS = 1000

export interface CharCounter {
  /** The count, to place right after the box. */
  el: HTMLElement
  /** Counts again (after the box's value was set by code, which fires no input event). */
  update(): void
  /** The box holds more than the limit (only possible with `allowOver`). */
  readonly over: boolean
}

export interface CharCounterOptions {
  /**
   * Let the person type past the limit and say by how much, instead of stopping them with
   * `maxlength` (which cuts a paste without a word).
   */
  allowOver?: boolean
  /** Show nothing while the box is empty (many reply boxes in a list). */
  hideWhenEmpty?: boolean
}

let nextId = 0

export function charCounter(box: HTMLTextAreaElement | HTMLInputElement, max: number, options: CharCounterOptions = {}): CharCounter {
  if (!options.allowOver) box.maxLength = max
  const el = document.createElement('p')
  el.className = 'char-count'
  // Shown, and named by the box (so read with it), but not read again as text: the live copy is.
  const shown = document.createElement('span')
  shown.className = 'char-count-shown'
  shown.id = `char-count-${++nextId}`
  shown.setAttribute('aria-hidden', 'true')
  const live = document.createElement('span')
  live.className = 'char-count-live'
  live.setAttribute('aria-live', 'polite')
  el.append(shown, live)
  box.setAttribute('aria-describedby', [box.getAttribute('aria-describedby'), shown.id].filter(Boolean).join(' '))
  let timer: ReturnType<typeof setTimeout> | null = null
  const update = (): void => {
    const length = box.value.length
    shown.textContent = charactersLeft(length, max)
    el.classList.toggle('over', length > max)
    el.hidden = Boolean(options.hideWhenEmpty) && length === 0
  }
  const announce = (): void => {
    timer = null
    live.textContent = nearLimit(box.value.length, max) ? charactersLeft(box.value.length, max) : ''
  }
  box.addEventListener('input', () => {
    update()
    if (timer) clearTimeout(timer)
    timer = setTimeout(announce, ANNOUNCE_AFTER_MS)
  })
  update()
  return {
    el,
    update,
    get over() {
      return box.value.length > max
    },
  }
}
