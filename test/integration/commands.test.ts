/**
 * The chair's status commands over HTTP (SPEC R3, R4, R10, C5): they work, reach connected
 * clients, are recorded with who and when, and nobody else can run them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { connectPeer, waitFor, waitSynced, type Peer } from '../helpers/peers.ts'
import { firstText, recommendation } from '../helpers/attacks.ts'
import { apiAs, type ApiAnswer } from '../helpers/rawClient.ts'
import { consensusOf } from '../../shared/ydoc.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'

const DOC = 'wgec-rolling'
let server: TestServer
let peer: Peer
let secretariat: string
beforeAll(async () => {
  server = await startTestServer()
  secretariat = server.signIn('secretariat').cookie
  peer = connectPeer(server.wsUrl, DOC, { cookie: server.signIn('member').cookie })
  await waitSynced(peer)
})
afterAll(async () => {
  peer.destroy()
  await server.stop()
})

const command = (cookie: string, paragraph: string, body: Record<string, unknown>): Promise<ApiAnswer> =>
  apiAs(server.httpUrl, cookie, 'POST', `/documents/${DOC}/paragraphs/${paragraph}/status`, body)
const statusSeen = (id: string): string => readConsensusEntry(consensusOf(peer.doc).get(id))?.status ?? 'proposed'
const sectionOf = (doc: Y.Doc, id: string): string => String((recommendation(doc, id).parent as Y.XmlElement).getAttribute('id') ?? 'annex')

interface AuditRow {
  kind: string
  at: string
  detail: Record<string, unknown>
  member: { displayName: string } | null
}
const audit = async (cookie = secretariat): Promise<AuditRow[]> =>
  (await apiAs(server.httpUrl, cookie, 'GET', `/documents/${DOC}/audit`)).body.records as AuditRow[]
const commandsRecorded = async (): Promise<number> => (await audit()).filter((a) => a.kind === 'command').length

describe('[R3] the chair\'s commands', () => {
  it('[R3][R10] agree: 200, every connected client sees it, the audit log records who and when', async () => {
    const sent = Date.now()
    const res = await command(server.chair.cookie, 'r-demo-b3', { action: 'agree' })
    expect(res.status).toBe(200)
    expect(res.body.entry).toMatchObject({ status: 'agreed' })
    await waitFor(() => statusSeen('r-demo-b3') === 'agreed', 'the status to reach the client')
    const [latest] = await audit()
    expect(latest).toMatchObject({ kind: 'command', detail: { action: 'agree', paragraph: 'r-demo-b3' }, member: { displayName: 'Test Chair' } })
    // Recorded while the request ran: between sending it and reading the log back.
    expect(Date.parse(latest!.at)).toBeGreaterThanOrEqual(sent)
    expect(Date.parse(latest!.at)).toBeLessThanOrEqual(Date.now())
  })

  it('[R3][R4] agree ad ref, then the paragraph is locked for the member who had it open', async () => {
    expect((await command(server.chair.cookie, 'r-demo-c3', { action: 'agreeAdRef' })).body.entry).toMatchObject({ status: 'adRef' })
    await waitFor(() => statusSeen('r-demo-c3') === 'adRef', 'the status to reach the client')
    const editor = connectPeer(server.wsUrl, DOC, { cookie: server.signIn('member').cookie })
    try {
      await waitSynced(editor)
      firstText(recommendation(editor.doc, 'r-demo-c3')).insert(0, 'Too late: ')
      await waitFor(() => editor.closes.length > 0, 'the edit to be refused')
      expect(editor.closes[0]!.code).toBe(4422)
    } finally {
      editor.destroy()
    }
  })

  it('[R3][R4] reopen unlocks an agreed paragraph', async () => {
    expect((await command(server.chair.cookie, 'r-demo-b1', { action: 'reopen' })).body).toMatchObject({ entry: { status: 'proposed' } })
    await waitFor(() => statusSeen('r-demo-b1') === 'proposed', 'the reopening to reach the client')
    firstText(recommendation(peer.doc, 'r-demo-b1')).insert(0, 'Reopened: ')
    const room = server.server.collab.rooms.get(DOC)!
    await waitFor(() => firstText(recommendation(room.doc, 'r-demo-b1')).toString().startsWith('Reopened: '), 'the edit to be accepted')
    expect(peer.closes).toEqual([])
  })

  it('[C5] move to annex with views, then restore: the paragraph travels with its id and text', async () => {
    const text = firstText(recommendation(peer.doc, 'r-demo-e1')).toString()
    const noViews = await command(server.chair.cookie, 'r-demo-e1', { action: 'moveToAnnex', views: [] })
    expect(noViews.status).toBe(409)
    const malformed = await command(server.chair.cookie, 'r-demo-e1', { action: 'moveToAnnex', views: ['Some members preferred the GA.', 42] })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error).toMatch(/^views\.1: /)
    const moved = await command(server.chair.cookie, 'r-demo-e1', { action: 'moveToAnnex', views: ['Some members preferred the GA.'] })
    expect(moved.status).toBe(200)
    expect(moved.body.entry).toMatchObject({ status: 'annex', views: ['Some members preferred the GA.'], fromTopic: 't-demo-e' })
    await waitFor(() => statusSeen('r-demo-e1') === 'annex' && sectionOf(peer.doc, 'r-demo-e1') === 'annex', 'the move to reach the client')
    expect(firstText(recommendation(peer.doc, 'r-demo-e1')).toString()).toBe(text)

    expect((await command(server.chair.cookie, 'r-demo-e1', { action: 'restore' })).status).toBe(200)
    await waitFor(() => statusSeen('r-demo-e1') === 'proposed' && sectionOf(peer.doc, 'r-demo-e1') === 't-demo-e', 'the restore to reach the client')
    const actions = (await audit()).filter((a) => a.kind === 'command').slice(0, 2).map((a) => a.detail)
    expect(actions).toEqual([
      { action: 'restore', paragraph: 'r-demo-e1' },
      { action: 'moveToAnnex', paragraph: 'r-demo-e1', views: ['Some members preferred the GA.'] },
    ])
  })

  it('[R3] agreeing a paragraph that holds brackets is 409 and records nothing', async () => {
    const before = await commandsRecorded()
    const res = await command(server.chair.cookie, 'r-demo-a1', { action: 'agree' })
    expect(res.status).toBe(409)
    expect(res.body.error).toBe('the paragraph still holds a bracket group: [shall (G77 and China) / should (European Union, United States)]; clean them first')
    expect(statusSeen('r-demo-a1')).toBe('proposed')
    expect(await commandsRecorded()).toBe(before)
  })

  it('[R3] a bad action is 400, an unknown paragraph 404', async () => {
    expect((await command(server.chair.cookie, 'r-demo-b2', { action: 'approve' })).status).toBe(400)
    expect((await command(server.chair.cookie, 'r-nowhere', { action: 'agree' })).status).toBe(404)
  })
})

describe('[R3][R10] nobody else', () => {
  it.each(['member', 'secretariat', 'observer'] as const)('[R3] a %s who runs a command gets 403; nothing changes or is recorded', async (role) => {
    const before = await commandsRecorded()
    const res = await command(server.signIn(role).cookie, 'r-demo-c2', { action: 'agree' })
    expect(res.status).toBe(403)
    expect(statusSeen('r-demo-c2')).toBe('proposed')
    expect(await commandsRecorded()).toBe(before)
  })

  it('[R10] the audit log and the quarantine are for the chair and the secretariat only', async () => {
    for (const role of ['member', 'observer'] as const) {
      const cookie = server.signIn(role).cookie
      expect((await apiAs(server.httpUrl, cookie, 'GET', `/documents/${DOC}/audit`)).status, role).toBe(403)
      expect((await apiAs(server.httpUrl, cookie, 'GET', `/documents/${DOC}/quarantine`)).status, role).toBe(403)
    }
    for (const cookie of [server.chair.cookie, secretariat]) {
      expect((await apiAs(server.httpUrl, cookie, 'GET', `/documents/${DOC}/audit`)).status).toBe(200)
      expect((await apiAs(server.httpUrl, cookie, 'GET', `/documents/${DOC}/quarantine`)).status).toBe(200)
    }
  })
})
