/**
 * Awareness from a client, checked and rewritten before it is applied (SPEC R9): a connection
 * speaks only for its own Yjs client ids, and the `user` field (name, delegation, role, colour)
 * is filled in by the server from the session, whatever the client wrote.
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { CloseCode } from '../../shared/protocol.ts'
import { ProtocolError } from './types.ts'
import type { Participant } from './Connection.ts'
import { colorOf } from '../../shared/colors.ts'

export interface AwarenessEntry {
  clientId: number
  clock: number
  state: Record<string, unknown> | null
}

/** Decodes an awareness update; throws ProtocolError (4400) on anything malformed. */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const raw = JSON.parse(decoding.readVarString(decoder)) as unknown
      if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw new Error('state is not an object')
      entries.push({ clientId, clock, state: raw as Record<string, unknown> | null })
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes')
    return entries
  } catch (err) {
    throw new ProtocolError(CloseCode.MalformedMessage, `malformed awareness update: ${(err as Error).message}`)
  }
}

export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(enc, e.clientId)
    encoding.writeVarUint(enc, e.clock)
    encoding.writeVarString(enc, JSON.stringify(e.state))
  }
  return encoding.toUint8Array(enc)
}

/**
 * How an awareness entry for a client id relates to the sending connection:
 * `own` it may speak for; `echo` someone else's that it merely relays (y-websocket clients
 * re-broadcast every awareness change they hear, and announce time-outs as removals), dropped
 * silently; `forbidden` a new state for someone else's id: spoofing.
 */
export type AwarenessClaim = 'own' | 'echo' | 'forbidden'

/**
 * Keeps the entries this connection may speak for, drops harmless echoes, refuses spoofing
 * (ProtocolError Forbidden), and stamps the participant's identity on every state it keeps.
 * Returns null when nothing is left to apply.
 */
export function gateAwareness(
  update: Uint8Array,
  participant: Participant,
  claim: (entry: AwarenessEntry) => AwarenessClaim,
): Uint8Array | null {
  const entries: AwarenessEntry[] = []
  for (const e of decodeAwareness(update)) {
    const verdict = claim(e)
    if (verdict === 'echo') continue
    if (verdict === 'forbidden') {
      throw new ProtocolError(CloseCode.Forbidden, `awareness for client ${e.clientId}, which belongs to someone else`)
    }
    entries.push(e)
    if (e.state !== null) {
      e.state = {
        ...e.state,
        user: {
          name: participant.displayName,
          delegation: participant.delegation,
          role: participant.role,
          color: colorOf(participant.memberId),
        },
      }
    }
  }
  return entries.length > 0 ? encodeAwareness(entries) : null
}

/** What the ownership judgement needs to know of one connection. */
export interface AwarenessHolder {
  participant: Participant
  awarenessIds: ReadonlySet<number>
}

/**
 * R9: whether `conn` may speak for `entry`'s client id. It may for ids that no other member's
 * connection holds and that are not bound to another member; what it relays of others' states is
 * an echo (a state the server already holds, or a removal). The same member's other connection may
 * hold it: a page that reconnects before the server noticed its old socket dead renews its own
 * presence.
 */
export function judgeClaim(
  conn: AwarenessHolder,
  entry: AwarenessEntry,
  others: Iterable<AwarenessHolder>,
  boundTo: (clientId: number) => string | undefined,
  knownClock: (clientId: number) => number,
): AwarenessClaim {
  if (conn.awarenessIds.has(entry.clientId)) return 'own'
  const member = conn.participant.memberId
  const owner = boundTo(entry.clientId)
  let held = owner !== undefined && owner !== member
  for (const other of others) {
    if (other !== conn && other.participant.memberId !== member && other.awarenessIds.has(entry.clientId)) held = true
  }
  if (!held) return 'own'
  return entry.state === null || entry.clock <= knownClock(entry.clientId) ? 'echo' : 'forbidden'
}

/**
 * R8: the other member whose connection announced `clientId` in its presence: an id seen in
 * awareness is taken even before its first edit, so nobody can claim it first and lock its owner
 * out of writing.
 */
export function presenceOwner(conn: AwarenessHolder, clientId: number, others: Iterable<AwarenessHolder>): string | undefined {
  for (const other of others) {
    const member = other.participant.memberId
    if (member !== conn.participant.memberId && other.awarenessIds.has(clientId)) return member
  }
  return undefined
}
