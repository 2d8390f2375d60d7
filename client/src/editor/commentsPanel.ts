/**
 * The comments panel (SPEC K1-K5): a box to comment on the words selected (or the paragraph at
 * the cursor), then every thread, open ones first: where it stands (paragraph number and the words
 * quoted), its messages with who and when, a reply box, and resolve or reopen for those who may.
 * A click on a thread's place selects its words in the text. It follows every change live, and a
 * reply being typed survives the updates around it. Each box counts what is left of the limit, and
 * a refusal is said beside the box it came from, whose text stays for another try.
 */
import * as Y from 'yjs'
import { Plugin, TextSelection, type EditorState, type Selection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { commentTargetAt, startComment, type CommentTarget } from '../../../shared/commands/index.ts'
import { MAX_COMMENT_LENGTH, mayResolve, orderThreads, type CommentAnchor, type CommentThread } from '../../../shared/comments.ts'
import { count } from '../../../shared/limits.ts'
import { numbersOf } from './numberingPlugin.ts'
import type { DocumentRole } from '../../../shared/roles.ts'
import { anchorOf, threadRange } from './commentAnchors.ts'
import { ApiError, UNREACHABLE } from '../api.ts'
import { charCounter, charactersLeft } from '../ui/charCounter.ts'
import { checkboxFilter } from '../ui/checkboxFilter.ts'
import { t } from '../i18n.ts'

export interface CommentsApi {
  start(body: { paragraphId: string; anchor: CommentAnchor | null; quote: string; text: string }): Promise<unknown>
  reply(threadId: string, text: string): Promise<unknown>
  resolve(threadId: string, resolved: boolean): Promise<unknown>
}

export interface CommentsPanelOptions {
  host: HTMLElement
  ydoc: Y.Doc
  threads: () => readonly CommentThread[]
  me: { memberId: string; role: DocumentRole }
  api: CommentsApi
  /**
   * Tells the person why something failed when the box it came from is no longer shown (a
   * thread hidden meanwhile); otherwise it is said beside the box.
   */
  onError(message: string): void
}

export interface CommentsPanel {
  plugin: Plugin
  /** Puts the cursor in paragraph `id` and the focus in the new-comment box. */
  commentOn(id: string): void
  /** Puts the focus in the new-comment box (the selection stays what it is). */
  focusCompose(): void
}

export function commentsPanel(options: CommentsPanelOptions): CommentsPanel {
  let current: EditorView | null = null
  let composeBox: HTMLTextAreaElement | null = null
  const commentOn = (id: string): void => {
    const view = current
    if (!view) return
    const found = numbersOf(view.state).find((n) => n.node.type.name === 'recommendation' && n.node.attrs.id === id)
    if (found) view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(found.pos + 1))))
    composeBox?.focus()
  }
  const plugin = new Plugin({
    view(view) {
      current = view
      const { host } = options
      let showResolved = false
      let timer: ReturnType<typeof setTimeout> | null = null
      const threadViews = new Map<string, ThreadView>()

      const compose = document.createElement('form')
      compose.className = 'comment-compose'
      const where = document.createElement('p')
      where.className = 'comment-target'
      const box = document.createElement('textarea')
      box.rows = 2
      box.placeholder = t('comments.placeholder')
      box.setAttribute('aria-label', t('comments.newComment'))
      box.dir = 'auto'
      composeBox = box
      const counter = charCounter(box, MAX_COMMENT_LENGTH, { allowOver: true })
      const error = errorLine()
      const send = document.createElement('button')
      send.type = 'submit'
      send.textContent = t('comments.send')
      compose.append(where, box, counter.el, error.el, send)
      sendOnModEnter(box, compose)
      let sending = false
      let hasTarget = false
      const refreshSend = (): void => {
        send.disabled = sending
        blockedBy(send, counter.over ? tooLongWhy(box) : hasTarget ? null : t('comments.noTargetWhy'))
      }
      box.addEventListener('input', () => {
        error.clear()
        refreshSend()
      })
      compose.addEventListener('submit', (ev) => {
        ev.preventDefault()
        const text = box.value.trim()
        if (!text || sending) return
        if (counter.over) return error.say(tooLong(box))
        if (!hasTarget) return error.say(t('comments.failedKept', { what: t('comments.notSent'), why: t('comments.noTarget'), kept: t('comments.keptHere') }))
        startComment((target) => void submit(target, text))(current!.state, () => {})
      })
      const submit = async (target: CommentTarget, text: string): Promise<void> => {
        const anchor = target.range ? anchorOf(view.state, options.ydoc, target.range.from, target.range.to) : null
        sending = true
        error.clear()
        refreshSend()
        try {
          await options.api.start({ paragraphId: target.paragraphId, anchor, quote: anchor ? target.quote : '', text })
          box.value = ''
          counter.update()
        } catch (err) {
          if (compose.isConnected) error.say(notDone(t('comments.notSent'), err, t('comments.keptHere')))
          else options.onError(notDone(t('comments.notSent'), err, ''))
        } finally {
          sending = false
          refreshSend()
        }
      }

      const filter = checkboxFilter('comments-filter', t('comments.showResolved'), (checked) => {
        showResolved = checked
        render()
      })
      const count = document.createElement('p')
      count.className = 'comments-count'
      const list = document.createElement('div')
      list.className = 'comment-threads'
      host.replaceChildren(compose, filter, count, list)

      const updateTarget = (state: EditorState): void => {
        const target = commentTargetAt(state)
        hasTarget = target !== null
        refreshSend()
        const label = target ? labels(state).get(target.paragraphId) ?? target.paragraphId : null
        where.textContent = !target
          ? t('comments.noTargetHere')
          : target.range
            ? t('comments.onWords', { label: String(label), quote: target.quote })
            : t('comments.onParagraph', { label: String(label) })
      }

      const render = (): void => {
        timer = null
        const state = view.state
        const names = labels(state)
        const all = orderThreads(options.threads())
        const open = all.filter((t) => !t.resolved).length
        count.textContent = all.length > open ? t('comments.countResolved', { count: open, resolved: all.length - open }) : t('comments.count', { count: open })
        const shown = all.filter((t) => showResolved || !t.resolved)
        for (const thread of shown) {
          let tv = threadViews.get(thread.id)
          if (!tv) {
            tv = threadView(thread.id, options, (t) => select(view, options.ydoc, t))
            threadViews.set(thread.id, tv)
          }
          tv.update(thread, placeOf(state, options.ydoc, thread, names))
        }
        // Re-order only when the order changed: moving an element would blur a reply being typed.
        const wanted = shown.map((t) => threadViews.get(t.id)!.el)
        const present = [...list.children]
        if (wanted.length !== present.length || wanted.some((el, i) => el !== present[i])) list.replaceChildren(...wanted)
        updateTarget(state)
      }
      const schedule = (): void => {
        timer ??= setTimeout(render, 0)
      }
      const map = options.ydoc.getMap('comments')
      map.observe(schedule)
      render()
      return {
        update(v, prev: EditorState) {
          if (v.state.doc !== prev.doc) schedule()
          else if (!v.state.selection.eq(prev.selection)) updateTarget(v.state)
        },
        destroy() {
          map.unobserve(schedule)
          if (timer) clearTimeout(timer)
          host.replaceChildren()
          current = null
          composeBox = null
        },
      }
    },
  })
  return { plugin, commentOn, focusCompose: () => composeBox?.focus() }
}

