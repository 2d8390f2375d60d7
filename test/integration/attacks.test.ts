/**
 * Every attack is a test, over the wire (SPEC R1, R4, R6-R9, A3, A4): a scripted client on a
 * real WebSocket sends raw Yjs updates and frames to a real server holding the demo document
 * (r-demo-b1 agreed, r-demo-d1 agreed ad ref). Each refusal: the sender is told why, then closed;
 * the server's document, the store and a connected y-websocket client are untouched; the
 * quarantine (read through the API, as the chair) names who and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { connectPeer, waitFor, waitSynced, xmlOf, type Peer } from '../helpers/peers.ts'
import { awarenessFrameOf, craft, firstText, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { apiAs, rawClient } from '../helpers/rawClient.ts'
import type { SignedIn } from '../helpers/members.ts'
import { runCli } from '../../server/cli.ts'

const DOC = 'wgec-rolling'
let server: TestServer
let witness: Peer
let helper: Peer
beforeAll(async () => {
  server = await startTestServer()
  witness = connectPeer(server.wsUrl, DOC, { cookie: server.signIn('member').cookie })
  helper = connectPeer(server.wsUrl, DOC, { cookie: server.signIn('member').cookie })
  await waitSynced(witness)
  await waitSynced(helper)
})
afterAll(async () => {
  witness.destroy()
  helper.destroy()
  await server.stop()
})

const room = () => server.server.collab.rooms.get(DOC)!
let markers = 0

/**
 * A marker edit by the helper, once it reached the witness: anything the server had relayed
 * before it has arrived by then (one socket, in order).
 */
async function drain(): Promise<void> {
  const text = `marker ${++markers}.`
  firstText(recommendation(helper.doc, 'r-demo-e1')).insert(0, text)
  await waitFor(() => xmlOf(witness.doc).includes(text), 'the marker to reach the witness')
}

async function expectRefused(who: SignedIn, makeFrame: (doc: Y.Doc) => Uint8Array, reason: RegExp, code: number = CloseCode.UpdateRejected) {
  const attacker = await rawClient(server.wsUrl, DOC, { cookie: who.cookie })
  const before = { xml: xmlOf(room().doc), consensus: JSON.stringify(consensusOf(room().doc).toJSON()), log: server.server.store.loadHistory(DOC).updates.length }
  const frame = makeFrame(attacker.doc)
  attacker.send(frame)
  const close = await attacker.closed()
  expect(close.code).toBe(code)
  expect(attacker.denied()).toHaveLength(1)
  expect(attacker.denied()[0]).toMatch(reason)
  expect(xmlOf(room().doc)).toBe(before.xml)
  expect(JSON.stringify(consensusOf(room().doc).toJSON())).toBe(before.consensus)
  expect(server.server.store.loadHistory(DOC).updates.length).toBe(before.log)
  const [latest] = (await apiAs(server.httpUrl, server.chair.cookie, 'GET', `/documents/${DOC}/quarantine`)).body.records as {
    reason: string
    bytes: number
    member: { displayName: string } | null
  }[]
  expect(latest).toMatchObject({ bytes: frame.byteLength, member: { displayName: who.member.displayName } })
  expect(latest!.reason).toMatch(reason)
  await drain()
  expect(xmlOf(witness.doc)).toBe(xmlOf(room().doc))
  expect(witness.closes).toEqual([])
}

const edit = (id: string, text: string) => (doc: Y.Doc): Uint8Array =>
  syncFrame('update', craft(doc, (d) => firstText(recommendation(d, id)).insert(0, text)))

