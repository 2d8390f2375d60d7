/**
 * SPEC R4, R14: the lock rule is written once (shared/lockRule.ts); the editor (over ProseMirror's
 * steps) and the server's guard (over Yjs's items) refuse the same edits with the same words.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { applyCommand } from '../helpers/pmCommands.ts'
import { craft, firstText, recommendation, syncFrame } from '../helpers/attacks.ts'
import { AGREED, AD_REF, IN_ANNEX, PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { lockProblem } from '../../client/src/editor/lockPlugin.ts'
import { demoConsensus, demoContent } from '../../server/demo/demoDocument.ts'
import { schema } from '../../shared/schema.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'
import { metaOf, textOf } from '../../shared/ydoc.ts'
import { frozenParagraphs, type BreakoutInfo } from '../../shared/breakouts.ts'
import { breakoutInfo } from '../helpers/breakouts.ts'
import * as Y from 'yjs'
import type { Role } from '../../shared/roles.ts'

let h: ReturnType<typeof guardHarness> | undefined
afterEach(() => h?.dispose())

const consensus = demoConsensus() as Record<string, unknown>
const lookup = (id: string) => readConsensusEntry(consensus[id])
const state = EditorState.create({ schema, doc: demoContent() })
const startOf = (id: string): number => {
  let at = -1
  state.doc.descendants((node, pos) => {
    if (node.type.name === 'recommendation' && node.attrs.id === id) at = pos + 1
    return at < 0
  })
  return at
}
const editorSays = (id: string | 'title', role: Role = 'member'): string | null =>
  lockProblem(state.tr.insertText('x', id === 'title' ? 1 : startOf(id)), state, role, lookup)

function guardSays(id: string | 'title', role: Role = 'member', breakouts: BreakoutInfo[] = []): string | null {
  h?.dispose()
  h = guardHarness()
  if (breakouts.length) {
    // As the break-out command writes it: the server's origin, on the plenary document.
    h.collab.withDocument('wgec-rolling', (room) => room.applyCommand('m-chair', { action: 'test' }, () => metaOf(room.doc).set('breakouts', breakouts)))
  }
  const who = h.connect(participant(role))
  h.connect(participant('observer'))
  const update = craft(who.doc, (doc: Y.Doc) => {
    if (id === 'title') ((textOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'x')
    else firstText(recommendation(doc, id)).insert(0, 'x')
  })
  const sent = who.socket.sent.length
  who.send(syncFrame('update', update))
  h.settle()
  if (!who.closed) return null
  const denied = who.socket.sent.slice(sent).map((f) => new TextDecoder().decode(f)).join('')
  return denied
}

describe('[R4][R14] one lock rule on both sides', () => {
  it.each([
    [AGREED, 'B.1 is agreed and locked: only the chair can reopen it'],
    [AD_REF, 'D.1 is agreed ad referendum and locked: only the chair can reopen it'],
    [IN_ANNEX, 'Annex 1 is in the annex and locked: only the chair can restore it'],
    ['title', 'the title is kept by the chair and the secretariat'],
  ])('[R4][R14] typing in %s: the editor and the guard refuse with the same words', (id, words) => {
    expect(editorSays(id)).toBe(words)
    expect(guardSays(id)).toContain(words)
  })

  it('[R2][R14] what is allowed passes on both sides: an open paragraph, and the title for the secretariat', () => {
    expect(editorSays(PROPOSED)).toBeNull()
    expect(guardSays(PROPOSED)).toBeNull()
    expect(editorSays('title', 'secretariat')).toBeNull()
    expect(guardSays('title', 'secretariat')).toBeNull()
  })
})

describe('[R14] a new paragraph is not the title', () => {
  it('[R2][R14] typing in a paragraph just made by Enter (no id yet) is allowed for a member', () => {
    let end = -1
    state.doc.descendants((node, pos) => {
      if (node.type.name === 'recommendation' && node.attrs.id === PROPOSED) end = pos + node.nodeSize - 1
      return end < 0
    })
    const split = state.apply(state.tr.split(end, 1, [{ type: schema.nodes.recommendation!, attrs: { id: null, sponsors: [] } }]))
    expect(lockProblem(split.tr.insertText('New words', end + 2), split, 'member', lookup)).toBeNull()
  })
})

describe('[B3] a paragraph in a running break-out is frozen in plenary', () => {
  const breakout = (over: Partial<BreakoutInfo> = {}): BreakoutInfo => breakoutInfo([PROPOSED], over)

  const editorSaysWith = (breakouts: BreakoutInfo[], role: Role) => {
    const frozen = frozenParagraphs(breakouts)
    return lockProblem(state.tr.insertText('x', startOf(PROPOSED)), state, role, lookup, (id) => frozen.get(id) ?? null)
  }

  it.each(['member', 'chair'] as const)('[B3][R4] typing in it as a %s: the editor and the guard refuse with the same words', (role) => {
    const words = 'B.3 is in break-out group 1 and frozen in plenary until the group reports back'
    expect(editorSaysWith([breakout()], role)).toBe(words)
    expect(guardSays(PROPOSED, role, [breakout()])).toContain(words)
  })

  it('[B3] a break-out where plenary may still edit, or one that closed, freezes nothing', () => {
    for (const b of [breakout({ plenaryMayEdit: true }), breakout({ status: 'closed' })]) {
      expect(editorSaysWith([b], 'member')).toBeNull()
      expect(guardSays(PROPOSED, 'member', [b])).toBeNull()
    }
  })
})

describe('[R4] a join of two topics moves their paragraphs (issue 14)', () => {
  /** From the end of A.4 to the middle of topic B's heading, as Shift+Ctrl+Right twice selects. */
  const acrossHeading = (doc: PMNode): { from: number; to: number } => {
    let from = -1
    let to = -1
    doc.descendants((node, pos) => {
      if (node.type.name === 'recommendation' && node.attrs.id === 'r-demo-a4') from = pos + node.nodeSize - 1
      if (node.type.name === 'topic' && node.attrs.id === 't-demo-b') to = pos + 2 + 'Roles and'.length
      return node.type.name === 'doc' || node.type.name === 'topic'
    })
    return { from, to }
  }
  const backspace: Command = (s, dispatch) => {
    const { from, to } = acrossHeading(s.doc)
    dispatch?.(s.tr.delete(from, to))
    return true
  }

  it('[R4] Backspace over a selection from A.4 into topic B\'s heading: the editor and the guard refuse it for B.1 with the same words', () => {
    const words = 'B.1 is agreed and locked: only the chair can reopen it'
    let tr: Transaction | null = null
    backspace(state, (t) => (tr = t))
    // The deletion itself touches only A.4 and the heading: B.1 is moved into topic A by the join.
    expect(tr!.doc.childCount).toBe(state.doc.childCount - 1)
    expect(lockProblem(tr!, state, 'member', lookup)).toBe(words)

    h?.dispose()
    h = guardHarness()
    const who = h.connect(participant('member'))
    h.connect(participant('observer'))
    who.send(syncFrame('update', craft(who.doc, (doc: Y.Doc) => applyCommand(doc, backspace, (d) => TextSelection.create(d, 1)))))
    h.settle()
    expect(who.closed).toBe(true)
    expect(who.socket.sent.map((f) => new TextDecoder().decode(f)).join('')).toContain(words)
  })

  it('[R2] the same join between two topics with nothing locked passes the editor', () => {
    const open = (id: string) => (id === 'r-demo-b1' ? null : lookup(id))
    let tr: Transaction | null = null
    backspace(state, (t) => (tr = t))
    expect(lockProblem(tr!, state, 'member', open)).toBeNull()
  })
})