/** Paragraph id -> its number (B.3, Annex 1). */
function labels(state: EditorState): Map<string, string> {
  const out = new Map<string, string>()
  for (const n of numbersOf(state)) if (n.node.type.name === 'recommendation') out.set(n.node.attrs.id as string, n.label)
  return out
}

/** Where a thread stands, in words. */
function placeOf(state: EditorState, ydoc: Y.Doc, thread: CommentThread, names: Map<string, string>): string {
  const label = names.get(thread.paragraphId)
  if (!label) return thread.quote ? t('comments.placeRemovedQuote', { quote: thread.quote }) : t('comments.placeRemoved')
  if (!thread.anchor) return t('comments.placeParagraph', { label })
  if (!threadRange(state, ydoc, thread)) return t('comments.placeDeleted', { label, quote: thread.quote })
  return t('comments.placeWords', { label, quote: thread.quote })
}

/** Selects a thread's words (or puts the cursor in its paragraph) and brings them into view. */
function select(view: EditorView, ydoc: Y.Doc, thread: CommentThread): void {
  const state = view.state
  const range = threadRange(state, ydoc, thread)
  let selection: Selection | null = null
  if (range) selection = TextSelection.create(state.doc, range.from, range.to)
  else {
    const found = numbersOf(state).find((n) => n.node.type.name === 'recommendation' && n.node.attrs.id === thread.paragraphId)
    if (found) selection = TextSelection.near(state.doc.resolve(found.pos + 1))
  }
  if (!selection) return
  view.dispatch(state.tr.setSelection(selection).scrollIntoView())
  const dom = view.domAtPos(selection.from).node
  ;(dom instanceof HTMLElement ? dom : dom.parentElement)?.scrollIntoView({ block: 'center' })
}

