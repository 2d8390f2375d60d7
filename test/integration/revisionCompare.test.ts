/**
 * A revision's concordance (SPEC V4) and the comparison of two states (V6) over HTTP: matched by
 * paragraph id, the move to the annex shown with its views, the CSV a secretariat downloads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { DEMO_DOCUMENT } from '../../server/demo/demoDocument.ts'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t.stop())

const DOC = DEMO_DOCUMENT.id
const send = (cookie: string, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${t.httpUrl}/api/documents/${DOC}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T

interface Row { paragraphId: string; now: string | null; before: string | null; change: string }
interface Paragraph { paragraphId: string; change: string; status: { from: string; to: string } | null; moved: { from: string; to: string } | null; views: string[]; reservations: { entered: string[] } }

describe('[V4][V6] concordance and comparison', () => {
  beforeAll(async () => {
    expect((await send(t.chair.cookie, 'POST', '/revisions', { symbol: 'CRP.1/Rev.1' })).status).toBe(201)
    const moved = await send(t.chair.cookie, 'POST', '/paragraphs/r-demo-b3/status', { action: 'moveToAnnex', views: ['Some members considered ...', 'Other members ...'] })
    expect(moved.status).toBe(200)
    const kenya = t.signIn('member', { delegation: 'Kenya' })
    expect((await send(kenya.cookie, 'PUT', '/paragraphs/r-demo-a3/reservation', { text: 'Kenya reserves its position.' })).status).toBe(200)
    expect((await send(t.chair.cookie, 'POST', '/revisions', { symbol: 'CRP.1/Rev.2' })).status).toBe(201)
  })

  it('[V4] Rev.2 against Rev.1: B.3 moved to the annex, the rest unchanged; as CSV too', async () => {
    const member = t.signIn('member')
    const answer = await json<{ revision: { symbol: string }; previous: { symbol: string }; rows: Row[] }>(await send(member.cookie, 'GET', '/revisions/2/concordance'))
    expect(answer.revision.symbol).toBe('CRP.1/Rev.2')
    expect(answer.previous.symbol).toBe('CRP.1/Rev.1')
    expect(answer.rows.find((r) => r.paragraphId === 'r-demo-b3')).toEqual({ paragraphId: 'r-demo-b3', now: 'Annex 2', before: 'B.3', change: 'moved to the annex' })
    expect(answer.rows.find((r) => r.paragraphId === 'r-demo-a3')).toMatchObject({ now: 'A.3', before: 'A.3', change: 'unchanged' })
    expect(answer.rows.filter((r) => r.change !== 'unchanged')).toHaveLength(1)

    const csv = await send(member.cookie, 'GET', '/revisions/2/concordance?format=csv')
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toContain('concordance-Rev.2.csv')
    const lines = (await csv.text()).trim().split('\n')
    expect(lines[0]).toBe('Rev.2,Rev.1,Change')
    expect(lines).toContain('Annex 2,B.3,moved to the annex')
    expect(lines).toHaveLength(answer.rows.length + 1)
  })

  it('[V6] Rev.1 to Rev.2: the move with its views, the reservation; Rev.2 to now: nothing', async () => {
    const observer = t.signIn('observer')
    const c = await json<{ from: { symbol: string }; to: { symbol: string }; paragraphs: Paragraph[]; summary: Record<string, number> }>(await send(observer.cookie, 'GET', '/compare?from=1&to=2'))
    expect([c.from.symbol, c.to.symbol]).toEqual(['CRP.1/Rev.1', 'CRP.1/Rev.2'])
    expect(c.paragraphs.find((p) => p.paragraphId === 'r-demo-b3')).toMatchObject({
      change: 'changed',
      status: { from: 'proposed', to: 'annex' },
      moved: { from: 'B', to: 'Annex' },
      views: ['Some members considered ...', 'Other members ...'],
    })
    expect(c.paragraphs.find((p) => p.paragraphId === 'r-demo-a3')?.reservations.entered).toEqual(['Kenya'])
    expect(c.summary).toMatchObject({ added: 0, deleted: 0, changed: 2, moved: 1, statusChanged: 1 })

    const now = await json<{ to: string; summary: Record<string, number> }>(await send(observer.cookie, 'GET', '/compare?from=Rev.2'))
    expect(now.to).toBe('now')
    expect(now.summary).toMatchObject({ added: 0, deleted: 0, changed: 0 })
  })

  it('[V6] a reference that is not a revision is refused in words', async () => {
    const bad = await send(t.chair.cookie, 'GET', '/compare?from=yesterday')
    expect(bad.status).toBe(400)
    expect((await json<{ error: string }>(bad)).error).toBe('from must be a revision number (1 for Rev.1) or now')
    const missing = await send(t.chair.cookie, 'GET', '/compare?from=1&to=9')
    expect(missing.status).toBe(404)
    expect((await json<{ error: string }>(missing)).error).toBe('there is no Rev.9 of this document')
    expect((await send(t.chair.cookie, 'GET', '/revisions/3/concordance')).status).toBe(404)
  })
})
