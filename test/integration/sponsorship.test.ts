/**
 * Sponsorship over the wire (SPEC D8, R13): a delegation joins or leaves the sponsors of a
 * paragraph, a bracket or an option by command; members name only their own delegation,
 * observers none; locked paragraphs keep their sponsors; commands at the same moment all count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { apiAs } from '../helpers/rawClient.ts'
import { connectPeer, waitFor } from '../helpers/peers.ts'
import { recommendation } from '../helpers/attacks.ts'
import { readSponsors } from '../../shared/sponsorship.ts'

const DOC = 'wgec-rolling'
let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

const path = (p: string): string => `/documents/${DOC}/paragraphs/${p}/sponsors`
const stored = (): Y.Doc => {
  const doc = new Y.Doc()
  for (const u of server.server.store.loadHistory(DOC).updates) Y.applyUpdate(doc, u)
  return doc
}
const sponsorsOf = (doc: Y.Doc, id: string): string[] => readSponsors(recommendation(doc, id).getAttribute('sponsors'))
const groupIn = (doc: Y.Doc, id: string): Y.XmlElement =>
  recommendation(doc, id).toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'alternatives')!

describe('[D8][R13] sponsorship commands', () => {
  it('[D8] a member co-sponsors a paragraph: connected clients see it, it is stored and audited; then withdraws', async () => {
    const kenya = server.signIn('member', { delegation: 'Kenya' })
    const watcher = connectPeer(server.wsUrl, DOC, { cookie: server.signIn('observer').cookie })
    await waitFor(() => watcher.provider.synced, 'the watcher to sync')
    const res = await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-b3'), { join: true })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ sponsors: ['APC (civil society)', 'Kenya'] })
    await waitFor(() => sponsorsOf(watcher.doc, 'r-demo-b3').includes('Kenya'), 'the sponsorship to reach the watcher')
    expect(sponsorsOf(stored(), 'r-demo-b3')).toEqual(['APC (civil society)', 'Kenya'])
    const audit = server.server.store.listAudit(DOC)[0]!
    expect(audit.memberId).toBe(kenya.member.id)
    expect(JSON.parse(audit.detail)).toMatchObject({ action: 'cosponsor', paragraph: 'r-demo-b3', delegation: 'Kenya' })
    expect((await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-b3'), { join: false })).body).toEqual({ sponsors: ['APC (civil society)'] })
    watcher.destroy()
  })

  it('[D8] a bracket and an option are targets too', async () => {
    const japan = server.signIn('member', { delegation: 'Japan' })
    expect((await apiAs(server.httpUrl, japan.cookie, 'POST', path('r-demo-a3'), { bracketId: 'b-demo-a3', join: true })).body).toEqual({ sponsors: ['India', 'Egypt', 'Japan'] })
    expect((await apiAs(server.httpUrl, japan.cookie, 'POST', path('r-demo-a1'), { groupId: 'a-demo-a1', option: 0, join: true })).body).toEqual({ sponsors: ['G77 and China', 'Japan'] })
    const doc = stored()
    expect(readSponsors((groupIn(doc, 'r-demo-a1').get(0) as Y.XmlElement).getAttribute('sponsors'))).toEqual(['G77 and China', 'Japan'])
    expect(sponsorsOf(doc, 'r-demo-a1')).toEqual(['Brazil', 'South Africa']) // the paragraph's own are unchanged
  })

  it('[R13] two delegations co-sponsoring at the same moment both count', async () => {
    const members = ['Peru', 'Chile', 'Ghana', 'Fiji'].map((delegation) => server.signIn('member', { delegation }))
    const results = await Promise.all(members.map((m) => apiAs(server.httpUrl, m.cookie, 'POST', path('r-demo-c3'), { join: true })))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(sponsorsOf(stored(), 'r-demo-c3').sort()).toEqual(['Bangladesh', 'Chile', 'Fiji', 'Ghana', 'Peru'])
  })

  it('[R13] a member naming another delegation and an observer are refused (403); nothing changes', async () => {
    const kenya = server.signIn('member', { delegation: 'Kenya' })
    const before = sponsorsOf(stored(), 'r-demo-c2')
    const forged = await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-c2'), { join: false, delegation: 'Nigeria' })
    expect(forged.status).toBe(403)
    expect(forged.body).toMatchObject({ error: expect.stringMatching(/own delegation \(Kenya\)/) })
    const observer = server.signIn('observer', { delegation: 'Observer NGO' })
    expect((await apiAs(server.httpUrl, observer.cookie, 'POST', path('r-demo-c2'), { join: true })).status).toBe(403)
    expect(sponsorsOf(stored(), 'r-demo-c2')).toEqual(before)
  })

  it('[R13] the secretariat enters a delegation that said so in the room', async () => {
    const secretariat = server.signIn('secretariat', { delegation: 'Secretariat' })
    const res = await apiAs(server.httpUrl, secretariat.cookie, 'POST', path('r-demo-c2'), { join: true, delegation: 'Egypt' })
    expect(res.body).toEqual({ sponsors: ['Kenya', 'Nigeria', 'Egypt'] })
  })

  it('[C4][R13] a locked paragraph keeps its sponsors (409); unknown targets are 404; malformed bodies 400', async () => {
    const kenya = server.signIn('member', { delegation: 'Kenya' })
    const locked = await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-b1'), { join: true })
    expect(locked.status).toBe(409)
    expect(locked.body).toMatchObject({ error: expect.stringMatching(/B\.1 is locked/) })
    expect((await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-nowhere'), { join: true })).status).toBe(404)
    const noBracket = await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-b3'), { bracketId: 'b-nowhere', join: true })
    expect(noBracket.status).toBe(404)
    // The paragraph exists: it is named as the room names it, not by its id.
    expect(noBracket.body.error).toMatch(/ in B\.3$/)
    expect((await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-a1'), { groupId: 'a-demo-a1', option: 7, join: true })).status).toBe(404)
    expect((await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-b3'), { join: 'yes' })).status).toBe(400)
    expect((await apiAs(server.httpUrl, kenya.cookie, 'POST', path('r-demo-a1'), { groupId: 'a-demo-a1', option: -1, join: true })).status).toBe(400)
  })
})