interface ThreadView {
  el: HTMLElement
  update(thread: CommentThread, place: string): void
}

function threadView(id: string, options: CommentsPanelOptions, onSelect: (t: CommentThread) => void): ThreadView {
  let thread: CommentThread | null = null
  const el = document.createElement('article')
  el.className = 'comment-thread'
  el.dataset.thread = id
  const place = document.createElement('button')
  place.type = 'button'
  place.className = 'comment-place'
  place.addEventListener('click', () => thread && onSelect(thread))
  const state = document.createElement('span')
  state.className = 'comment-state'
  const messages = document.createElement('ol')
  messages.className = 'comment-messages'
  const reply = document.createElement('form')
  reply.className = 'comment-reply'
  const replyBox = document.createElement('textarea')
  replyBox.rows = 1
  replyBox.placeholder = t('comments.reply')
  replyBox.setAttribute('aria-label', t('comments.reply'))
  replyBox.dir = 'auto'
  const counter = charCounter(replyBox, MAX_COMMENT_LENGTH, { allowOver: true, hideWhenEmpty: true })
  const error = errorLine()
  const replyButton = document.createElement('button')
  replyButton.type = 'submit'
  replyButton.className = 'secondary'
  replyButton.textContent = t('comments.reply')
  const resolve = document.createElement('button')
  resolve.type = 'button'
  resolve.className = 'comment-resolve secondary'
  reply.append(replyBox, counter.el, error.el, replyButton, resolve)
  sendOnModEnter(replyBox, reply)
  el.append(place, state, messages, reply)
  let sending = false
  const refreshSend = (): void => {
    replyButton.disabled = sending
    blockedBy(replyButton, counter.over ? tooLongWhy(replyBox) : null)
  }
  // Said beside the box while the thread is shown; else (hidden meanwhile) at the page's top.
  const fail = (what: string, err: unknown, kept: boolean): void => {
    if (el.isConnected) error.say(notDone(what, err, kept ? t('comments.keptHere') : ''))
    else options.onError(notDone(what, err, kept ? t('comments.keptInThread') : ''))
  }
  replyBox.addEventListener('input', () => {
    error.clear()
    refreshSend()
  })
  reply.addEventListener('submit', (ev) => {
    ev.preventDefault()
    const text = replyBox.value.trim()
    if (!text || sending) return
    if (counter.over) return error.say(tooLong(replyBox))
    sending = true
    error.clear()
    refreshSend()
    options.api
      .reply(id, text)
      .then(() => {
        replyBox.value = ''
        counter.update()
      })
      .catch((err: unknown) => fail(t('comments.notSent'), err, true))
      .finally(() => {
        sending = false
        refreshSend()
      })
  })
  resolve.addEventListener('click', () => {
    if (!thread) return
    const resolving = !thread.resolved
    error.clear()
    options.api
      .resolve(id, resolving)
      .catch((err: unknown) => fail(resolving ? t('comments.notResolved') : t('comments.notReopened'), err, false))
  })
  let shownMessages = ''
  return {
    el,
    update(next, where) {
      thread = next
      place.textContent = where
      el.classList.toggle('resolved', next.resolved !== null)
      state.textContent = next.resolved ? t('comments.resolvedBy', { author: next.resolved.author }) : t('comments.open')
      const key = next.messages.map((m) => m.id).join(',')
      if (key !== shownMessages) {
        shownMessages = key
        messages.replaceChildren(...next.messages.map(messageItem))
      }
      resolve.hidden = !mayResolve(next, options.me.memberId, options.me.role)
      resolve.textContent = next.resolved ? t('comments.reopen') : t('comments.resolve')
    },
  }
}

