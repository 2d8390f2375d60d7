/**
 * Real y-websocket providers against the real server (SPEC P1, S1, S5).
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import {
  addRecommendation,
  connectPeer,
  consensusJson,
  createDocument,
  recommendationsOf,
  topicsOf,
  waitFor,
  waitSynced,
  xmlOf,
  type Peer,
} from '../helpers/peers.ts'

const servers: TestServer[] = []
const peers: Peer[] = []
afterEach(async () => {
  for (const p of peers.splice(0)) p.destroy()
  for (const s of servers.splice(0)) await s.stop()
})

async function start(dataDir?: string): Promise<TestServer> {
  const server = await startTestServer(dataDir ? { dataDir } : {})
  servers.push(server)
  return server
}

async function peer(server: TestServer, docId: string): Promise<Peer> {
  const p = connectPeer(server.wsUrl, docId, { cookie: server.chair.cookie })
  peers.push(p)
  await waitSynced(p)
  return p
}

describe('[P1] y-websocket providers', () => {
  it('[P1] two clients editing at once converge', async () => {
    const server = await start()
    const docId = await createDocument(server.httpUrl, server.chair.cookie)
    const a = await peer(server, docId)
    const b = await peer(server, docId)
    expect(xmlOf(a.doc)).toContain('First topic')
    expect(xmlOf(b.doc)).toBe(xmlOf(a.doc))

    for (let i = 0; i < 5; i++) {
      addRecommendation(a.doc, `from A ${i}`, ['Kenya'])
      addRecommendation(b.doc, `from B ${i}`, ['Japan'])
    }
    const recs = (p: Peer): number => recommendationsOf(topicsOf(p.doc)[0]!).length
    await waitFor(() => recs(a) === 10 && recs(b) === 10, 'both clients to see all ten recommendations')
    await waitFor(() => xmlOf(a.doc) === xmlOf(b.doc), 'the clients to converge')
    const room = server.server.collab.rooms.get(docId)!
    await waitFor(() => xmlOf(room.doc) === xmlOf(a.doc), 'the server to hold the same')
    for (const text of ['from A 4', 'from B 4', 'Kenya', 'Japan']) expect(xmlOf(a.doc)).toContain(text)
  })

  it('[P1] typing inside a recommendation reaches the other client', async () => {
    const server = await start()
    const a = await peer(server, 'wgec-rolling') // the demo document
    const b = await peer(server, 'wgec-rolling')
    // B.3, a proposed paragraph (agreed ones are locked, SPEC C4).
    const rec = recommendationsOf(topicsOf(a.doc)[1]!).find((r) => r.getAttribute('id') === 'r-demo-b3')!
    const text = rec.get(0) as Y.XmlText
    text.insert(0, 'Edited: ')
    await waitFor(() => xmlOf(b.doc).includes('Edited: Processes for enhanced cooperation'), 'the edit to reach B')
    expect(consensusJson(b.doc)).toBe(consensusJson(a.doc))
    expect(consensusJson(b.doc)).toContain('agreed')
  })

  it('[S5] a late joiner gets everything', async () => {
    const server = await start()
    const docId = await createDocument(server.httpUrl, server.chair.cookie)
    const a = await peer(server, docId)
    for (let i = 0; i < 20; i++) addRecommendation(a.doc, `paragraph ${i}`)
    const room = server.server.collab.rooms.get(docId)!
    await waitFor(() => xmlOf(room.doc).includes('paragraph 19'), 'the server to apply every edit')
    const late = await peer(server, docId)
    await waitFor(() => xmlOf(late.doc) === xmlOf(a.doc), 'the late joiner to catch up')
    expect(recommendationsOf(topicsOf(late.doc)[0]!)).toHaveLength(20)
  })

  it('[S5] a late joiner after everyone left gets everything from storage', async () => {
    const server = await start()
    const docId = await createDocument(server.httpUrl, server.chair.cookie)
    const a = await peer(server, docId)
    addRecommendation(a.doc, 'stored while A was here')
    await waitFor(() => server.server.store.loadHistory(docId).logLength > 0, 'the edit to be stored')
    const expected = xmlOf(a.doc)
    peers.splice(peers.indexOf(a), 1)
    a.destroy()
    await waitFor(() => !server.server.collab.rooms.has(docId), 'the document to unload')
    expect(server.server.store.loadHistory(docId).logLength).toBe(0) // compacted on unload

    const late = await peer(server, docId)
    expect(xmlOf(late.doc)).toBe(expected)
  })

  it('[S5] a server restart on the same data folder keeps everything', async () => {
    const first = await start()
    const docId = await createDocument(first.httpUrl, first.chair.cookie)
    const a = await peer(first, docId)
    const b = await peer(first, docId)
    for (let i = 0; i < 10; i++) addRecommendation(i % 2 ? a.doc : b.doc, `before restart ${i}`)
    await waitFor(() => xmlOf(a.doc) === xmlOf(b.doc) && xmlOf(a.doc).includes('before restart 9') && xmlOf(a.doc).includes('before restart 8'), 'convergence')
    const expected = xmlOf(a.doc)
    for (const p of peers.splice(0)) p.destroy()
    await first.stop()

    const second = await start(first.dataDir)
    const res = await fetch(`${second.httpUrl}/api/documents/${docId}`, { headers: { cookie: second.chair.cookie } })
    expect(res.status).toBe(200)
    const c = await peer(second, docId)
    expect(xmlOf(c.doc)).toBe(expected)
    expect(recommendationsOf(topicsOf(c.doc)[0]!)).toHaveLength(10)
  })

  it('[S5] providers reconnect by themselves after a restart and keep editing', async () => {
    const first = await start()
    const docId = await createDocument(first.httpUrl, first.chair.cookie)
    const a = await peer(first, docId)
    addRecommendation(a.doc, 'one')
    await waitFor(() => first.server.store.loadHistory(docId).logLength > 0, 'the edit to be stored')
    await first.stop()
    await waitFor(() => !a.provider.wsconnected, 'A to notice')
    expect(a.closes.map((c) => c.code)).toContain(1001) // GoingAway: retried

    // A restart on the same port: the provider finds it again.
    const second = await startTestServer({ dataDir: first.dataDir, port: first.port })
    servers.push(second)
    addRecommendation(a.doc, 'two, offline')
    await waitFor(() => a.provider.synced, 'A to reconnect', 15_000)
    const b = await peer(second, docId)
    await waitFor(() => xmlOf(b.doc) === xmlOf(a.doc), 'B to see both edits')
    expect(xmlOf(b.doc)).toContain('two, offline')
  })
})
