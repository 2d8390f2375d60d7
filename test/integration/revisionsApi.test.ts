/**
 * Revisions over HTTP (SPEC V1-V3, docs/API.md): issued by the chair or the secretariat, refused
 * to anyone else in words, listed and read by everyone in the group, never by another group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { DEMO_DOCUMENT } from '../../server/demo/demoDocument.ts'
import { readLatestRevision } from '../../shared/revisions.ts'
import { metaOf } from '../../shared/ydoc.ts'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t.stop())

const DOC = DEMO_DOCUMENT.id
const issue = (cookie: string, body: unknown): Promise<Response> =>
  fetch(`${t.httpUrl}/api/documents/${DOC}/revisions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const list = async (cookie: string): Promise<{ status: number; body: { revisions?: { number: number; symbol: string; issuedBy: string }[]; suggestedSymbol?: string; error?: string } }> => {
  const res = await fetch(`${t.httpUrl}/api/documents/${DOC}/revisions`, { headers: { cookie } })
  return { status: res.status, body: (await res.json()) as never }
}

describe('[V1][V3] revisions over HTTP', () => {
  it('[V1] members and observers are refused in words; the chair and the secretariat issue Rev.1 and Rev.2', async () => {
    const member = t.signIn('member', { delegation: 'Kenya' })
    const observer = t.signIn('observer')
    for (const who of [member, observer]) {
      const refused = await issue(who.cookie, { symbol: 'Rev.1' })
      expect(refused.status).toBe(403)
      expect(((await refused.json()) as { error: string }).error).toBe("only the chair, or the secretariat on the chair's behalf, issues a revision")
    }
    expect((await list(member.cookie)).body).toEqual({ revisions: [], suggestedSymbol: 'Rev.1' })

    const first = await issue(t.chair.cookie, { symbol: 'WGEC/2014/CRP.1/Rev.1', note: 'Reflects Monday' })
    expect(first.status).toBe(201)
    expect(await first.json()).toMatchObject({ revision: { number: 1, symbol: 'WGEC/2014/CRP.1/Rev.1', note: 'Reflects Monday', issuedBy: 'chair' } })
    const again = await issue(t.chair.cookie, { symbol: 'WGEC/2014/CRP.1/Rev.1' })
    expect(again.status).toBe(409)
    expect((await issue(t.chair.cookie, { symbol: '' })).status).toBe(400)

    const secretariat = t.signIn('secretariat')
    const listed = await list(observer.cookie)
    expect(listed.body.suggestedSymbol).toBe('WGEC/2014/CRP.1/Rev.2')
    expect((await issue(secretariat.cookie, { symbol: listed.body.suggestedSymbol })).status).toBe(201)
    expect((await list(observer.cookie)).body.revisions?.map((r) => [r.number, r.symbol, r.issuedBy])).toEqual([
      [1, 'WGEC/2014/CRP.1/Rev.1', 'chair'],
      [2, 'WGEC/2014/CRP.1/Rev.2', 'secretariat'],
    ])

    const state = await fetch(`${t.httpUrl}/api/documents/${DOC}/revisions/2`, { headers: { cookie: observer.cookie } })
    expect(state.headers.get('content-type')).toBe('application/octet-stream')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(await state.arrayBuffer()))
    expect(readLatestRevision(metaOf(doc).get('revision'))).toMatchObject({ number: 2, issuedBy: 'secretariat' })
    const missing = await fetch(`${t.httpUrl}/api/documents/${DOC}/revisions/7`, { headers: { cookie: observer.cookie } })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: string }).error).toBe('there is no Rev.7 of this document')
  })

  it('[V3][A1] another working group sees none of them (403, as for the document itself: no existence oracle)', async () => {
    const otherGroup = 'g-other'
    t.server.store.createGroup({ id: otherGroup, name: 'Other group', createdAt: new Date().toISOString() })
    const stranger = t.signIn('chair', { groupId: otherGroup })
    expect((await list(stranger.cookie)).status).toBe(403)
    expect((await issue(stranger.cookie, { symbol: 'Rev.9' })).status).toBe(403)
    expect((await fetch(`${t.httpUrl}/api/documents/${DOC}/revisions/1`, { headers: { cookie: stranger.cookie } })).status).toBe(403)
    expect((await list(t.chair.cookie)).body.revisions).toHaveLength(2)
  })
})
