/**
 * A break-out's result brought back into plenary, over the real server (SPEC B5, B6): the
 * facilitator drafts in the break-out (a change to B.2, a new paragraph after it, a change to B.3
 * and one to C.3) and agrees the new paragraph there, while Kenya changes B.3 in plenary (the chair let plenary
 * edit meanwhile); the facilitator submits, twice; the chair sees the three-way rows, is refused
 * while the conflict on B.3 has no choice, then takes B.2, keeps plenary's C.3, keeps both texts
 * of B.3 as Option 1 / Option 2 with their sponsors, and the new paragraph comes in after B.2.
 * The new paragraph is B.2 bis under Rev.1's numbers. Everyone connected to plenary follows live; agreed text comes in as proposed, marked; the
 * break-out closes and stays readable. Refusals: a member submitting, submitting in plenary, a
 * member reporting back, a paragraph the break-out was not given.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { useTestServer } from '../helpers/testServer.ts'
import { connectPeer, waitFor, waitSynced, type Peer } from '../helpers/peers.ts'
import { firstText, recommendation } from '../helpers/attacks.ts'
import { DEMO_DOCUMENT } from '../../server/demo/demoDocument.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import { readText } from '../../shared/readText.ts'
import { paragraphLabels } from '../../shared/numbering.ts'

const DOC = DEMO_DOCUMENT.id
const api = useTestServer()
const { send, errorOf } = api

/** The paragraphs of a peer's document, in order: id, text, sponsors, and its options' texts and sponsors. */
function paragraphs(peer: Peer) {
  const out: { id: string; text: string; sponsors: string[]; options: { text: string; sponsors: string[] }[] }[] = []
  readText(textOf(peer.doc)).descendants((node) => {
    if (node.type.name !== 'recommendation') return true
    const options: { text: string; sponsors: string[] }[] = []
    node.descendants((inner) => {
      if (inner.type.name === 'option') options.push({ text: inner.textContent, sponsors: inner.attrs.sponsors as string[] })
      return true
    })
    out.push({ id: node.attrs.id as string, text: node.textContent, sponsors: node.attrs.sponsors as string[], options })
    return false
  })
  return out
}

