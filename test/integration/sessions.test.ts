/**
 * A session's end reaches its open sockets (SPEC A2): signing out closes the connections opened
 * with that session (not the member's other sessions), and a session that expired or ended
 * elsewhere is closed by the periodic re-check. Refused frames are kept in quarantine bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { rawClient } from '../helpers/rawClient.ts'
import { apiAs } from '../helpers/rawClient.ts'
import { SESSION_COOKIE } from '../../server/http/auth.ts'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { QUARANTINE_MAX_BYTES } from '../../server/collab/CollabServer.ts'
import * as encoding from 'lib0/encoding'

const DOC = 'wgec-rolling'
let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ maxMessageBytes: 1024 * 1024 })
})
afterAll(() => server.stop())

/** A second session for the same member, as from another device. */
function secondSession(memberId: string): string {
  const { token } = server.server.access.invite(memberId)
  const result = server.server.access.signIn(token)
  if (!result.ok) throw new Error(result.why)
  return `${SESSION_COOKIE}=${result.sessionToken}`
}

describe('[A2] sessions and open connections', () => {
  it('[A2] signing out closes the sockets of that session only, with 4401', async () => {
    const member = server.signIn('member')
    const laptop = await rawClient(server.wsUrl, DOC, { cookie: member.cookie })
    const phone = await rawClient(server.wsUrl, DOC, { cookie: secondSession(member.member.id) })
    const res = await apiAs(server.httpUrl, member.cookie, 'DELETE', '/session')
    expect(res.status).toBe(204)
    expect(await laptop.closed()).toMatchObject({ code: CloseCode.Unauthenticated, reason: 'you signed out' })
    expect(phone.close).toBeNull()
    phone.end()
  })

  it('[A2] a session ended elsewhere is closed by the re-check, with 4401', async () => {
    const member = server.signIn('member')
    const client = await rawClient(server.wsUrl, DOC, { cookie: member.cookie })
    server.server.access.endSession(member.cookie.slice(SESSION_COOKIE.length + 1))
    server.server.recheckConnectedMembers()
    expect(await client.closed()).toMatchObject({ code: CloseCode.Unauthenticated })
  })
})

describe('[R7] quarantine is bounded', () => {
  it('[R7] of a large refused frame only the first bytes are kept, and the reason says so', async () => {
    const observer = server.signIn('observer')
    const client = await rawClient(server.wsUrl, DOC, { cookie: observer.cookie })
    // A malformed update of 200 KiB: refused, quarantined, the connection closed.
    const enc = encoding.createEncoder()
    encoding.writeVarUint(enc, MessageType.Sync)
    encoding.writeVarUint(enc, 2)
    encoding.writeVarUint8Array(enc, new Uint8Array(200 * 1024).fill(7))
    client.send(encoding.toUint8Array(enc))
    expect((await client.closed()).code).toBe(CloseCode.MalformedMessage)
    const row = server.server.store.listQuarantine(DOC)[0]!
    expect(row.memberId).toBe(observer.member.id)
    expect(row.data.byteLength).toBe(QUARANTINE_MAX_BYTES)
    expect(row.reason).toMatch(/first 65536 of \d+ bytes kept/)
  })
})
