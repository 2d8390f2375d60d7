/**
 * Access over HTTP and the WebSocket upgrade (SPEC A1-A4): sign-in by link, the session cookie,
 * the Origin allowlist, documents scoped to their working group; refusals come before the upgrade
 * and before anything is loaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { apiAs, upgradeStatus } from '../helpers/rawClient.ts'
import { initialState, blankDocument } from '../../server/documents/initialState.ts'
import { hashSecret } from '../../server/access/tokens.ts'
import { SESSION_COOKIE } from '../../server/http/auth.ts'
import type { SqliteStore } from '../../server/storage/SqliteStore.ts'

const ORIGIN = 'https://accord.example'
const FOREIGN_DOC = 'd-other-group'
let server: TestServer
let docId: string
/** A document nobody ever opens: the refusals must not load it. */
let quietDoc: string
beforeAll(async () => {
  server = await startTestServer({ publicUrl: ORIGIN, allowedOrigins: [ORIGIN] })
  const { store } = server.server
  store.createGroup({ id: 'other', name: 'Another working group', createdAt: '2026-01-01T00:00:00.000Z' })
  store.createDocument({ id: FOREIGN_DOC, groupId: 'other', title: 'Theirs', createdAt: '2026-01-01T00:00:00.000Z' }, initialState(blankDocument('Theirs')))
  const created = await apiAs(server.httpUrl, server.chair.cookie, 'POST', '/documents', { title: 'Access test' })
  docId = (created.body.document as { id: string }).id
  const quiet = await apiAs(server.httpUrl, server.chair.cookie, 'POST', '/documents', { title: 'Never opened' })
  quietDoc = (quiet.body.document as { id: string }).id
})
afterAll(() => server.stop())

const notLoaded = (id: string): boolean => !server.server.collab.rooms.has(id)

describe('[A4] the WebSocket upgrade', () => {
  it('[A4] a signed-in member of the group, from the allowed origin (or none), is upgraded', async () => {
    const { cookie } = server.signIn('observer')
    expect(await upgradeStatus(server.wsUrl, docId, { cookie, origin: ORIGIN })).toBe(101)
    expect(await upgradeStatus(server.wsUrl, docId, { cookie })).toBe(101)
  })

  it('[A4] no cookie, an unknown session or an ended one: 401 before the upgrade, nothing loaded', async () => {
    const ended = server.signIn('member')
    expect((await apiAs(server.httpUrl, ended.cookie, 'DELETE', '/session')).status).toBe(204)
    const attempts: Record<string, string>[] = [{}, { cookie: `${SESSION_COOKIE}=forged-session-token` }, { cookie: ended.cookie }]
    for (const headers of attempts) {
      expect(await upgradeStatus(server.wsUrl, quietDoc, headers), JSON.stringify(headers)).toBe(401)
    }
    expect(notLoaded(quietDoc)).toBe(true)
  })

  it('[A4] a foreign Origin: 403 before the upgrade, even with a valid cookie', async () => {
    const { cookie } = server.signIn('chair')
    for (const origin of ['https://evil.example', 'http://accord.example', 'null']) {
      expect(await upgradeStatus(server.wsUrl, quietDoc, { cookie, origin }), origin).toBe(403)
    }
    expect(notLoaded(quietDoc)).toBe(true)
  })

  it('[A1][A4] another group\'s document: 403 before the upgrade, nothing loaded', async () => {
    expect(await upgradeStatus(server.wsUrl, FOREIGN_DOC, { cookie: server.chair.cookie })).toBe(403)
    expect(notLoaded(FOREIGN_DOC)).toBe(true)
    // Its own members do reach it.
    const theirs = server.signIn('observer', { groupId: 'other' })
    expect(await upgradeStatus(server.wsUrl, FOREIGN_DOC, { cookie: theirs.cookie })).toBe(101)
  })
})