describe('[R4][R7] locked paragraphs, over the wire', () => {
  it('[R4][R7] a member\'s edit of the agreed paragraph: permission denied, then 4422; nothing reaches anyone', async () => {
    await expectRefused(server.signIn('member'), edit('r-demo-b1', 'NOT '), /B\.1 is agreed and locked/)
  })

  it('[R4][R7] deleting the ad-ref paragraph', async () => {
    await expectRefused(
      server.signIn('member'),
      (doc) => syncFrame('step2', craft(doc, (d) => {
        const rec = recommendation(d, 'r-demo-d1')
        const parent = rec.parent as Y.XmlElement
        parent.delete(parent.toArray().indexOf(rec), 1)
      })),
      /D\.1 is agreed ad referendum and locked/,
    )
  })

  it('[R3][R6] a member who sets a status', async () => {
    await expectRefused(server.signIn('member'), (doc) => syncFrame('update', craft(doc, (d) => consensusOf(d).set('r-demo-b3', { status: 'agreed' }))), /"consensus"/)
  })

  it('[R6] a new root type', async () => {
    await expectRefused(server.signIn('secretariat'), (doc) => syncFrame('update', craft(doc, (d) => d.getMap('backdoor').set('k', 'v'))), /"backdoor"/)
  })

  it('[R1] an observer\'s update', async () => {
    await expectRefused(server.signIn('observer'), edit('r-demo-b3', 'observed '), /observers cannot edit/)
  })

  it('[R9] awareness for someone else\'s client id closes with 4403', async () => {
    witness.provider.awareness.setLocalStateField('cursor', { at: 1 })
    await waitFor(() => room().awareness.getStates().has(witness.doc.clientID), 'the witness\'s presence')
    const frame = awarenessFrameOf([{ clientId: witness.doc.clientID, clock: 1000, state: { user: { name: 'spoof' } } }])
    await expectRefused(server.signIn('member'), () => frame, /belongs to someone else/, CloseCode.Forbidden)
    expect((room().awareness.getStates().get(witness.doc.clientID) as { user: { name: string } }).user.name).not.toBe('spoof')
  })

  it('[R2] an honest member edits an unlocked paragraph and adds one; everyone sees it and it is audited', async () => {
    const who = server.signIn('member', { displayName: 'Honest Member' })
    const peer = connectPeer(server.wsUrl, DOC, { cookie: who.cookie })
    try {
      await waitSynced(peer)
      firstText(recommendation(peer.doc, 'r-demo-c3')).insert(0, 'Honestly, ')
      const topic = recommendation(peer.doc, 'r-demo-c3').parent as Y.XmlElement
      topic.push([recommendationElement('r-honest-new', 'A new recommendation, honestly.')])
      await waitFor(() => xmlOf(witness.doc).includes('Honestly, Meetings'), 'the edit to reach the witness')
      await waitFor(() => xmlOf(witness.doc).includes('A new recommendation, honestly.'), 'the new paragraph to reach the witness')
      expect(peer.closes).toEqual([])
      const audit = (await apiAs(server.httpUrl, server.chair.cookie, 'GET', `/documents/${DOC}/audit`)).body.records as {
        kind: string
        detail: { paragraphs: string[] }
        member: { displayName: string } | null
      }[]
      const mine = audit.filter((a) => a.member?.displayName === 'Honest Member')
      expect(mine.length).toBeGreaterThan(0)
      expect(mine.every((a) => a.kind === 'update')).toBe(true)
      expect(mine.flatMap((a) => a.detail.paragraphs).sort()).toEqual(['r-demo-c3', 'r-honest-new'])
    } finally {
      peer.destroy()
    }
  })

  it('[R4][R7] a y-websocket client that edits an agreed paragraph is closed with 4422 and does not reconnect', async () => {
    const peer = connectPeer(server.wsUrl, DOC, { cookie: server.signIn('member').cookie })
    try {
      await waitSynced(peer)
      firstText(recommendation(peer.doc, 'r-demo-b1')).insert(0, 'Sneaky ')
      await waitFor(() => peer.closes.length > 0, 'the client to be closed')
      expect(peer.closes[0]!.code).toBe(CloseCode.UpdateRejected)
      expect(peer.provider.shouldConnect).toBe(false)
      await drain()
      expect(xmlOf(witness.doc)).not.toContain('Sneaky')
      expect(textOf(room().doc).toString()).not.toContain('Sneaky')
    } finally {
      peer.destroy()
    }
  })
})