interface ErrorLine {
  el: HTMLElement
  say(message: string): void
  clear(): void
}

/** Where a refusal is said, inside the form it came from. */
function errorLine(): ErrorLine {
  const el = document.createElement('p')
  el.className = 'comment-error'
  el.setAttribute('role', 'alert')
  el.hidden = true
  return {
    el,
    say(message) {
      el.textContent = message
      el.hidden = false
    },
    clear() {
      el.textContent = ''
      el.hidden = true
    },
  }
}

const limitWords = (): string => t('comments.limit', { max: count(MAX_COMMENT_LENGTH) })

const tooLongWhy = (box: HTMLTextAreaElement): string =>
  t('comments.tooLongWhy', { limit: limitWords(), left: charactersLeft(box.value.length, MAX_COMMENT_LENGTH) })

const tooLong = (box: HTMLTextAreaElement): string =>
  t('comments.tooLong', { limit: limitWords(), left: charactersLeft(box.value.length, MAX_COMMENT_LENGTH), kept: t('comments.keptHere') })

/**
 * A send button that cannot send says why, to a pointer (title) and a screen reader. Not
 * `disabled`: a disabled button can be neither focused nor asked why; a press says it beside the box.
 */
function blockedBy(button: HTMLButtonElement, why: string | null): void {
  button.setAttribute('aria-disabled', String(why !== null))
  if (why) {
    button.title = why
    button.setAttribute('aria-description', why)
  } else {
    button.removeAttribute('title')
    button.removeAttribute('aria-description')
  }
}

/**
 * A failure in the room's words: "Not sent: <the server's reason>", or that the request never
 * left the browser; then where the text is kept, if it is.
 */
function notDone(what: string, err: unknown, kept: string): string {
  const why = err instanceof ApiError && err.status === UNREACHABLE ? t('comments.offline') : (err as Error).message
  return kept ? t('comments.failedKept', { what, why, kept }) : t('comments.failed', { what, why })
}

/** Ctrl+Enter (⌘+Enter) in a comment box sends it, as the help panel says. */
function sendOnModEnter(box: HTMLTextAreaElement, form: HTMLFormElement): void {
  box.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault()
      form.requestSubmit()
    }
  })
}

function messageItem(m: CommentThread['messages'][number]): HTMLElement {
  const li = document.createElement('li')
  li.className = 'comment-message'
  const who = document.createElement('span')
  who.className = 'comment-author'
  who.textContent = t('common.person', { name: m.author, delegation: m.delegation })
  const when = document.createElement('time')
  when.dateTime = m.at
  when.textContent = new Date(m.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  const text = document.createElement('p')
  text.className = 'comment-text'
  text.dir = 'auto' // the delegate's words: a comment in Arabic reads right to left
  text.textContent = m.text
  li.append(who, ' · ', when, text)
  return li
}
