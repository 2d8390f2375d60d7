/**
 * Who may do what in a break-out group's document, over the real server (SPEC B4): its facilitator
 * has the chair's drafting powers there and nowhere else; a break-out limited to named delegations
 * refuses the others in words, on the socket and in the page's document info; observers follow
 * read-only only when the chair allowed it; once closed, the document stays readable and nobody
 * writes in it any more, and those connected are told and reconnect with their new rights.
 */
import { describe, expect, it } from 'vitest'
import { useTestServer } from '../helpers/testServer.ts'
import { connectPeer, waitFor, waitSynced, type Peer } from '../helpers/peers.ts'
import { firstText, recommendation } from '../helpers/attacks.ts'
import { applyCommand, selectIn } from '../helpers/pmCommands.ts'
import { DEMO_DOCUMENT } from '../../server/demo/demoDocument.ts'
import { removeBracket } from '../../shared/commands/index.ts'
import { textOf } from '../../shared/ydoc.ts'
import { CloseCode } from '../../shared/protocol.ts'

const DOC = DEMO_DOCUMENT.id
const api = useTestServer()
const { send, errorOf } = api

/** Removes B.2's outer bracket as a cleaning pen-holder's editor would. */
const cleanB2 = (peer: Peer): void =>
  applyCommand(peer.doc, removeBracket({ delegation: 'Brazil', role: 'chair', isLocked: () => false }), selectIn('r-demo-b2', 'consult with', true))

async function refusedOnSocket(cookie: string, docId: string): Promise<{ code: number; reason: string }> {
  const peer = connectPeer(api.server.wsUrl, docId, { cookie })
  try {
    await waitFor(() => peer.closes.length > 0, 'the refusal')
    return peer.closes[0]!
  } finally {
    peer.destroy()
  }
}