describe('[A3] revocation and role changes reach open connections at once', () => {
  it('[A3] revoking a member through the API closes their connection with 4401; their link and cookie stop working', async () => {
    const who = server.signIn('member')
    const peer = connectPeer(server.wsUrl, DOC, { cookie: who.cookie })
    try {
      await waitSynced(peer)
      const res = await apiAs(server.httpUrl, server.chair.cookie, 'POST', `/members/${who.member.id}/revoke`)
      expect(res.status).toBe(204)
      await waitFor(() => peer.closes.length > 0, 'the revoked member to be closed')
      expect(peer.closes[0]!.code).toBe(CloseCode.Unauthenticated)
      expect(peer.provider.shouldConnect).toBe(false)
      expect((await apiAs(server.httpUrl, null, 'POST', '/session', { token: who.token })).status).toBe(401)
      expect((await apiAs(server.httpUrl, who.cookie, 'GET', '/session')).status).toBe(401)
    } finally {
      peer.destroy()
    }
  })

  it('[A3] a member lowered to observer is closed with 4000, reconnects as an observer, and can no longer write', async () => {
    const who = server.signIn('member')
    const peer = connectPeer(server.wsUrl, DOC, { cookie: who.cookie })
    try {
      await waitSynced(peer)
      const res = await apiAs(server.httpUrl, server.chair.cookie, 'PATCH', `/members/${who.member.id}`, { role: 'observer' })
      expect(res.status).toBe(200)
      await waitFor(() => peer.closes.length > 0, 'the member to be closed')
      expect(peer.closes[0]!.code).toBe(CloseCode.RoleChanged)
      // 4000 is retried: the provider comes back by itself, now as an observer.
      await waitFor(() => [...room().connections].some((c) => c.participant.memberId === who.member.id), 'the reconnection')
      const conn = [...room().connections].find((c) => c.participant.memberId === who.member.id)!
      expect(conn.participant.role).toBe('observer')
      await waitSynced(peer)
      firstText(recommendation(peer.doc, 'r-demo-b3')).insert(0, 'As an observer ')
      await waitFor(() => peer.closes.length > 1, 'the observer\'s edit to be refused')
      expect(peer.closes[1]!.code).toBe(CloseCode.UpdateRejected)
      await drain()
      expect(xmlOf(witness.doc)).not.toContain('As an observer')
    } finally {
      peer.destroy()
    }
  })

  it('[A3][A5] changes made outside the process (the operator CLI) reach connections at the next check', async () => {
    const demoted = server.signIn('member')
    const revoked = server.signIn('member')
    const a = connectPeer(server.wsUrl, DOC, { cookie: demoted.cookie })
    const b = connectPeer(server.wsUrl, DOC, { cookie: revoked.cookie })
    try {
      await waitSynced(a)
      await waitSynced(b)
      // The operator revokes from the command line, on the same database file, while the server runs.
      const saved = process.env.DATA_DIR
      process.env.DATA_DIR = server.dataDir
      const printed: string[] = []
      try {
        expect(await runCli(['revoke', revoked.member.id], (line) => printed.push(line))).toBe(0)
      } finally {
        process.env.DATA_DIR = saved
      }
      expect(printed.join('\n')).toMatch(/revoked/)
      // The CLI has no role command; a change written to the database outside the server does the same.
      server.server.access.setRole(demoted.member.id, 'observer')
      expect(a.closes).toEqual([]) // nothing happens before the periodic check
      server.server.recheckConnectedMembers()
      await waitFor(() => a.closes.length > 0 && b.closes.length > 0, 'both to be closed')
      expect(a.closes[0]!.code).toBe(CloseCode.RoleChanged)
      expect(b.closes[0]!.code).toBe(CloseCode.Unauthenticated)
    } finally {
      a.destroy()
      b.destroy()
    }
  })
})
