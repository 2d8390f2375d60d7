/**
 * A bug in the guard is the server's fault, never the sender's (issue 9, SPEC P3): the honest
 * client is closed with InternalError (1011, retried), not a terminal "malformed" 4400; the frame
 * is quarantined and the error logged with the quarantine id; the document and everyone else are
 * untouched, and the same edit goes in once the guard works.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { craft, firstText, recommendation, syncFrame } from '../helpers/attacks.ts'
import { PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { CloseCode } from '../../shared/protocol.ts'
import type { Logger } from '../../server/collab/types.ts'

const bug = vi.hoisted(() => ({ on: false }))
vi.mock('../../server/collab/UpdateGuard.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../server/collab/UpdateGuard.ts')>()
  return {
    ...original,
    judgeTransaction: (...args: Parameters<typeof original.judgeTransaction>) => {
      if (bug.on) throw new TypeError('a bug in the guard')
      return original.judgeTransaction(...args)
    },
  }
})

let h: ReturnType<typeof guardHarness> | undefined
afterEach(() => {
  bug.on = false
  h?.dispose()
})

describe('[P3] a bug in the guard closes with InternalError, not "malformed"', () => {
  it('[P3][R7] 1011, quarantined, logged with the quarantine id; nothing else changes; the edit goes in later', () => {
    const errors: Record<string, unknown>[] = []
    const logger: Logger = { info() {}, warn() {}, error: (_m, fields) => void errors.push(fields ?? {}) }
    h = guardHarness({ logger })
    const member = h.connect(participant('member'))
    const witness = h.connect(participant('member'))
    const edit = craft(member.doc, (doc) => firstText(recommendation(doc, PROPOSED)).insert(0, 'Honest: '))
    const before = h.observe()
    bug.on = true
    member.send(syncFrame('update', edit))
    h.settle()
    expect(member.socket.closeCode).toBe(CloseCode.InternalError)
    expect(witness.closed).toBe(false)
    const quarantined = h.store.listQuarantine('wgec-rolling')
    expect(quarantined).toHaveLength(1)
    expect(quarantined[0]!.reason).toMatch(/the guard failed while judging an update: a bug in the guard/)
    expect(errors).toEqual([expect.objectContaining({ quarantineId: quarantined[0]!.id, error: expect.stringMatching(/a bug in the guard/) as string })])
    expect({ ...h.observe(), quarantined: before.quarantined }).toEqual(before)
    bug.on = false
    const again = h.connect(participant('member'))
    h.expectAccepted(again, syncFrame('update', edit))
    expect(witness.text()).toContain('Honest: ')
  })
})
