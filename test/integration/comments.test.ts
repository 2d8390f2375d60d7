/**
 * Comments over the wire (SPEC K1-K6): threads on a paragraph or on words in it, anchored so they
 * follow the words while the text changes; replies; resolve and reopen; everyone in the group
 * comments, observers too; never in the text; never written by a client's update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { apiAs, rawClient } from '../helpers/rawClient.ts'
import { connectPeer, waitFor, type Peer } from '../helpers/peers.ts'
import { craft, firstText, recommendation, syncFrame } from '../helpers/attacks.ts'
import { commentsOf, textOf } from '../../shared/ydoc.ts'
import { readThread, type CommentThread } from '../../shared/comments.ts'
import { CloseCode } from '../../shared/protocol.ts'

const DOC = 'wgec-rolling'
const PARAGRAPH = 'r-demo-b3' // "Processes for enhanced cooperation should be open, transparent and inclusive, ..."
let server: TestServer
let member: ReturnType<TestServer['signIn']>
let peer: Peer
beforeAll(async () => {
  server = await startTestServer()
  member = server.signIn('member', { delegation: 'Kenya', displayName: 'Amina Odhiambo' })
  peer = connectPeer(server.wsUrl, DOC, { cookie: member.cookie })
  await waitFor(() => peer.provider.synced, 'the peer to sync')
})
afterAll(async () => {
  peer.destroy()
  await server.stop()
})

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
/** An anchor on `words` in the paragraph's first text, as the editor makes one. */
function anchorOn(doc: Y.Doc, paragraphId: string, words: string): { start: string; end: string } {
  const text = firstText(recommendation(doc, paragraphId))
  const from = text.toString().indexOf(words)
  if (from < 0) throw new Error(`no "${words}"`)
  return {
    start: base64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from))),
    end: base64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from + words.length, -1))),
  }
}
/** The words an anchor covers now, in `doc`. */
function wordsAt(doc: Y.Doc, anchor: { start: string; end: string }): string {
  const [from, to] = [anchor.start, anchor.end].map((e) => Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(e, 'base64')), doc)!)
  return (from!.type as Y.XmlText).toString().slice(from!.index, to!.index)
}
const post = (who: { cookie: string }, path: string, body: unknown, method = 'POST') => apiAs(server.httpUrl, who.cookie, method, `/documents/${DOC}${path}`, body)
const threadIn = (doc: Y.Doc, id: string): CommentThread | null => readThread(commentsOf(doc).get(id))

