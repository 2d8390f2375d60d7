/**
 * The JSON API of a real server (docs/API.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { connectPeer, waitSynced, xmlOf } from '../helpers/peers.ts'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.stop())

interface Doc {
  id: string
  groupId: string
  title: string
  createdAt: string
}

/** A request as the signed-in chair (or as `cookie`; null sends none). */
async function api(
  path: string,
  init: RequestInit = {},
  cookie: string | null = server.chair.cookie,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers = new Headers(init.headers)
  if (cookie !== null) headers.set('cookie', cookie)
  const res = await fetch(`${server.httpUrl}/api${path}`, { ...init, headers })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers }
}

const post = (body: string, contentType = 'application/json') =>
  api('/documents', { method: 'POST', headers: { 'content-type': contentType }, body })

describe('documents API', () => {
  it('lists the demo working group and its document', async () => {
    const groups = await api('/groups')
    expect(groups.status).toBe(200)
    expect((groups.body.groups as { id: string }[]).map((g) => g.id)).toContain('wgec')
    const docs = await api('/documents')
    expect(docs.status).toBe(200)
    expect((docs.body.documents as Doc[]).find((d) => d.id === 'wgec-rolling')?.groupId).toBe('wgec')
  })

  it('reads one document\'s metadata', async () => {
    const { status, body } = await api('/documents/wgec-rolling')
    expect(status).toBe(200)
    const doc = body.document as Doc
    expect(doc).toMatchObject({ id: 'wgec-rolling', groupId: 'wgec', title: 'Draft recommendations: rolling document' })
    expect(Number.isNaN(Date.parse(doc.createdAt))).toBe(false)
  })

  it('creates a document (201, Location), lists it and serves it over /collab', async () => {
    const { status, body, headers } = await post(JSON.stringify({ title: '  Second reading  ', groupId: 'wgec' }))
    expect(status).toBe(201)
    const doc = body.document as Doc
    expect(doc.title).toBe('Second reading')
    expect(doc.groupId).toBe('wgec')
    expect(headers.get('location')).toBe(`/api/documents/${doc.id}`)
    expect((await api(`/documents/${doc.id}`)).body.document).toEqual(doc)
    const listed = (await api('/documents')).body.documents as Doc[]
    expect(listed.map((d) => d.id)).toContain(doc.id)

    const peer = connectPeer(server.wsUrl, doc.id, { cookie: server.chair.cookie })
    try {
      await waitSynced(peer)
      expect(xmlOf(peer.doc)).toContain('<title>Second reading</title>')
    } finally {
      peer.destroy()
    }
  })

  it('refuses bad input with 400 and a message naming the problem', async () => {
    const cases: [string, RegExp][] = [
      [JSON.stringify({ groupId: 'wgec' }), /title/],
      [JSON.stringify({ title: '   ', groupId: 'wgec' }), /title/],
      [JSON.stringify({ title: 42, groupId: 'wgec' }), /title/],
      [JSON.stringify({ title: 'x'.repeat(201), groupId: 'wgec' }), /longer than 200/],
      ['{"title": "unterminated', /JSON/],
    ]
    const before = ((await api('/documents')).body.documents as Doc[]).length
    for (const [body, message] of cases) {
      const res = await post(body)
      expect(res.status, body).toBe(400)
      expect(res.body.error, body).toMatch(message)
    }
    expect(((await api('/documents')).body.documents as Doc[]).length).toBe(before)
  })

  it('[A1] creates in the member\'s own group when groupId is left out; another group is 403', async () => {
    const own = await post(JSON.stringify({ title: 'No group given' }))
    expect(own.status).toBe(201)
    expect((own.body.document as Doc).groupId).toBe('wgec')
    const before = ((await api('/documents')).body.documents as Doc[]).length
    for (const groupId of ['no-such-group', 'other-group']) {
      const res = await post(JSON.stringify({ title: 'Elsewhere', groupId }))
      expect(res.status, groupId).toBe(403)
      expect(res.body.error, groupId).toMatch(/working group/)
    }
    expect(((await api('/documents')).body.documents as Doc[]).length).toBe(before)
  })

  it('answers 404 for an unknown document, an invalid id and an unknown route', async () => {
    for (const path of ['/documents/d-doesnotexist', '/documents/not%20an%20id', '/nothing-here']) {
      const res = await api(path)
      expect(res.status, path).toBe(404)
      expect(typeof res.body.error, path).toBe('string')
    }
  })

  it('answers 400 for a malformed %-escape in a document id, not 500', async () => {
    const res = await api('/documents/%E0%A4%A')
    expect(res.status).toBe(400)
    expect(res.body.error).toMatch(/malformed/)
  })

  it('answers 413 for a body over 64 KB, and creates nothing', async () => {
    const before = ((await api('/documents')).body.documents as Doc[]).length
    const res = await post(JSON.stringify({ title: 'Big', groupId: 'wgec', padding: 'x'.repeat(65 * 1024) }))
    expect(res.status).toBe(413)
    expect(res.body.error).toMatch(/64 KB/)
    expect(((await api('/documents')).body.documents as Doc[]).length).toBe(before)
  })

  it('reports health', async () => {
    const res = await api('/health')
    expect(res.status).toBe(200)
    expect(res.body.ok).toBe(true)
  })
})
