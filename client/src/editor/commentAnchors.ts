/**
 * Where comment threads stand in the text (SPEC K1): each open thread on words is drawn over them,
 * underlined and marked with a sign (never colour alone). Anchors are Yjs relative positions, so
 * they are turned into ProseMirror positions through y-prosemirror's mapping, the way its cursor
 * plugin does: afresh when the document changed from Yjs or the threads changed, otherwise mapped
 * through the local transaction.
 */
import * as Y from 'yjs'
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import { textOf } from '../../../shared/ydoc.ts'
import { relativePositionFromBase64, relativePositionToBase64 } from '../../../shared/base64.ts'
import type { CommentAnchor, CommentThread } from '../../../shared/comments.ts'
import { findQuote } from '../../../shared/commands/index.ts'
import { t } from '../i18n.ts'

export const commentAnchorsKey = new PluginKey<DecorationSet>('accordCommentAnchors')
/** Meta to set on a transaction when the threads changed. */
export const COMMENTS_CHANGED = 'accordCommentsChanged'

type Mapping = Parameters<typeof relativePositionToAbsolutePosition>[3]

function mappingOf(state: EditorState): Mapping | null {
  const ystate = ySyncPluginKey.getState(state) as { binding?: { mapping: Mapping & { size: number } } } | undefined
  const mapping = ystate?.binding?.mapping
  return mapping && mapping.size > 0 ? mapping : null
}

/** The anchor of the words between `from` and `to`, or null before the editor is bound. */
export function anchorOf(state: EditorState, ydoc: Y.Doc, from: number, to: number): CommentAnchor | null {
  const mapping = mappingOf(state)
  if (!mapping) return null
  const encode = (pos: number): string => relativePositionToBase64(absolutePositionToRelativePosition(pos, textOf(ydoc), mapping))
  return { start: encode(from), end: encode(to) }
}

/** Where an anchor's words are now: null when it cannot be placed, from === to when they were deleted. */
export function rangeOf(state: EditorState, ydoc: Y.Doc, anchor: CommentAnchor): { from: number; to: number } | null {
  const mapping = mappingOf(state)
  if (!mapping) return null
  try {
    const at = (encoded: string): number | null =>
      relativePositionToAbsolutePosition(ydoc, textOf(ydoc), relativePositionFromBase64(encoded), mapping)
    const from = at(anchor.start)
    const to = at(anchor.end)
    if (from === null || to === null) return null
    const size = state.doc.content.size
    return { from: Math.min(from, size), to: Math.min(Math.max(from, to), size) }
  } catch {
    return null
  }
}

/**
 * Where a thread's words are now: its anchor, or, when the anchor lost them (words bracketed or
 * split off into new text), the quoted words found again (K1). Null when they are gone.
 */
export function threadRange(state: EditorState, ydoc: Y.Doc, thread: CommentThread): { from: number; to: number } | null {
  if (!thread.anchor) return null
  const range = rangeOf(state, ydoc, thread.anchor)
  if (range && range.from < range.to) return range
  return findQuote(state.doc, thread.paragraphId, thread.quote)
}

export function commentAnchors(ydoc: Y.Doc, threads: () => readonly CommentThread[]): Plugin<DecorationSet> {
  const build = (state: EditorState): DecorationSet => {
    const decorations: Decoration[] = []
    for (const thread of threads()) {
      if (thread.resolved || !thread.anchor) continue
      const range = threadRange(state, ydoc, thread)
      if (!range) continue
      const first = thread.messages[0]
      decorations.push(
        Decoration.inline(range.from, range.to, {
          class: 'comment-anchor',
          'data-thread': thread.id,
          title: first ? t('comments.anchorTitle', { author: first.author, delegation: first.delegation, text: first.text }) : t('comments.anchorTitleEmpty'),
        }),
        Decoration.widget(range.to, () => marker(thread), { side: 1, key: `c${thread.id}|${thread.messages.length}`, ignoreSelection: true }),
      )
    }
    return DecorationSet.create(state.doc, decorations)
  }
  return new Plugin<DecorationSet>({
    key: commentAnchorsKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, old, _oldState, newState) {
        const fromYjs = (ySyncPluginKey.getState(newState) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin
        if (fromYjs || tr.getMeta(COMMENTS_CHANGED)) return build(newState)
        return old.map(tr.mapping, tr.doc)
      },
    },
    props: {
      decorations: (state) => commentAnchorsKey.getState(state),
    },
  })
}

function marker(thread: CommentThread): HTMLElement {
  const sign = document.createElement('sup')
  sign.className = 'comment-marker'
  sign.contentEditable = 'false'
  sign.dataset.thread = thread.id
  sign.textContent = `✎${thread.messages.length > 1 ? thread.messages.length : ''}`
  sign.setAttribute('aria-label', t('comments.marker', { count: thread.messages.length }))
  return sign
}