describe('[A2] sign-in and sessions', () => {
  it('[A2] a link\'s token is exchanged for an httpOnly SameSite session cookie; sign-out ends the session', async () => {
    const member = server.server.access.addMember({ groupId: 'wgec', displayName: 'Newcomer', delegation: 'Peru', role: 'member' })
    const { token } = server.server.access.invite(member.id)
    const res = await apiAs(server.httpUrl, null, 'POST', '/session', { token })
    expect(res.status).toBe(200)
    expect(res.body.member).toMatchObject({ id: member.id, role: 'member' })
    const setCookie = res.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`))
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).toMatch(/Path=\//)
    const cookie = setCookie.split(';')[0]!
    // Only the hashes of the link and session tokens are stored.
    const sessionToken = decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1))
    const db = (server.server.store as SqliteStore).db
    const hashes = db.prepare('SELECT token_hash FROM sessions UNION ALL SELECT token_hash FROM invitations').pluck().all()
    expect(hashes).toContain(hashSecret(sessionToken))
    expect(hashes).toContain(hashSecret(token))
    expect(hashes).not.toContain(sessionToken)
    expect(hashes).not.toContain(token)

    expect((await apiAs(server.httpUrl, cookie, 'GET', '/session')).body.member).toMatchObject({ id: member.id })
    const out = await apiAs(server.httpUrl, cookie, 'DELETE', '/session')
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/i)
    expect((await apiAs(server.httpUrl, cookie, 'GET', '/session')).status).toBe(401)
    expect((await apiAs(server.httpUrl, cookie, 'GET', '/documents')).status).toBe(401)
  })

  it('[A2] a bad, malformed or missing token is refused (401 / 400) and sets no cookie', async () => {
    const bad = await apiAs(server.httpUrl, null, 'POST', '/session', { token: 'x'.repeat(43) })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('set-cookie')).toBeNull()
    expect((await apiAs(server.httpUrl, null, 'POST', '/session', { token: 42 })).status).toBe(400)
    expect((await apiAs(server.httpUrl, null, 'POST', '/session', {})).status).toBe(400)
  })

  it('[A2] every API route but sign-in and health needs a session (401)', async () => {
    const routes: [string, string][] = [
      ['GET', '/groups'],
      ['GET', '/documents'],
      ['GET', `/documents/${docId}`],
      ['POST', '/documents'],
      ['GET', `/documents/${docId}/audit`],
      ['POST', `/documents/${docId}/paragraphs/r1/status`],
      ['GET', '/groups/wgec/members'],
      ['POST', `/members/${server.chair.member.id}/revoke`],
    ]
    for (const [method, path] of routes) {
      const res = await apiAs(server.httpUrl, null, method, path, method === 'GET' ? undefined : {})
      expect(res.status, `${method} ${path}`).toBe(401)
    }
    expect((await apiAs(server.httpUrl, null, 'GET', '/health')).status).toBe(200)
  })
})

describe('[A1] documents belong to a group', () => {
  it('[A1] another group\'s document is 403 and is not listed', async () => {
    expect((await apiAs(server.httpUrl, server.chair.cookie, 'GET', `/documents/${FOREIGN_DOC}`)).status).toBe(403)
    const list = (await apiAs(server.httpUrl, server.chair.cookie, 'GET', '/documents')).body.documents as { id: string }[]
    expect(list.map((d) => d.id)).not.toContain(FOREIGN_DOC)
    const groups = (await apiAs(server.httpUrl, server.chair.cookie, 'GET', '/groups')).body.groups as { id: string }[]
    expect(groups.map((g) => g.id)).toEqual(['wgec'])
    const status = await apiAs(server.httpUrl, server.chair.cookie, 'POST', `/documents/${FOREIGN_DOC}/paragraphs/r1/status`, { action: 'agree' })
    expect(status.status).toBe(403)
  })

  it('[A1][R3] only the chair and the secretariat create documents', async () => {
    for (const role of ['member', 'observer'] as const) {
      const res = await apiAs(server.httpUrl, server.signIn(role).cookie, 'POST', '/documents', { title: 'Mine' })
      expect(res.status, role).toBe(403)
    }
    expect((await apiAs(server.httpUrl, server.signIn('secretariat').cookie, 'POST', '/documents', { title: 'Ours' })).status).toBe(201)
  })
})

describe('[A4] state-changing requests are same-origin JSON', () => {
  it('[A4] a request from a foreign Origin is 403 and changes nothing', async () => {
    const before = (await apiAs(server.httpUrl, server.chair.cookie, 'GET', '/documents')).body.documents as unknown[]
    const res = await apiAs(server.httpUrl, server.chair.cookie, 'POST', '/documents', { title: 'CSRF' }, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    const ok = await apiAs(server.httpUrl, server.chair.cookie, 'POST', '/documents', { title: 'Same origin' }, { origin: ORIGIN })
    expect(ok.status).toBe(201)
    expect(((await apiAs(server.httpUrl, server.chair.cookie, 'GET', '/documents')).body.documents as unknown[]).length).toBe(before.length + 1)
  })

  it('[A4] a form-encoded body is refused (400): no cross-site form can post', async () => {
    const res = await fetch(`${server.httpUrl}/api/documents`, {
      method: 'POST',
      headers: { cookie: server.chair.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title=Form',
    })
    expect(res.status).toBe(400)
  })
})
