/**
 * SPEC R16: size limits of the text, configurable, refused with the limit named: one update, one
 * paragraph, the whole document. Ordinary edits pass; the editor says the same before sending.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { craft, firstText, placeOf, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { textOf } from '../../shared/ydoc.ts'
import { DEFAULT_LIMITS } from '../../shared/limits.ts'
import { charsIn } from '../../server/collab/UpdateGuard.ts'
import { limitProblem } from '../../client/src/editor/limitsPlugin.ts'
import { demoContent } from '../../server/demo/demoDocument.ts'
import { schema } from '../../shared/schema.ts'

let h: ReturnType<typeof guardHarness> | undefined
afterEach(() => h?.dispose())

const words = (n: number): string => 'word '.repeat(Math.ceil(n / 5)).slice(0, n)

describe('[R16] the text has size limits, named when refused', () => {
  it('[R16] a paragraph longer than the limit is refused, naming the paragraph and the limit', () => {
    h = guardHarness({ limits: { paragraphChars: 500 } })
    const member = h.connect(participant('member'))
    const witness = h.connect(participant('member'))
    const paste = craft(member.doc, (doc) => firstText(recommendation(doc, PROPOSED)).insert(0, words(600)))
    h.expectRefused(member, syncFrame('update', paste), /a paragraph holds at most 500 characters; B\.3 would hold 7\d\d/, [witness])
    const again = h.connect(participant('member'))
    const fresh = craft(again.doc, (doc) => placeOf(recommendation(doc, PROPOSED)).parent.push([recommendationElement('r-long', words(501))]))
    h.expectRefused(again, syncFrame('update', fresh), /a new paragraph would hold 501/, [witness])
    const ok = h.connect(participant('member'))
    h.expectAccepted(ok, syncFrame('update', craft(ok.doc, (doc) => firstText(recommendation(doc, 'r-demo-c3')).insert(0, words(50)))))
  })

  it('[R16] a document longer than the limit is refused; text removed makes room again', () => {
    const probe = guardHarness()
    probe.connect(participant('observer'))
    const size = charsIn(textOf(probe.room().doc))
    probe.dispose()
    expect(size).toBeGreaterThan(1000)
    h = guardHarness({ limits: { documentChars: size + 100 } })
    const member = h.connect(participant('member'))
    const witness = h.connect(participant('member'))
    h.expectAccepted(member, syncFrame('update', craft(member.doc, (doc) => firstText(recommendation(doc, PROPOSED)).insert(0, words(90)))))
    const more = h.connect(participant('member'))
    h.expectRefused(more, syncFrame('update', craft(more.doc, (doc) => firstText(recommendation(doc, 'r-demo-c3')).insert(0, words(20)))), /the document holds at most [\d,]+ characters; it would hold [\d,]+/, [witness])
    // Removing text first, then adding, passes: the count follows accepted updates.
    const editor = h.connect(participant('member'))
    h.expectAccepted(editor, syncFrame('update', craft(editor.doc, (doc) => firstText(recommendation(doc, PROPOSED)).delete(0, 90))))
    h.expectAccepted(editor, syncFrame('update', craft(witness.doc, (doc) => firstText(recommendation(doc, 'r-demo-c3')).insert(0, words(20)))))
  })

  it('[R16] one update larger than the limit is refused with its size and the limit', () => {
    h = guardHarness({ limits: { updateBytes: 2048 } })
    const member = h.connect(participant('member'))
    const witness = h.connect(participant('member'))
    const many = craft(member.doc, (doc) => {
      const { parent } = placeOf(recommendation(doc, PROPOSED))
      for (let i = 0; i < 20; i++) parent.push([recommendationElement(`r-bulk-${i}`, `${i} ${words(200)}`)])
    })
    expect(many.byteLength).toBeGreaterThan(2048)
    h.expectRefused(member, syncFrame('update', many), /one change may carry at most 2 KB; this one carried \d+ KB/, [witness])
  })

  it('[R16] the defaults are beyond any negotiated paragraph and below an accidental file paste', () => {
    expect(DEFAULT_LIMITS.paragraphChars).toBeGreaterThanOrEqual(10_000)
    expect(DEFAULT_LIMITS.updateBytes).toBeLessThan(5 * 1024 * 1024)
  })

  it('[R16] the editor refuses the same paste before sending, naming the paragraph', () => {
    const state = EditorState.create({ schema, doc: demoContent() })
    let pos = -1
    state.doc.descendants((node, p) => {
      if (node.type.name === 'recommendation' && node.attrs.id === PROPOSED) pos = p + 1
      return pos < 0
    })
    const big = state.tr.insertText(words(DEFAULT_LIMITS.paragraphChars + 1), pos)
    expect(limitProblem(big)).toMatch(/a paragraph holds at most 20,000 characters; B\.3 would hold 20,1\d\d/)
    expect(limitProblem(state.tr.insertText('a few words', pos))).toBeNull()
    expect(limitProblem(state.tr.insertText(words(300), pos), { ...DEFAULT_LIMITS, documentChars: 1000 })).toMatch(/the document holds at most 1,000 characters/)
  })
})
