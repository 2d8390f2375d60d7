/**
 * Creating a break-out group over the real server (SPEC B1-B3): the chair sends topic B to a
 * group facilitated by Brazil's delegate; the break-out's own document exists at once, seeded
 * with B.2 and B.3 as they stand (agreed B.1 stays in plenary); plenary lists it; a member typing
 * in B.3 in plenary is refused with the freeze's words; members, strangers and bad requests are
 * refused in words; the whole of it survives a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { connectPeer, waitFor, waitSynced } from '../helpers/peers.ts'
import { firstText, recommendation } from '../helpers/attacks.ts'
import { DEMO_DOCUMENT } from '../../server/demo/demoDocument.ts'
import { textOf } from '../../shared/ydoc.ts'
import { CloseCode } from '../../shared/protocol.ts'

const DOC = DEMO_DOCUMENT.id
let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t?.stop())

const send = (cookie: string, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${t.httpUrl}/api${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })

interface Breakout { id: string; number: number; name: string; paragraphIds: string[]; facilitator: { delegation: string }; status: string }

const paragraphIdsOf = (doc: Y.Doc): string[] => {
  const ids: string[] = []
  for (const node of textOf(doc).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'recommendation')) ids.push(String((node as Y.XmlElement).getAttribute('id')))
  return ids
}

describe('[B1][B2][B3] a break-out group', () => {
  let brazil: ReturnType<TestServer['signIn']>
  let created: Breakout

  it('[B1][B2] the chair creates one for topic B: its document holds B.2 and B.3 as they stand, and plenary lists it', async () => {
    brazil = t.signIn('member', { delegation: 'Brazil', displayName: 'Delegate of Brazil' })
    const res = await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Break-out group 1: Topic B', facilitatorId: brazil.member.id, topicIds: ['t-demo-b'] })
    expect(res.status).toBe(201)
    created = ((await res.json()) as { breakout: Breakout }).breakout
    expect(created).toMatchObject({ number: 1, name: 'Break-out group 1: Topic B', paragraphIds: ['r-demo-b2', 'r-demo-b3'], facilitator: { delegation: 'Brazil' }, status: 'running' })

    const listed = (await (await send(brazil.cookie, 'GET', `/documents/${DOC}/breakouts`)).json()) as { breakouts: Breakout[] }
    expect(listed.breakouts.map((b) => b.id)).toEqual([created.id])

    // Its own document, in the same group: the member reaches it and reads the seeded text.
    expect((await send(brazil.cookie, 'GET', `/documents/${created.id}`)).status).toBe(200)
    const state = new Uint8Array(await (await send(brazil.cookie, 'GET', `/documents/${created.id}/state`)).arrayBuffer())
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    expect(paragraphIdsOf(doc)).toEqual(['r-demo-b2', 'r-demo-b3'])
    expect(textOf(doc).toString()).toContain('Break-out group 1: Topic B')
    expect(textOf(doc).toString()).toContain('and take into account the views of') // B.2's nested bracket, as in plenary

    const audit = (await (await send(t.chair.cookie, 'GET', `/documents/${DOC}/audit`)).json()) as { records: { kind: string; detail: { action?: string } }[] }
    expect(audit.records.some((r) => r.kind === 'command' && r.detail.action === 'createBreakout')).toBe(true)
  })

  it('[B3] a member typing in B.3 in plenary is refused: it is frozen there', async () => {
    const peer = connectPeer(t.wsUrl, DOC, { cookie: t.signIn('member', { delegation: 'Kenya' }).cookie })
    try {
      await waitSynced(peer)
      firstText(recommendation(peer.doc, 'r-demo-b3')).insert(0, 'Changed meanwhile: ')
      await waitFor(() => peer.closes.length > 0, 'the refusal')
      expect(peer.closes[0]).toMatchObject({ code: CloseCode.UpdateRejected })
      expect(peer.closes[0]!.reason).toContain('B.3 is in break-out group 1')
    } finally {
      peer.destroy()
    }
  })

  it('[B1] refused in words: a member, a paragraph already in it, agreed text, a facilitator of another group, a malformed request', async () => {
    const member = await send(brazil.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Mine', facilitatorId: brazil.member.id, topicIds: ['t-demo-c'] })
    expect(member.status).toBe(403)
    const again = await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Group 2', facilitatorId: brazil.member.id, paragraphIds: ['r-demo-b3'] })
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([409, 'B.3 is already in break-out group 1'])
    const agreed = await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Group 2', facilitatorId: brazil.member.id, paragraphIds: ['r-demo-b1'] })
    expect([agreed.status, ((await agreed.json()) as { error: string }).error]).toEqual([409, 'B.1 is agreed and stays in plenary'])
    t.server.store.createGroup({ id: 'other-group', name: 'Another group', createdAt: '2026-01-01T00:00:00.000Z' })
    const stranger = t.signIn('member', { groupId: 'other-group', delegation: 'Elsewhere' })
    const foreign = await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Group 2', facilitatorId: stranger.member.id, topicIds: ['t-demo-c'] })
    expect([foreign.status, ((await foreign.json()) as { error: string }).error]).toEqual([400, 'the facilitator must be a member of this working group'])
    const malformed = await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 7, facilitatorId: brazil.member.id })
    expect(malformed.status).toBe(400)
  })

  it('[B1][B2] after a restart, the break-out and its document are still there', async () => {
    const { dataDir } = t
    await t.stop()
    t = await startTestServer({ dataDir })
    const reader = t.signIn('member')
    const listed = (await (await send(reader.cookie, 'GET', `/documents/${DOC}/breakouts`)).json()) as { breakouts: Breakout[] }
    expect(listed.breakouts.map((b) => [b.id, b.status])).toEqual([[created.id, 'running']])
    expect((await send(reader.cookie, 'GET', `/documents/${created.id}`)).status).toBe(200)
  })

  it('[B1][B3] the chair closes it: plenary edits B.3 again, and its document stays readable', async () => {
    const member = t.signIn('member', { delegation: 'Kenya' })
    expect((await send(member.cookie, 'POST', `/documents/${DOC}/breakouts/${created.id}/close`)).status).toBe(403)
    const closed = await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts/${created.id}/close`)
    expect(closed.status).toBe(200)
    expect(((await closed.json()) as { breakout: Breakout }).breakout.status).toBe('closed')
    const again = await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts/${created.id}/close`)
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([409, 'break-out group 1 is already closed'])
    expect((await send(t.chair.cookie, 'POST', `/documents/${DOC}/breakouts/bo-nowhere/close`)).status).toBe(404)

    const peer = connectPeer(t.wsUrl, DOC, { cookie: member.cookie })
    const witness = connectPeer(t.wsUrl, DOC, { cookie: t.signIn('observer').cookie })
    try {
      await Promise.all([waitSynced(peer), waitSynced(witness)])
      firstText(recommendation(peer.doc, 'r-demo-b3')).insert(0, 'After the break-out: ')
      await waitFor(() => textOf(witness.doc).toString().includes('After the break-out: '), 'the edit relayed')
      expect(peer.closes).toEqual([])
    } finally {
      peer.destroy()
      witness.destroy()
    }
    expect((await send(member.cookie, 'GET', `/documents/${created.id}`)).status).toBe(200)
  })
})
