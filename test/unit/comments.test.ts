/**
 * Comments, the pure parts (SPEC K1-K4): what a new thread stands on, finding quoted words again,
 * who resolves, what a comment may hold, how threads are read and ordered.
 */
import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { schema } from '../../shared/schema.ts'
import { commentTargetAt, findQuote, startComment } from '../../shared/commands/index.ts'
import { commentText, mayResolve, orderThreads, readThread, type CommentThread } from '../../shared/comments.ts'

const t = (s: string) => schema.text(s)
const rec = (id: string, ...content: PMNode[]) => schema.node('recommendation', { id, sponsors: ['Brazil'] }, content)
const bracket = (id: string, ...content: PMNode[]) => schema.node('bracket', { id, sponsors: ['EU'] }, content)
const doc = (...recs: PMNode[]) =>
  schema.node('doc', null, [
    schema.node('title', null, [t('Existing title')]),
    schema.node('topic', { id: 't1' }, [schema.node('topicHeading', null, [t('Existing heading')]), ...recs]),
    schema.node('annex'),
  ])
const text = (d: PMNode, r: { from: number; to: number } | null): string => (r ? d.textBetween(r.from, r.to) : '')

function stateWith(d: PMNode, from: number, to = from): EditorState {
  return EditorState.create({ doc: d, selection: TextSelection.create(d, from, to) })
}
function posOf(d: PMNode, words: string): number {
  let found = -1
  d.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(words) && d.resolve(pos).parent.type.name !== 'topicHeading') found = pos + node.text!.indexOf(words)
    return found < 0
  })
  return found
}

describe('[K1] what a new thread stands on', () => {
  const d = doc(rec('r1', t('Existing institutions address many issues.')), rec('r2', t('Second.')))
  it('[K1] selected words in one paragraph, quoted', () => {
    const from = posOf(d, 'institutions')
    expect(commentTargetAt(stateWith(d, from, from + 'institutions'.length))).toEqual({ paragraphId: 'r1', range: { from, to: from + 12 }, quote: 'institutions' })
  })
  it('[K1] the cursor alone: the whole paragraph', () => {
    expect(commentTargetAt(stateWith(d, posOf(d, 'Second')))).toEqual({ paragraphId: 'r2', range: null, quote: '' })
  })
  it('[K1] not across paragraphs, not outside one; the command says so without sending', () => {
    expect(commentTargetAt(stateWith(d, posOf(d, 'issues'), posOf(d, 'Second') + 2))).toBeNull()
    expect(commentTargetAt(stateWith(d, 2))).toBeNull()
    const sent: unknown[] = []
    expect(startComment((target) => sent.push(target))(stateWith(d, 2), () => {})).toBe(false)
    expect(startComment((target) => sent.push(target))(stateWith(d, posOf(d, 'Second')), () => {})).toBe(true)
    expect(sent).toHaveLength(1)
  })
})

describe('[K1] quoted words found again when the anchor lost them', () => {
  it('[K1] across a bracket put around part of them, in the thread\'s paragraph first', () => {
    const d = doc(rec('r1', t('Build on existing institutions.')), rec('r2', t('Existing '), bracket('b1', t('institutions')), t(' matter.')))
    const r = findQuote(d, 'r2', 'Existing institutions')
    expect(text(d, r)).toBe('Existing institutions')
    expect(r!.from).toBeGreaterThan(posOf(d, 'Build'))
    expect(d.resolve(r!.from).parent.attrs.id).toBe('r2')
  })
  it('[K1] elsewhere when its paragraph lost them (split off); null when gone; nothing for an empty quote', () => {
    const d = doc(rec('r1', t('First half.')), rec('r2', t('existing institutions, second half.')))
    expect(text(d, findQuote(d, 'r1', 'existing institutions'))).toBe('existing institutions')
    expect(findQuote(d, 'r1', 'vanished words')).toBeNull()
    expect(findQuote(d, 'r1', '')).toBeNull()
  })
})

describe('[K2][K4] rules of threads', () => {
  const thread: CommentThread = {
    id: 'c1',
    paragraphId: 'r1',
    anchor: null,
    quote: '',
    messages: [{ id: 'm1', memberId: 'kenya', author: 'Amina', delegation: 'Kenya', text: 'Q?', at: '2026-01-02T00:00:00.000Z' }],
    resolved: null,
  }
  it('[K2] a comment holds 1-2,000 characters, trimmed', () => {
    expect(commentText('  A question.  ')).toEqual({ ok: true, text: 'A question.' })
    expect(commentText('   ')).toMatchObject({ ok: false })
    expect(commentText(42)).toMatchObject({ ok: false })
    expect(commentText('x'.repeat(2001))).toMatchObject({ ok: false, reason: expect.stringMatching(/2000/) })
  })
  it('[K4] the author, the chair and the secretariat resolve; nobody else', () => {
    expect(mayResolve(thread, 'kenya', 'member')).toBe(true)
    expect(mayResolve(thread, 'kenya', 'observer')).toBe(true)
    expect(mayResolve(thread, 'japan', 'member')).toBe(false)
    expect(mayResolve(thread, 'japan', 'observer')).toBe(false)
    expect(mayResolve(thread, 'x', 'chair')).toBe(true)
    expect(mayResolve(thread, 'x', 'secretariat')).toBe(true)
  })
  it('[K3] threads read defensively, open ones first, then by when they started', () => {
    expect(readThread({ id: 'c', messages: 'no' })).toBeNull()
    expect(readThread(null)).toBeNull()
    const later = { ...thread, id: 'c2', messages: [{ ...thread.messages[0]!, at: '2026-01-03T00:00:00.000Z' }] }
    const done = { ...thread, id: 'c3', resolved: { memberId: 'kenya', author: 'Amina', at: 'x' } }
    expect(orderThreads([done, later, thread]).map((x) => x.id)).toEqual(['c1', 'c2', 'c3'])
    expect(readThread({ ...thread, anchor: { start: 1 } })?.anchor).toBeNull()
  })
})