describe('[K] comments', () => {
  it('[K1][K3][K5] a member comments on words; everyone connected sees the thread; it follows the words as the text changes', async () => {
    const anchor = anchorOn(peer.doc, PARAGRAPH, 'transparent')
    const res = await post(member, '/comments', { paragraphId: PARAGRAPH, anchor, quote: 'transparent', text: 'Transparent to whom? We would specify "to all stakeholders".' })
    expect(res.status).toBe(201)
    const thread = res.body.thread as CommentThread
    expect(thread).toMatchObject({ paragraphId: PARAGRAPH, quote: 'transparent', resolved: null })
    expect(thread.messages[0]).toMatchObject({ author: 'Amina Odhiambo', delegation: 'Kenya', text: 'Transparent to whom? We would specify "to all stakeholders".' })
    await waitFor(() => threadIn(peer.doc, thread.id) !== null, 'the thread to reach the peer')
    // Someone edits before and inside the sentence: the anchor still covers the same word.
    peer.doc.transact(() => {
      const text = firstText(recommendation(peer.doc, PARAGRAPH))
      text.insert(0, 'All ')
      text.insert(text.toString().indexOf('transparent'), 'fully ')
    })
    await waitFor(() => firstText(recommendation(server.server.collab.rooms.get(DOC)!.doc, PARAGRAPH)).toString().startsWith('All '), 'the edit to reach the server')
    expect(wordsAt(peer.doc, thread.anchor!)).toBe('transparent')
    const audit = server.server.store.listAudit(DOC)
    expect(audit.map((a) => JSON.parse(a.detail) as { action?: string }).some((d) => d.action === 'comment')).toBe(true)
  })

  it('[K2][K4] an observer comments; a member replies; the observer resolves their own thread, the chair reopens it, another member may not', async () => {
    const observer = server.signIn('observer', { delegation: 'Internet Society (observer)' })
    const started = await post(observer, '/comments', { paragraphId: 'r-demo-b1', text: 'Does "respective roles" refer to paragraph 35 only?' })
    expect(started.status).toBe(201) // on an agreed paragraph too
    const id = (started.body.thread as CommentThread).id
    expect((await post(member, `/comments/${id}/replies`, { text: 'Yes, as agreed at the last session.' })).status).toBe(200)
    const japan = server.signIn('member', { delegation: 'Japan' })
    const refused = await post(japan, `/comments/${id}/resolution`, { resolved: true }, 'PUT')
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ error: expect.stringMatching(/started the thread, the chair and the secretariat/) })
    expect((await post(observer, `/comments/${id}/resolution`, { resolved: true }, 'PUT')).body.thread).toMatchObject({ resolved: { author: expect.any(String) } })
    expect((await post(server.chair, `/comments/${id}/resolution`, { resolved: false }, 'PUT')).body.thread).toMatchObject({ resolved: null })
    await waitFor(() => threadIn(peer.doc, id)?.messages.length === 2, 'the reply to reach the peer')
    expect(threadIn(peer.doc, id)!.messages.map((m) => m.delegation)).toEqual(['Internet Society (observer)', 'Kenya'])
  })

  it('[K6] the text never holds a comment', async () => {
    await post(member, '/comments', { paragraphId: PARAGRAPH, text: 'A private note: CONFIDENTIAL-MARKER.' })
    const room = server.server.collab.rooms.get(DOC)!
    expect(textOf(room.doc).toString()).not.toContain('CONFIDENTIAL-MARKER')
    expect(JSON.stringify(commentsOf(room.doc).toJSON())).toContain('CONFIDENTIAL-MARKER')
  })

  it('[K1][K2] bad input is refused with a reason: words outside the paragraph, a forged anchor, no text, unknown things', async () => {
    const elsewhere = anchorOn(peer.doc, 'r-demo-a2', 'existing institutions')
    const wrong = await post(member, '/comments', { paragraphId: PARAGRAPH, anchor: elsewhere, text: 'x' })
    expect(wrong.status).toBe(400)
    expect(wrong.body).toMatchObject({ error: expect.stringMatching(/not in B\.3/) })
    expect((await post(member, '/comments', { paragraphId: PARAGRAPH, anchor: { start: 'not base64!', end: 'x' }, text: 'x' })).status).toBe(400)
    expect((await post(member, '/comments', { paragraphId: PARAGRAPH, anchor: { start: 'AAAA', end: 'AAAA' }, text: 'x' })).status).toBe(400)
    expect((await post(member, '/comments', { paragraphId: PARAGRAPH, text: '   ' })).status).toBe(400)
    expect((await post(member, '/comments', { paragraphId: PARAGRAPH, text: 'x'.repeat(2001) })).status).toBe(400)
    expect((await post(member, '/comments', { paragraphId: 'r-nowhere', text: 'x' })).status).toBe(404)
    expect((await post(member, '/comments/c-nowhere/replies', { text: 'x' })).status).toBe(404)
    expect((await post(member, '/comments/c-nowhere/resolution', { resolved: 'yes' }, 'PUT')).status).toBe(400)
  })

  it('[K5][R6] a client update writing the comments map is refused', async () => {
    const client = await rawClient(server.wsUrl, DOC, { cookie: server.signIn('member').cookie })
    client.send(syncFrame('update', craft(client.doc, (doc) => commentsOf(doc).set('c-forged', { id: 'c-forged', paragraphId: PARAGRAPH, messages: [{ author: 'The Chair', text: 'Agreed.', at: 'now' }] }))))
    expect((await client.closed()).code).toBe(CloseCode.UpdateRejected)
    expect(client.denied()[0]).toMatch(/"comments"/)
  })
})
