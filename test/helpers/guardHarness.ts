/**
 * The consensus guard driven in memory (SPEC R1-R10): a CollabServer on the demo document
 * (r-demo-b1 agreed, r-demo-d1 agreed ad ref, r-demo-x1 in the annex), participants of every
 * role, and one assertion that checks everything a refusal must (and must not) do.
 */
import { expect } from 'vitest'
import * as Y from 'yjs'
import { CollabServer, type CollabServerOptions } from '../../server/collab/CollabServer.ts'
import type { Participant } from '../../server/collab/Connection.ts'
import type { Room } from '../../server/collab/Room.ts'
import { initialState } from '../../server/documents/initialState.ts'
import { DEMO_DOCUMENT, DEMO_GROUP, demoConsensus, demoContent } from '../../server/demo/demoDocument.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import type { Role } from '../../shared/roles.ts'
import { CountingStore, FakeClient, frameKind, manualScheduler, settleAll } from './fakeClient.ts'
import { deniedReason } from './attacks.ts'

export const DOC = DEMO_DOCUMENT.id
export const AGREED = 'r-demo-b1'
export const AD_REF = 'r-demo-d1'
export const PROPOSED = 'r-demo-b3'
export const IN_ANNEX = 'r-demo-x1'

let nextMember = 1
/** Member id of each FakeClient a harness connected, for the quarantine check. */
const memberOf = new WeakMap<FakeClient, string>()

/** A participant with `role` (a fresh member id unless given). */
export function participant(role: Role, memberId = `m-${role}-${nextMember++}`): Participant {
  return { memberId, displayName: `${role} ${memberId}`, delegation: `Delegation of ${memberId}`, role }
}

/** What a refusal must leave as it was. */
interface Observed {
  xml: string
  consensus: string
  stateVector: string
  logLength: number
  appended: number
  quarantined: number
}

export function guardHarness(options: Partial<CollabServerOptions> = {}) {
  const store = new CountingStore()
  store.createGroup({ ...DEMO_GROUP, createdAt: '2026-01-01T00:00:00.000Z' })
  store.createDocument(
    { ...DEMO_DOCUMENT, groupId: DEMO_GROUP.id, createdAt: '2026-01-01T00:00:00.000Z' },
    initialState(demoContent(), demoConsensus()),
  )
  const scheduler = manualScheduler()
  const collab = new CollabServer({ store, schedule: scheduler.schedule, ...options })
  const clients: FakeClient[] = []

  const settle = (): void => settleAll(scheduler, clients)
  const room = (): Room => {
    const r = collab.rooms.get(DOC)
    if (!r) throw new Error('the demo document is not loaded')
    return r
  }
  const observe = (): Observed => ({
    xml: textOf(room().doc).toString(),
    consensus: JSON.stringify(consensusOf(room().doc).toJSON()),
    stateVector: Y.encodeStateVector(room().doc).toString(),
    logLength: store.loadHistory(DOC).logLength,
    appended: store.appendCalls.flat().length,
    quarantined: store.listQuarantine(DOC).length,
  })

  return {
    store,
    collab,
    scheduler,
    settle,
    room,
    /** Connects `who` (a member by default) to the demo document and syncs it. */
    connect(who: Participant = participant('member')): FakeClient {
      const client = new FakeClient(collab, DOC, { participant: who, schemaVersion: 1 })
      memberOf.set(client, who.memberId)
      clients.push(client)
      settle()
      return client
    },
    /**
     * Sends `frame` from `attacker` and checks the refusal: closed with `code` after a
     * permission-denied message naming `reason`; the authoritative document, the store and every
     * `witness` untouched; one quarantine row with who, why and the bytes (none for a resync).
     */
    expectRefused(
      attacker: FakeClient,
      frame: Uint8Array,
      reason: RegExp,
      witnesses: FakeClient[],
      code: number = CloseCode.UpdateRejected,
    ): void {
      const before = observe()
      const sentBefore = attacker.socket.sent.length
      const witnessSent = witnesses.map((w) => w.socket.sent.length)
      attacker.send(frame)
      settle()
      expect(attacker.socket.closeCode).toBe(code)
      expect(attacker.socket.closeReason.length).toBeGreaterThan(0) // cut at 123 bytes: the auth message has it all
      const answers = attacker.socket.sent.slice(sentBefore)
      const denied = answers.map(deniedReason).filter((r): r is string => r !== null)
      expect(denied).toHaveLength(1)
      expect(denied[0]).toMatch(reason)
      expect(deniedReason(answers[answers.length - 1]!)).toBe(denied[0]) // the last word before the close

      // A refusal is kept in quarantine; a resync is not (the sender sends the change again, R6).
      const kept = code === CloseCode.ResyncRequired ? 0 : 1
      const after = observe()
      expect(after).toEqual({ ...before, quarantined: before.quarantined + kept })
      witnesses.forEach((w, i) => {
        expect(w.closed).toBe(false)
        expect(w.socket.sent.slice(witnessSent[i]).map(frameKind)).not.toContain('sync-update')
      })
      if (kept === 0) return
      const row = store.listQuarantine(DOC)[0]!
      expect(row.memberId).toBe(memberOf.get(attacker))
      expect(row.reason).toMatch(reason)
      expect([...row.data]).toEqual([...frame])
    },
    /** Sends `frame` and checks it was accepted: nobody closed, something stored. */
    expectAccepted(sender: FakeClient, frame: Uint8Array): void {
      const appended = store.appendCalls.flat().length
      sender.send(frame)
      settle()
      expect(sender.closed).toBe(false)
      expect(store.appendCalls.flat().length).toBeGreaterThan(appended)
    },
    observe,
    dispose(): void {
      collab.close()
      for (const c of clients) c.destroy()
    },
  }
}
