/**
 * Keeps brackets and groups of alternatives whole (SPEC D9): Enter inside one splits the paragraph
 * after it, and lines pasted or dropped inside one come in as one line. Cutting a group in two
 * removes options from it in the shared document, which the server refuses as cleaning (R12), so
 * the person would be refused for an honest key (issue 14). The person is told when Enter split
 * elsewhere than the caret.
 */
import { Plugin } from 'prosemirror-state'
import { keydownHandler } from 'prosemirror-keymap'
import { pasteInsideBrackets, splitAfterBrackets } from '../../../shared/commands/index.ts'

export function wholeBracketsPlugin(told: (kept: 'bracket' | 'alternatives') => void): Plugin {
  return new Plugin({
    props: {
      handleKeyDown: keydownHandler({ Enter: splitAfterBrackets(told) }),
      transformPasted: (slice, view) => pasteInsideBrackets(slice, view.state),
    },
  })
}
