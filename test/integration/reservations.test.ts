/**
 * Reservations over the wire (SPEC C8, R6): recorded by command, also on agreed text, each
 * delegation its own; reaching connected clients; never writable by a client's update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { apiAs, rawClient } from '../helpers/rawClient.ts'
import { connectPeer, waitFor } from '../helpers/peers.ts'
import { craft, syncFrame } from '../helpers/attacks.ts'
import { reservationsOf } from '../../shared/ydoc.ts'
import { readReservations } from '../../shared/reservations.ts'
import { CloseCode } from '../../shared/protocol.ts'

const DOC = 'wgec-rolling'
const AGREED = 'r-demo-b1'
let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

const path = (p: string): string => `/documents/${DOC}/paragraphs/${p}/reservation`

describe('[C8] reservations', () => {
  it('[C8] a member records a reservation on agreed text; connected clients see it; it is audited', async () => {
    const kenya = server.signIn('member', { delegation: 'Kenya' })
    const watcher = connectPeer(server.wsUrl, DOC, { cookie: server.signIn('observer').cookie })
    await waitFor(() => watcher.provider.synced, 'the watcher to sync')
    const res = await apiAs(server.httpUrl, kenya.cookie, 'PUT', path(AGREED), { text: 'Kenya reserves its position on paragraph B.1.' })
    expect(res.status).toBe(200)
    await waitFor(() => readReservations(reservationsOf(watcher.doc).get(AGREED)).length === 1, 'the reservation to reach the watcher')
    expect(readReservations(reservationsOf(watcher.doc).get(AGREED))[0]).toMatchObject({ delegation: 'Kenya', text: 'Kenya reserves its position on paragraph B.1.' })
    const audit = server.server.store.listAudit(DOC)[0]!
    expect(audit.memberId).toBe(kenya.member.id)
    expect(JSON.parse(audit.detail)).toMatchObject({ action: 'reserve', paragraph: AGREED })
    watcher.destroy()
  })

  it('[C8] another delegation withdrawing leaves Kenya\'s; observers record none; unknown paragraphs are 404', async () => {
    const japan = server.signIn('member', { delegation: 'Japan' })
    expect((await apiAs(server.httpUrl, japan.cookie, 'DELETE', path(AGREED))).status).toBe(200)
    const stored = new Y.Doc()
    for (const u of server.server.store.loadHistory(DOC).updates) Y.applyUpdate(stored, u)
    expect(readReservations(reservationsOf(stored).get(AGREED)).map((r) => r.delegation)).toEqual(['Kenya'])
    const observer = server.signIn('observer')
    expect((await apiAs(server.httpUrl, observer.cookie, 'PUT', path(AGREED), { text: 'x' })).status).toBe(403)
    expect((await apiAs(server.httpUrl, japan.cookie, 'PUT', path('r-nowhere'), {})).status).toBe(404)
  })

  it('[C8][R6] a client update writing the reservations map is refused', async () => {
    const member = server.signIn('member')
    const client = await rawClient(server.wsUrl, DOC, { cookie: member.cookie })
    client.send(syncFrame('update', craft(client.doc, (doc) => reservationsOf(doc).set(AGREED, [{ delegation: 'Atlantis', text: 'forged', at: 'now' }]))))
    expect((await client.closed()).code).toBe(CloseCode.UpdateRejected)
    expect(client.denied()[0]).toMatch(/"reservations"/)
  })
})
