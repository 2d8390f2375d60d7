/**
 * The report-back rules (SPEC B5, B6) on the demo's topic B: the three-way rows and the plan of
 * the chair's choices, including the cases the integration test does not reach (a paragraph the
 * break-out removed, one plenary removed or locked meanwhile).
 */
import { describe, expect, it } from 'vitest'
import type { Node as PMNode } from 'prosemirror-model'
import { demoContent } from '../../server/demo/demoDocument.ts'
import { breakoutContent } from '../../shared/breakouts.ts'
import { bothAsOptions, decideReport, reportRows } from '../../shared/reportBack.ts'
import { schema } from '../../shared/schema.ts'

const plenary = demoContent()
const start = breakoutContent(plenary, 'Break-out group 1', ['r-demo-b2', 'r-demo-b3'])

/** `doc` without paragraph `id`. */
function without(doc: PMNode, id: string): PMNode {
  const json = doc.toJSON() as { content: { type: string; content?: { attrs?: { id?: string } }[] }[] }
  for (const section of json.content) if (section.content) section.content = section.content.filter((c) => c.attrs?.id !== id)
  return schema.nodeFromJSON(json)
}
const label = (id: string) => ({ 'r-demo-b2': 'B.2', 'r-demo-b3': 'B.3' })[id] ?? id

describe('[B5][B6] report-back rules', () => {
  it('[B5][B6] a paragraph the break-out removed is taken (removed in plenary) when plenary left it alone', () => {
    const rows = reportRows(start, without(start, 'r-demo-b2'), new Set(), plenary, () => false)
    expect(rows.map((r) => [r.paragraphId, r.change, r.byDefault])).toEqual([
      ['r-demo-b3', 'unchanged', 'keep'],
      ['r-demo-b2', 'removed', 'take'],
    ])
    const plan = decideReport('chair', rows, {}, label, 1)
    expect(plan).toMatchObject({ ok: true, steps: [{ kind: 'remove', paragraphId: 'r-demo-b2' }], produced: [] })
    expect(decideReport('chair', rows, { 'r-demo-b2': 'both' }, label, 1)).toEqual({ ok: false, refusal: 'invalid', reason: "B.2 was removed in the break-out: take that, or keep plenary's" })
  })

  it('[B6] plenary removed or locked it meanwhile: it stays as plenary has it, and a choice to take it is refused', () => {
    const rows = reportRows(start, start, new Set(), without(plenary, 'r-demo-b3'), (id) => id === 'r-demo-b2')
    expect(rows.map((r) => [r.paragraphId, r.change, r.byDefault])).toEqual([
      ['r-demo-b2', 'gone', 'keep'],
      ['r-demo-b3', 'gone', 'keep'],
    ])
    expect(decideReport('chair', rows, {}, label, 1)).toMatchObject({ ok: true, steps: [] })
    expect(decideReport('chair', rows, { 'r-demo-b2': 'take' }, label, 1)).toEqual({ ok: false, refusal: 'conflict', reason: 'B.2 was removed or locked in plenary meanwhile: it stays as plenary has it' })
    expect(decideReport('member', rows, {}, label, 1)).toMatchObject({ ok: false, refusal: 'forbidden' })
  })

  it('[B6] both texts as Option 1 (plenary) and Option 2 (the break-out), each with its sponsors, in one paragraph with the same id', () => {
    const now = schema.node('recommendation', { id: 'r-x', sponsors: ['Kenya'] }, schema.text('Plenary wording.'))
    const result = schema.node('recommendation', { id: 'r-x', sponsors: ['Kenya', 'Brazil'] }, schema.text('Break-out wording.'))
    const both = bothAsOptions(now, result)
    expect(both.attrs).toMatchObject({ id: 'r-x', sponsors: ['Kenya', 'Brazil'] })
    const group = both.firstChild!
    expect(group.attrs.form).toBe('paragraph')
    expect([group.child(0).textContent, group.child(0).attrs.sponsors, group.child(1).textContent, group.child(1).attrs.sponsors]).toEqual(['Plenary wording.', ['Kenya'], 'Break-out wording.', ['Kenya', 'Brazil']])
  })

  it('[B6] a paragraph of the result that names a plenary paragraph the break-out was not given comes in under an id of its own', () => {
    const json = start.toJSON() as { content: { type: string; attrs?: { id?: string }; content?: unknown[] }[] }
    const topicB = json.content.find((c) => c.attrs?.id === 't-demo-b')!
    topicB.content!.push({ type: 'recommendation', attrs: { id: 'r-demo-b1', sponsors: ['Kenya'] }, content: [{ type: 'text', text: 'Agreed B.1, rewritten in the break-out.' }] })
    const rows = reportRows(start, schema.nodeFromJSON(json), new Set(['r-demo-b1']), plenary, (id) => id === 'r-demo-b1')
    const plan = decideReport('chair', rows, {}, label, 1)
    if (!plan.ok) throw new Error(plan.reason)
    expect(plan.steps).toHaveLength(1)
    const step = plan.steps[0]!
    expect(step.kind).toBe('insert')
    if (step.kind !== 'insert') return
    expect(step.node.attrs.id).not.toBe('r-demo-b1')
    expect(step.node.textContent).toBe('Agreed B.1, rewritten in the break-out.')
    expect(plan.produced).toEqual([step.node.attrs.id])
    expect(plan.agreed).toEqual([])
  })
})
