/**
 * SPEC R12: the cleaning rule is written once (shared/cleaningRule.ts); the editor (over the
 * documents before and after a transaction) and the server's guard (over Yjs's delete set) stop
 * the same edits with the same words, and let the same ones through: removing what one's own
 * client created is not cleaning, on either side.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EditorState, type Command, type Selection } from 'prosemirror-state'
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model'
import { schema } from '../../shared/schema.ts'
import { demoContent } from '../../server/demo/demoDocument.ts'
import { bracketSelection, chooseAlternative, pasteInsideBrackets, removeBracket, splitAfterBrackets, type DraftingContext } from '../../shared/commands/index.ts'
import { baseKeymap, chainCommands } from 'prosemirror-commands'
import { cleaningRefusal } from '../../shared/cleaningRule.ts'
import type { Role } from '../../shared/roles.ts'
import { textOf } from '../../shared/ydoc.ts'
import { removalsBetween } from '../../client/src/editor/cleaningPlugin.ts'
import { craft, syncFrame } from '../helpers/attacks.ts'
import { guardHarness, participant } from '../helpers/guardHarness.ts'
import { applyCommand, selectIn } from '../helpers/pmCommands.ts'

let h: ReturnType<typeof guardHarness> | undefined
afterEach(() => h?.dispose())

const any: DraftingContext = { delegation: 'Kenya', role: 'chair', isLocked: () => false }
const REFUSED = /^only the chair and the secretariat clean brackets and alternatives \((a bracket|an option|an alternatives group) was removed\); propose a deletion instead$/

/** What the editor says of `command` at `select` on `doc`, for `role`; `own` names the brackets its client made. */
function editorSays(doc: PMNode, command: Command, select: (doc: PMNode) => Selection, role: Role, own: Set<string> = new Set()): string | null {
  const state = EditorState.create({ doc, selection: select(doc) })
  let after: PMNode | null = null
  command(state, (tr) => (after = tr.doc))
  if (!after) throw new Error('the command did not apply')
  return cleaningRefusal(removalsBetween(doc, after, (node) => own.has(node.attrs.id as string)), role)
}

/** What the guard says when `role` sends the same command as an update (null: accepted). */
function guardSays(role: Role, command: Command, select: (doc: PMNode) => Selection, first?: [Command, (doc: PMNode) => Selection]): string | null {
  h?.dispose()
  h = guardHarness()
  const who = h.connect(participant(role))
  h.connect(participant('observer'))
  const send = (c: Command, at: (doc: PMNode) => Selection): string | null => {
    const sent = who.socket.sent.length
    who.send(syncFrame('update', craft(h!.room().doc, (doc: Y.Doc) => applyCommand(doc, c, at))))
    h!.settle()
    if (!who.closed) return null
    return who.socket.sent.slice(sent).map((f) => new TextDecoder().decode(f)).join('')
  }
  if (first) expect(send(...first)).toBeNull()
  return send(command, select)
}

const demo = (): PMNode => demoContent()

describe('[R12] one cleaning rule on both sides', () => {
  it.each([
    ['removing another delegation\'s bracket', removeBracket(any), selectIn('r-demo-c2', 'free of charge', true), 'a bracket'],
    ['keeping one alternative', chooseAlternative(any), selectIn('r-demo-a1', 'should', true), 'an alternatives group'],
  ])('[R12][D6][D7] a member %s: the editor and the guard refuse with the same words', (_what, command, select, what) => {
    const editor = editorSays(demo(), command, select, 'member')
    expect(editor).toMatch(REFUSED)
    expect(editor).toContain(`(${what} was removed)`)
    expect(guardSays('member', command, select)).toContain(editor!)
  })

  it('[R12] the chair and the secretariat clean on both sides', () => {
    for (const role of ['chair', 'secretariat'] as Role[]) {
      expect(editorSays(demo(), removeBracket(any), selectIn('r-demo-c2', 'free of charge', true), role)).toBeNull()
      expect(guardSays(role, removeBracket(any), selectIn('r-demo-c2', 'free of charge', true))).toBeNull()
    }
  })

  it('[R12] a member removes the bracket their own client made: allowed on both sides', () => {
    const bracket: [Command, (doc: PMNode) => Selection] = [bracketSelection(any), selectIn('r-demo-b3', 'transparent')]
    expect(guardSays('member', removeBracket(any), selectIn('r-demo-b3', 'transparent', true), bracket)).toBeNull()
    expect(textOf(h!.room().doc).toString()).toContain('transparent')

    // The editor, on the same document before the removal, knowing which bracket its client made.
    const before = demo()
    const state = EditorState.create({ doc: before, selection: bracket[1](before) })
    let bracketed: PMNode = before
    bracket[0](state, (tr) => (bracketed = tr.doc))
    const made = new Set<string>()
    bracketed.descendants((node) => {
      if (node.type.name === 'bracket' && node.textContent === 'transparent') made.add(node.attrs.id as string)
      return true
    })
    expect(made.size).toBe(1)
    const select = selectIn('r-demo-b3', 'transparent', true)
    expect(editorSays(bracketed, removeBracket(any), select, 'member', made)).toBeNull()
    // Not their own: refused as cleaning.
    expect(editorSays(bracketed, removeBracket(any), select, 'member')).toMatch(REFUSED)
  })
})

describe('[R12][D9] Enter inside an option', () => {
  const inShall = selectIn('r-demo-a1', 'hall', true)

  it("[R12] ProseMirror's own Enter in s|hall cuts the group in two: the editor and the guard refuse it with the same words", () => {
    const editor = editorSays(demo(), baseKeymap.Enter!, inShall, 'member')
    expect(editor).toMatch(REFUSED)
    expect(editor).toContain('(an option was removed)')
    expect(guardSays('member', baseKeymap.Enter!, inShall)).toContain(editor!)
  })

  it("[D9][R12] the editor's Enter splits after the group: accepted on both sides, the group whole in A.1", () => {
    const enter = chainCommands(splitAfterBrackets(), baseKeymap.Enter!)
    expect(editorSays(demo(), enter, inShall, 'member')).toBeNull()
    expect(guardSays('member', enter, inShall)).toBeNull()
    const text = textOf(h!.room().doc).toString()
    expect(text).toMatch(/<option[^>]*>shall<\/option><option[^>]*>should<\/option><\/alternatives><\/recommendation><recommendation[^>]*> strengthen/)
  })

  it('[R12] two lines pasted into "are en|couraged to" without D9 cut the group in two: the editor refuses it as the guard does, whichever half y-prosemirror keeps', () => {
    const lines = new Slice(Fragment.from([schema.node('recommendation', null, schema.text('shall')), schema.node('recommendation', null, schema.text('Internet'))]), 1, 1)
    const paste: Command = (s, dispatch) => {
      dispatch?.(s.tr.replaceSelection(lines))
      return true
    }
    const inSecond = selectIn('r-demo-d2', 'couraged', true)
    const editor = editorSays(demo(), paste, inSecond, 'member')
    expect(editor).toContain('(an option was removed)')
    expect(guardSays('member', paste, inSecond)).toContain(editor!)
    // With D9 the lines come in as one, inside the option.
    const state = EditorState.create({ doc: demo(), selection: inSecond(demo()) })
    expect(pasteInsideBrackets(lines, state).content.toString()).toBe('<"shall Internet">')
  })
})
