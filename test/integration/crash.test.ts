/**
 * The server as a child process, killed like a crash (SIGKILL) or stopped like a deployment
 * (SIGTERM). What one client has seen from another is on disk (SPEC S1, S2, S4, S5).
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { tempDataDir } from '../helpers/testServer.ts'
import { demoTokens, loadFromDisk, signInWithToken, spawnServer, type ChildServer } from '../helpers/childServer.ts'
import { addRecommendation, connectPeer, createDocument, waitFor, waitSynced, xmlOf, type Peer } from '../helpers/peers.ts'

const children: ChildServer[] = []
const peers: Peer[] = []
afterEach(async () => {
  for (const p of peers.splice(0)) p.destroy()
  for (const c of children.splice(0)) {
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL')
    await c.exited
  }
})

async function spawn(dataDir: string): Promise<ChildServer> {
  const server = await spawnServer(dataDir)
  children.push(server)
  return server
}

/** Signs in as the demo chair with the link the first start printed; the session outlives restarts. */
async function signInChair(server: ChildServer): Promise<string> {
  const token = demoTokens(server).get('chair')
  if (!token) throw new Error(`the first start printed no chair link:\n${server.log()}`)
  return signInWithToken(server.httpUrl, token)
}

async function peer(server: ChildServer, docId: string, cookie: string): Promise<Peer> {
  const p = connectPeer(server.wsUrl, docId, { cookie })
  peers.push(p)
  await waitSynced(p)
  return p
}

function dropPeers(): void {
  for (const p of peers.splice(0)) p.destroy()
}

const EDITS = 30
/**
 * Each test starts two server processes (tsx compiles the server on each start, up to 30 s each
 * in spawnServer): a limit for a hang, not a wait, that a busy machine does not reach.
 */
const SLOW_MS = 120_000

describe('[S1][S2] crash and shutdown of a real server process', () => {
  it('[S1][S2] SIGKILL right after B has seen A\'s edits loses none of them', async () => {
    const dataDir = tempDataDir()
    const server = await spawn(dataDir)
    const cookie = await signInChair(server)
    const docId = await createDocument(server.httpUrl, cookie)
    const a = await peer(server, docId, cookie)
    const b = await peer(server, docId, cookie)

    // B kills the server the moment A's last edit reaches it, inside the update event.
    let seenByB: string | null = null
    b.doc.on('update', () => {
      if (seenByB === null && xmlOf(b.doc).includes(`edit ${EDITS - 1}<`)) {
        server.child.kill('SIGKILL')
        seenByB = xmlOf(b.doc)
      }
    })
    for (let i = 0; i < EDITS; i++) {
      addRecommendation(a.doc, `edit ${i}`, ['Kenya'])
      // In several batches: now and then, wait until B has seen this one.
      if (i % 7 === 0) await waitFor(() => xmlOf(b.doc).includes(`edit ${i}<`), `B to see edit ${i}`)
    }
    await waitFor(() => seenByB !== null, 'B to see every edit')
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' })
    // The clients go away without a chance to send anything again.
    dropPeers()

    const disk = loadFromDisk(dataDir, docId)
    expect(disk.logLength).toBeGreaterThan(0) // no shutdown code ran: the edits are in the log
    expect(xmlOf(disk.doc)).toBe(seenByB)
    for (let i = 0; i < EDITS; i++) expect(seenByB).toContain(`edit ${i}<`)

    const restarted = await spawn(dataDir)
    const c = await peer(restarted, docId, cookie)
    expect(xmlOf(c.doc)).toBe(seenByB)
    restarted.child.kill('SIGTERM')
    expect(await restarted.exited).toEqual({ code: 0, signal: null })
  }, SLOW_MS)

  it('[S4] SIGTERM stores everything, compacts, closes clients with 1001 and exits 0', async () => {
    const dataDir = tempDataDir()
    const server = await spawn(dataDir)
    const cookie = await signInChair(server)
    const docId = await createDocument(server.httpUrl, cookie)
    const a = await peer(server, docId, cookie)
    const b = await peer(server, docId, cookie)
    for (let i = 0; i < EDITS; i++) addRecommendation(a.doc, `edit ${i}`)
    await waitFor(() => xmlOf(b.doc) === xmlOf(a.doc) && xmlOf(b.doc).includes(`edit ${EDITS - 1}<`), 'B to see every edit')
    const expected = xmlOf(a.doc)

    server.child.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.log()).toMatch(/SIGTERM: storing everything/)
    await waitFor(() => a.closes.length > 0 && b.closes.length > 0, 'the clients to be closed')
    expect(a.closes[0]!.code).toBe(1001)
    dropPeers()

    const disk = loadFromDisk(dataDir, docId)
    expect(disk.logLength).toBe(0) // compacted into one snapshot on the way out
    expect(xmlOf(disk.doc)).toBe(expected)

    const restarted = await spawn(dataDir)
    const c = await peer(restarted, docId, cookie)
    expect(xmlOf(c.doc)).toBe(expected)
  }, SLOW_MS)

  it('[V2][S2] a revision answered 201 survives SIGKILL right after, and the restarted server lists it with its state', async () => {
    const dataDir = tempDataDir()
    const server = await spawn(dataDir)
    const cookie = await signInChair(server)
    const docId = await createDocument(server.httpUrl, cookie)
    const a = await peer(server, docId, cookie)
    const b = await peer(server, docId, cookie)
    addRecommendation(a.doc, 'text as at Rev.1')
    await waitFor(() => xmlOf(b.doc).includes('text as at Rev.1'), 'B to see the edit (stored before it is sent, S1)')
    const res = await fetch(`${server.httpUrl}/api/documents/${docId}/revisions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'CRP.1/Rev.1', note: 'Before the crash' }),
    })
    server.child.kill('SIGKILL')
    expect(res.status).toBe(201)
    await server.exited
    dropPeers()

    const restarted = await spawn(dataDir)
    const listed = (await (await fetch(`${restarted.httpUrl}/api/documents/${docId}/revisions`, { headers: { cookie } })).json()) as { revisions: { symbol: string; note: string }[]; suggestedSymbol: string }
    expect(listed.revisions.map((r) => [r.symbol, r.note])).toEqual([['CRP.1/Rev.1', 'Before the crash']])
    expect(listed.suggestedSymbol).toBe('CRP.1/Rev.2')
    const state = await fetch(`${restarted.httpUrl}/api/documents/${docId}/revisions/1`, { headers: { cookie } })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(await state.arrayBuffer()))
    expect(xmlOf(doc)).toContain('text as at Rev.1')
  }, SLOW_MS)
})

