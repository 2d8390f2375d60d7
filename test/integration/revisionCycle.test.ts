/**
 * A revision cycle as a working group runs it (SPEC V1-V6), over the real server: the chair issues
 * Rev.1; a member edits the text live through a WebsocketProvider (words inserted and deleted, a
 * new recommendation), joins the sponsors of a paragraph; the chair agrees one and moves one to
 * the annex; Rev.2 is issued; the comparison and the concordance tell each of these apart, the
 * new paragraph is "A.4 bis" before Rev.2 and "A.5" in it, and all of it is the same after a
 * restart of the server on the same database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Command } from 'prosemirror-state'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { addRecommendation, connectPeer, waitFor, waitSynced, xmlOf, type Peer } from '../helpers/peers.ts'
import { applyCommand, selectIn } from '../helpers/pmCommands.ts'
import { DEMO_DOCUMENT } from '../../server/demo/demoDocument.ts'

const DOC = DEMO_DOCUMENT.id
const NEW_TEXT = 'Enhanced cooperation should be reviewed every five years.'

interface Words { op: 'same' | 'inserted' | 'deleted'; text: string }
interface Paragraph {
  paragraphId: string
  change: string
  before: { label: string } | null
  after: { label: string } | null
  words: Words[]
  status: { from: string; to: string } | null
  moved: { from: string; to: string } | null
  sponsors: { joined: string[]; left: string[] }
}
interface Comparison { paragraphs: Paragraph[]; summary: Record<string, number> }

let t: TestServer
let kenya: Peer
let witness: Peer
afterAll(async () => {
  kenya?.destroy()
  witness?.destroy()
  await t?.stop()
})

const send = (cookie: string, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${t.httpUrl}/api/documents/${DOC}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
const compare = async (cookie: string, query: string): Promise<Comparison> => {
  const res = await send(cookie, 'GET', `/compare?${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Comparison
}
const paragraph = (c: Comparison, id: string): Paragraph => {
  const p = c.paragraphs.find((x) => x.paragraphId === id)
  if (!p) throw new Error(`no ${id} in the comparison`)
  return p
}
const joined = (words: Words[], op: Words['op']): string => words.filter((w) => w.op === op).map((w) => w.text).join('')
const replaceSelection = (text: string): Command => (state, dispatch) => {
  dispatch?.(state.tr.insertText(text))
  return true
}

describe('[V1][V5][V6] Rev.1, live edits, Rev.2, compared', () => {
  let member: ReturnType<TestServer['signIn']>
  let newId = ''

  beforeAll(async () => {
    t = await startTestServer()
    member = t.signIn('member', { delegation: 'Kenya', displayName: 'Amina Diallo' })
    expect((await send(t.chair.cookie, 'POST', '/revisions', { symbol: 'CRP.1/Rev.1', note: 'Monday' })).status).toBe(201)

    kenya = connectPeer(t.wsUrl, DOC, { cookie: member.cookie })
    witness = connectPeer(t.wsUrl, DOC, { cookie: t.signIn('observer').cookie })
    await Promise.all([waitSynced(kenya), waitSynced(witness)])
    // Words inserted and deleted in B.3, and a new recommendation at the end of topic A.
    applyCommand(kenya.doc, replaceSelection('published within 30 days'), selectIn('r-demo-b3', 'published'))
    applyCommand(kenya.doc, replaceSelection(''), selectIn('r-demo-b3', 'transparent and '))
    addRecommendation(kenya.doc, NEW_TEXT, ['Kenya'])
    await waitFor(() => xmlOf(witness.doc).includes(NEW_TEXT) && xmlOf(witness.doc).includes(' within 30 days'), 'the edits on the server')
    expect(xmlOf(witness.doc)).not.toContain('transparent and ')
    expect(kenya.closes).toEqual([])

    expect((await send(member.cookie, 'POST', '/paragraphs/r-demo-c3/sponsors', { join: true })).status).toBe(200)
    expect((await send(t.chair.cookie, 'POST', '/paragraphs/r-demo-c3/status', { action: 'agree' })).status).toBe(200)
    expect((await send(t.chair.cookie, 'POST', '/paragraphs/r-demo-e2/status', { action: 'moveToAnnex', views: ['Some members considered ...', 'Other members ...'] })).status).toBe(200)
  })

  it('[V5][V6] before Rev.2 the new paragraph is A.4 bis against Rev.1, and nothing is renumbered', async () => {
    const c = await compare(member.cookie, 'from=1&to=now')
    const added = c.paragraphs.filter((p) => p.change === 'added')
    expect(added.map((p) => p.after?.label)).toEqual(['A.4 bis'])
    newId = added[0]!.paragraphId
    expect(c.paragraphs.filter((p) => p.before && p.after && p.before.label !== p.after.label && p.paragraphId !== 'r-demo-e2')).toEqual([])
  })

  it('[V1][V6] Rev.1 to Rev.2: the words, the new paragraph, the sponsor, the status, the move', async () => {
    expect((await send(t.chair.cookie, 'POST', '/revisions', { symbol: 'CRP.1/Rev.2' })).status).toBe(201)
    await expectTheCycle(await compare(member.cookie, 'from=1&to=2'))
  })

  it('[V4] the concordance of Rev.2: the new paragraph, the move to the annex, every other number kept', async () => {
    const res = await send(member.cookie, 'GET', '/revisions/2/concordance')
    const { rows } = (await res.json()) as { rows: { paragraphId: string; now: string | null; before: string | null; change: string }[] }
    expect(rows.find((r) => r.paragraphId === newId)).toMatchObject({ now: 'A.5', before: null, change: 'new' })
    expect(rows.find((r) => r.paragraphId === 'r-demo-e2')).toMatchObject({ before: 'E.2', change: 'moved to the annex' })
    expect(rows.filter((r) => !['unchanged'].includes(r.change)).map((r) => r.paragraphId).sort()).toEqual([newId, 'r-demo-e2'].sort())
  })

  it('[V2] after a restart on the same database, the revisions and their comparison are the same', async () => {
    kenya.destroy()
    witness.destroy()
    const { dataDir } = t
    await t.stop()
    t = await startTestServer({ dataDir })
    const again = t.signIn('member')
    const list = (await (await send(again.cookie, 'GET', '/revisions')).json()) as { revisions: { symbol: string; note: string }[] }
    expect(list.revisions.map((r) => [r.symbol, r.note])).toEqual([['CRP.1/Rev.1', 'Monday'], ['CRP.1/Rev.2', '']])
    await expectTheCycle(await compare(again.cookie, 'from=Rev.1&to=Rev.2'))
  })

  async function expectTheCycle(c: Comparison): Promise<void> {
    const b3 = paragraph(c, 'r-demo-b3')
    expect(b3.change).toBe('changed')
    expect(joined(b3.words, 'inserted')).toBe(' within 30 days')
    expect(joined(b3.words, 'deleted')).toBe('transparent and ')
    expect(b3.before?.label).toBe('B.3')
    expect(b3.after?.label).toBe('B.3')

    const added = paragraph(c, newId)
    expect(added).toMatchObject({ change: 'added', before: null, after: { label: 'A.5' } })
    expect(joined(added.words, 'inserted')).toContain(NEW_TEXT)

    const c3 = paragraph(c, 'r-demo-c3')
    expect(c3).toMatchObject({ change: 'changed', status: { from: 'proposed', to: 'agreed' }, sponsors: { joined: ['Kenya'], left: [] } })

    // E.2 stood in brackets: the status people saw is the one compared.
    expect(paragraph(c, 'r-demo-e2')).toMatchObject({ change: 'changed', status: { from: 'bracketed', to: 'annex' }, moved: { from: 'E', to: 'Annex' } })
    // Renumbering is never a change: only the four paragraphs above differ.
    expect(c.paragraphs.filter((p) => p.change !== 'unchanged').map((p) => p.paragraphId).sort()).toEqual([newId, 'r-demo-b3', 'r-demo-c3', 'r-demo-e2'].sort())
    expect(c.summary).toMatchObject({ added: 1, deleted: 0, changed: 3, moved: 1, statusChanged: 2 })
  }
})