describe('[B5][B6] reporting back', () => {
  it('[B5][B6] submit, see the three rows, refuse an unresolved conflict, then take, keep and keep both; everyone follows live', async () => {
    const brazil = api.server.signIn('member', { delegation: 'Brazil', displayName: 'Delegate of Brazil' })
    const kenya = api.server.signIn('member', { delegation: 'Kenya', displayName: 'Delegate of Kenya' })
    // Rev.1 fixes the numbers: what the break-out adds comes in with a bis number.
    expect((await send(api.server.chair.cookie, 'POST', `/documents/${DOC}/revisions`, { symbol: 'WGEC/2026/CRP.1/Rev.1' })).status).toBe(201)
    const created = await send(api.server.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, {
      name: 'Break-out group 1: Topic B',
      facilitatorId: brazil.member.id,
      topicIds: ['t-demo-b'],
      paragraphIds: ['r-demo-c3'],
      plenaryMayEdit: true,
    })
    expect(created.status).toBe(201)
    const breakoutId = ((await created.json()) as { breakout: { id: string } }).breakout.id

    const room = connectPeer(api.server.wsUrl, breakoutId, { cookie: brazil.cookie })
    const plenary = connectPeer(api.server.wsUrl, DOC, { cookie: kenya.cookie })
    const listener = connectPeer(api.server.wsUrl, DOC, { cookie: api.server.signIn('observer').cookie })
    try {
      await Promise.all([waitSynced(room), waitSynced(plenary), waitSynced(listener)])
      // In the break-out: B.2 and B.3 changed, C.3 changed, a new paragraph after B.2.
      firstText(recommendation(room.doc, 'r-demo-b2')).insert(0, 'In consultation, ')
      firstText(recommendation(room.doc, 'r-demo-b3')).insert(0, 'As the break-out drafted: ')
      firstText(recommendation(room.doc, 'r-demo-c3')).insert(0, 'Break-out wording: ')
      room.doc.transact(() => {
        const b2 = recommendation(room.doc, 'r-demo-b2')
        const topic = b2.parent as Y.XmlElement
        const added = new Y.XmlElement('recommendation')
        added.setAttribute('id', 'r-bo-new')
        added.setAttribute('sponsors', ['Brazil'] as unknown as string)
        added.insert(0, [new Y.XmlText('Stakeholders should be consulted early.')])
        topic.insert(topic.toArray().indexOf(b2) + 1, [added])
      })
      // Meanwhile in plenary: Kenya changes B.3.
      firstText(recommendation(plenary.doc, 'r-demo-b3')).insert(0, 'Kenya in plenary: ')
      await waitFor(() => textOf(listener.doc).toString().includes('Kenya in plenary: '), 'the plenary edit relayed')
      const witness = connectPeer(api.server.wsUrl, breakoutId, { cookie: api.server.chair.cookie })
      await waitSynced(witness)
      await waitFor(() => textOf(witness.doc).toString().includes('r-bo-new'), 'the break-out edits stored')
      witness.destroy()
      expect(room.closes).toEqual([])

      // The facilitator agrees the new paragraph in the break-out and submits; a member may not, nor in plenary.
      expect((await send(brazil.cookie, 'POST', `/documents/${breakoutId}/paragraphs/r-bo-new/status`, { action: 'agree' })).status).toBe(200)
      expect(await errorOf(await send(kenya.cookie, 'POST', `/documents/${breakoutId}/results`))).toEqual([403, 'only the facilitator of break-out group 1 submits its result'])
      expect(await errorOf(await send(brazil.cookie, 'POST', `/documents/${DOC}/results`))).toEqual([409, "only a break-out group's document is submitted as its result"])
      const first = await send(brazil.cookie, 'POST', `/documents/${breakoutId}/results`)
      expect(first.status).toBe(201)
      expect(((await first.json()) as { result: { number: number; agreed: string[] } }).result).toMatchObject({ number: 1, agreed: ['r-bo-new'] })
      const second = await send(brazil.cookie, 'POST', `/documents/${breakoutId}/results`)
      expect(((await second.json()) as { result: { number: number } }).result.number).toBe(2)

      // The three-way rows, for everyone in the group.
      const view = (await (await send(kenya.cookie, 'GET', `/documents/${DOC}/breakouts/${breakoutId}/report`)).json()) as {
        result: { number: number }
        rows: { paragraphId: string; label: string | null; change: string; byDefault: string | null; agreedInBreakout: boolean }[]
      }
      expect(view.result.number).toBe(2)
      expect(view.rows.map((r) => [r.paragraphId, r.label, r.change, r.byDefault, r.agreedInBreakout])).toEqual([
        ['r-demo-b2', 'B.2', 'breakout', 'take', false],
        ['r-bo-new', null, 'new', 'take', true],
        ['r-demo-b3', 'B.3', 'both', null, false],
        ['r-demo-c3', 'C.3', 'breakout', 'take', false],
      ])

      // Refusals in words.
      const path = `/documents/${DOC}/breakouts/${breakoutId}/report`
      expect(await errorOf(await send(api.server.chair.cookie, 'POST', path, {}))).toEqual([409, "B.3 was changed in plenary and in the break-out: choose the break-out's text, plenary's, or both"])
      expect((await send(kenya.cookie, 'POST', path, { choices: { 'r-demo-b3': 'both' } })).status).toBe(403)
      expect(await errorOf(await send(api.server.chair.cookie, 'POST', path, { choices: { 'r-demo-e1': 'take' } }))).toEqual([400, "no paragraph r-demo-e1 in break-out group 1's result"])
      expect((await send(api.server.chair.cookie, 'POST', path, { result: 9, choices: { 'r-demo-b3': 'both' } })).status).toBe(404)

      // The chair brings it in: B.2 taken (default), B.3 both, C.3 kept.
      const done = await send(api.server.chair.cookie, 'POST', path, { choices: { 'r-demo-b3': 'both', 'r-demo-c3': 'keep' } })
      expect(done.status).toBe(200)
      const report = ((await done.json()) as { breakout: { status: string; report: { result: number; produced: string[]; agreed: string[] } } }).breakout
      expect(report).toMatchObject({ status: 'closed', report: { result: 2, produced: ['r-demo-b2', 'r-bo-new', 'r-demo-b3'], agreed: ['r-bo-new'] } })

      // Everyone's plenary follows live.
      await waitFor(() => textOf(listener.doc).toString().includes('r-bo-new'), 'the report-back relayed')
      const after = paragraphs(listener)
      const at = after.findIndex((p) => p.id === 'r-demo-b2')
      expect(after[at]!.text.startsWith('In consultation, Governments should')).toBe(true)
      expect(after[at + 1]).toMatchObject({ id: 'r-bo-new', text: 'Stakeholders should be consulted early.', sponsors: ['Brazil'] })
      expect(after[at + 2]!.id).toBe('r-demo-b3')
      expect(paragraphLabels(listener.doc).get('r-bo-new')).toBe('B.2 bis')
      expect(paragraphLabels(listener.doc).get('r-demo-b3')).toBe('B.3')
      expect(after[at + 2]!.options.map((o) => o.text)).toEqual([
        'Kenya in plenary: Processes for enhanced cooperation should be open, transparent and inclusive, and their outcomes published.',
        'As the break-out drafted: Processes for enhanced cooperation should be open, transparent and inclusive, and their outcomes published.',
      ])
      expect(after[at + 2]!.options.map((o) => o.sponsors)).toEqual([['APC (civil society)'], ['APC (civil society)']])
      expect(after.find((p) => p.id === 'r-demo-c3')!.text.startsWith('Break-out wording')).toBe(false)
      // Agreed in the break-out, proposed in plenary: only the plenary agrees.
      expect(consensusOf(listener.doc).get('r-bo-new')).toBeUndefined()
      expect(plenary.closes).toEqual([])

      // The break-out closed: its facilitator reconnects read only, and its document stays readable.
      await waitFor(() => room.closes.length > 0, 'the break-out closing')
      expect(((await (await send(brazil.cookie, 'GET', `/documents/${breakoutId}`)).json()) as { here: { role: string } }).here.role).toBe('observer')
      expect(await errorOf(await send(brazil.cookie, 'POST', `/documents/${breakoutId}/results`))).toEqual([409, 'break-out group 1 is closed'])
      expect(await errorOf(await send(api.server.chair.cookie, 'POST', path, { choices: {} }))).toEqual([409, 'break-out group 1 is closed'])
      const audit = (await (await send(api.server.chair.cookie, 'GET', `/documents/${DOC}/audit`)).json()) as { records: { kind: string; detail: { action?: string } }[] }
      expect(audit.records.filter((r) => r.kind === 'command').map((r) => r.detail.action)).toEqual(expect.arrayContaining(['createBreakout', 'submitBreakoutResult', 'reportBack']))
    } finally {
      room.destroy()
      plenary.destroy()
      listener.destroy()
    }
  })
})