describe('[B4] who may do what in a break-out', () => {
  let brazil: ReturnType<typeof api.server.signIn>
  let breakoutId = ''

  it('[B4][R12][R3] its facilitator cleans brackets and agrees in the break-out, and not in plenary', async () => {
    brazil = api.server.signIn('member', { delegation: 'Brazil', displayName: 'Delegate of Brazil' })
    const res = await send(api.server.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Break-out group 1: Topic B', facilitatorId: brazil.member.id, topicIds: ['t-demo-b'] })
    expect(res.status).toBe(201)
    breakoutId = ((await res.json()) as { breakout: { id: string } }).breakout.id
    const here = (await (await send(brazil.cookie, 'GET', `/documents/${breakoutId}`)).json()) as { here: { role: string; breakout: { number: number; plenaryId: string } } }
    expect(here.here).toMatchObject({ role: 'facilitator', breakout: { number: 1, plenaryId: DOC } })
    expect(((await (await send(brazil.cookie, 'GET', `/documents/${DOC}`)).json()) as { here: { role: string } }).here.role).toBe('member')

    const inBreakout = connectPeer(api.server.wsUrl, breakoutId, { cookie: brazil.cookie })
    const witness = connectPeer(api.server.wsUrl, breakoutId, { cookie: api.server.chair.cookie })
    try {
      await Promise.all([waitSynced(inBreakout), waitSynced(witness)])
      cleanB2(inBreakout)
      await waitFor(() => !textOf(witness.doc).toString().includes('data-id="b-demo-b2"'), 'the cleaning relayed')
      expect(inBreakout.closes).toEqual([])
    } finally {
      inBreakout.destroy()
      witness.destroy()
    }
    const agreed = await send(brazil.cookie, 'POST', `/documents/${breakoutId}/paragraphs/r-demo-b3/status`, { action: 'agree' })
    expect(agreed.status).toBe(200)

    // In plenary Brazil's delegate is a member like any other.
    expect(await errorOf(await send(brazil.cookie, 'POST', `/documents/${DOC}/paragraphs/r-demo-e1/status`, { action: 'agree' }))).toEqual([403, expect.stringMatching(/chair/)])
    const inPlenary = connectPeer(api.server.wsUrl, DOC, { cookie: brazil.cookie })
    try {
      await waitSynced(inPlenary)
      applyCommand(inPlenary.doc, removeBracket({ delegation: 'Brazil', role: 'chair', isLocked: () => false }), selectIn('r-demo-c2', 'free of charge', true))
      await waitFor(() => inPlenary.closes.length > 0, 'the refusal')
      expect(inPlenary.closes[0]).toMatchObject({ code: CloseCode.UpdateRejected })
      expect(inPlenary.closes[0]!.reason).toContain('only the chair and the secretariat clean')
    } finally {
      inPlenary.destroy()
    }
    // No break-out inside a break-out.
    expect(await errorOf(await send(api.server.chair.cookie, 'POST', `/documents/${breakoutId}/breakouts`, { name: 'Nested', facilitatorId: brazil.member.id, topicIds: ['t-demo-b'] }))).toEqual([
      409,
      "a break-out group's document has no break-out groups of its own",
    ])
  })

  it('[B4] limited to named delegations, without observers: the others are refused in words; with observers, they follow read only', async () => {
    const india = api.server.signIn('member', { delegation: 'India', displayName: 'Delegate of India' })
    const res = await send(api.server.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Break-out group 2: Topic C', facilitatorId: india.member.id, topicIds: ['t-demo-c'], openTo: ['India', 'Egypt'], observersFollow: false })
    expect(res.status).toBe(201)
    const closedGroup = ((await res.json()) as { breakout: { id: string } }).breakout.id
    const kenya = api.server.signIn('member', { delegation: 'Kenya' })
    const refusal = await refusedOnSocket(kenya.cookie, closedGroup)
    expect(refusal).toEqual({ code: CloseCode.Forbidden, reason: 'break-out group 2 is open to India, Egypt only' })
    const here = (await (await send(kenya.cookie, 'GET', `/documents/${closedGroup}`)).json()) as { here: { role: null; refused: string } }
    expect(here.here).toMatchObject({ role: null, refused: 'break-out group 2 is open to India, Egypt only' })
    expect(await errorOf(await send(kenya.cookie, 'PUT', `/documents/${closedGroup}/paragraphs/r-demo-c3/reservation`, { text: 'Kenya reserves.' }))).toEqual([403, 'break-out group 2 is open to India, Egypt only'])
    const observer = api.server.signIn('observer')
    expect(await refusedOnSocket(observer.cookie, closedGroup)).toEqual({ code: CloseCode.Forbidden, reason: 'observers do not follow break-out group 2' })

    // Egypt joins and writes; the chair walks in too.
    const egypt = connectPeer(api.server.wsUrl, closedGroup, { cookie: api.server.signIn('member', { delegation: 'Egypt' }).cookie })
    try {
      await waitSynced(egypt)
      firstText(recommendation(egypt.doc, 'r-demo-c3')).insert(0, 'Egypt drafts: ')
      const chair = connectPeer(api.server.wsUrl, closedGroup, { cookie: api.server.chair.cookie })
      await waitFor(() => textOf(chair.doc).toString().includes('Egypt drafts: '), 'the edit relayed')
      chair.destroy()
    } finally {
      egypt.destroy()
    }

    const withObservers = await send(api.server.chair.cookie, 'POST', `/documents/${DOC}/breakouts`, { name: 'Break-out group 3: Topic D', facilitatorId: india.member.id, topicIds: ['t-demo-d'], observersFollow: true })
    const openGroup = ((await withObservers.json()) as { breakout: { id: string } }).breakout.id
    const follower = connectPeer(api.server.wsUrl, openGroup, { cookie: observer.cookie })
    try {
      await waitSynced(follower)
      expect(textOf(follower.doc).toString()).toContain('Break-out group 3: Topic D')
      expect(((await (await send(observer.cookie, 'GET', `/documents/${openGroup}`)).json()) as { here: { role: string } }).here.role).toBe('observer')
    } finally {
      follower.destroy()
    }
  })

  it('[B4][B1] once closed, its document stays readable and nobody writes in it; those connected reconnect read only', async () => {
    const facilitator = connectPeer(api.server.wsUrl, breakoutId, { cookie: brazil.cookie })
    try {
      await waitSynced(facilitator)
      expect((await send(api.server.chair.cookie, 'POST', `/documents/${DOC}/breakouts/${breakoutId}/close`)).status).toBe(200)
      await waitFor(() => facilitator.closes.length > 0, 'the change of rights')
      expect(facilitator.closes[0]).toEqual({ code: CloseCode.RoleChanged, reason: 'break-out group 1 is closed: its document is read only now' })
    } finally {
      facilitator.destroy()
    }
    for (const who of [brazil, api.server.chair]) {
      expect(((await (await send(who.cookie, 'GET', `/documents/${breakoutId}`)).json()) as { here: { role: string } }).here.role).toBe('observer')
    }
    expect(await errorOf(await send(brazil.cookie, 'POST', `/documents/${breakoutId}/paragraphs/r-demo-b2/status`, { action: 'agree' }))).toEqual([403, expect.any(String)])
    const state = await send(brazil.cookie, 'GET', `/documents/${breakoutId}/state`)
    expect(state.status).toBe(200)
    // A write is refused: the document is read only for everyone now.
    const late = connectPeer(api.server.wsUrl, breakoutId, { cookie: api.server.signIn('member', { delegation: 'Kenya' }).cookie })
    try {
      await waitSynced(late)
      firstText(recommendation(late.doc, 'r-demo-b3')).insert(0, 'Too late: ')
      await waitFor(() => late.closes.length > 0, 'the refusal')
      expect(late.closes[0]!.code).toBe(CloseCode.UpdateRejected)
    } finally {
      late.destroy()
    }
    const audit = (await (await send(api.server.chair.cookie, 'GET', `/documents/${breakoutId}/audit`)).json()) as { records: { kind: string; detail: { action?: string } }[] }
    expect(audit.records.some((r) => r.kind === 'command' && r.detail.action === 'breakoutClosed')).toBe(true)
  })
})
