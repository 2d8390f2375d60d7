/**
 * The one door for commands (SPEC R10, STYLE 14): a typed value judged by its schema, decided and
 * applied by the core, refused with a typed value, audited with the update it produced in the
 * same commit, whoever calls it (here: no HTTP at all).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AGREED, DOC, PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import type { Actor } from '../../server/collab/commands.ts'
import { consensusOf } from '../../shared/ydoc.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'

let h: ReturnType<typeof guardHarness>
beforeEach(() => {
  h = guardHarness()
  h.connect(participant('observer')) // keeps the document loaded, to observe it
})
afterEach(() => h.dispose())

const actor = (role: Actor['role'], delegation = 'Kenya'): Actor => ({ memberId: `m-${role}`, displayName: `The ${role}`, delegation, role })
const commands = (): unknown[] => h.store.listAudit(DOC).filter((a) => a.kind === 'command').map((a) => JSON.parse(a.detail) as unknown)

describe('[R10] every command goes through one entry', () => {
  it('[R10][R3] a command is decided, applied and audited in the commit that stores its update', () => {
    const appendsBefore = h.store.appendCalls.length
    const outcome = h.collab.runCommand(DOC, actor('chair'), { kind: 'status', paragraphId: PROPOSED, action: 'agree' })
    expect(outcome).toMatchObject({ ok: true, value: { entry: { status: 'agreed' } } })
    // One storage call carried both the update and its audit row.
    const call = h.store.appendCalls.slice(appendsBefore).find((entries) => entries.some((e) => e.command))
    expect(call?.find((e) => e.command)?.command).toEqual({ memberId: 'm-chair', detail: { action: 'agree', paragraph: PROPOSED } })
    expect(commands()).toEqual([{ action: 'agree', paragraph: PROPOSED }])
    const reader = h.connect(participant('observer'))
    expect(readConsensusEntry(consensusOf(reader.doc).get(PROPOSED))?.status).toBe('agreed')
  })

  it('[R10] refusals are typed values, and nothing is written or audited', () => {
    const before = h.observe()
    expect(h.collab.runCommand(DOC, actor('chair'), { kind: 'status', paragraphId: PROPOSED, action: 'adjourn' })).toMatchObject({ ok: false, refusal: 'invalid', reason: expect.stringMatching(/^action: /) as string })
    expect(h.collab.runCommand(DOC, actor('member'), { kind: 'status', paragraphId: PROPOSED, action: 'agree' })).toMatchObject({ ok: false, refusal: 'forbidden' })
    expect(h.collab.runCommand(DOC, actor('chair'), { kind: 'status', paragraphId: 'r-nowhere', action: 'agree' })).toMatchObject({ ok: false, refusal: 'not-found' })
    expect(h.collab.runCommand(DOC, actor('chair'), { kind: 'status', paragraphId: 'r-demo-a1', action: 'agree' })).toMatchObject({ ok: false, refusal: 'conflict', reason: expect.stringMatching(/shall \(G77 and China\)/) as string })
    expect(h.collab.runCommand(DOC, actor('member'), { kind: 'sponsorship', target: { kind: 'paragraph', paragraphId: PROPOSED }, join: true, delegation: 'Japan' })).toMatchObject({ ok: false, refusal: 'forbidden' })
    expect(h.collab.runCommand(DOC, actor('observer'), { kind: 'reservation', paragraphId: AGREED, text: 'x' })).toMatchObject({ ok: false, refusal: 'forbidden' })
    expect(h.collab.runCommand(DOC, actor('member'), { kind: 'comment.reply', threadId: 'c-none', text: 'Hello' })).toMatchObject({ ok: false, refusal: 'not-found' })
    expect(h.collab.runCommand(DOC, actor('member'), { kind: 'nonsense' })).toMatchObject({ ok: false, refusal: 'invalid' })
    expect(h.observe()).toEqual(before)
    expect(commands()).toEqual([])
  })

  it('[R10][C8][D8][K1] every kind is audited, also one that changes nothing', () => {
    const kenya = actor('member')
    expect(h.collab.runCommand(DOC, kenya, { kind: 'reservation', paragraphId: AGREED, text: 'Kenya reserves its position.' })).toMatchObject({ ok: true })
    expect(h.collab.runCommand(DOC, kenya, { kind: 'sponsorship', target: { kind: 'paragraph', paragraphId: PROPOSED }, join: true })).toMatchObject({ ok: true, value: { sponsors: expect.arrayContaining(['Kenya']) as string[] } })
    const started = h.collab.runCommand(DOC, kenya, { kind: 'comment.start', paragraphId: PROPOSED, anchor: null, quote: '', text: 'Why published?' })
    expect(started).toMatchObject({ ok: true })
    const threadId = started.ok && 'thread' in started.value ? started.value.thread.id : ''
    // Withdrawing a reservation Japan never made changes nothing, and is still on record.
    expect(h.collab.runCommand(DOC, actor('member', 'Japan'), { kind: 'reservation', paragraphId: AGREED, text: null })).toMatchObject({ ok: true })
    expect(commands()).toEqual([
      { action: 'withdrawReservation', paragraph: AGREED },
      { action: 'comment', thread: threadId, paragraph: PROPOSED },
      { action: 'cosponsor', paragraph: PROPOSED, target: { kind: 'paragraph', paragraphId: PROPOSED }, delegation: 'Kenya' },
      { action: 'reserve', paragraph: AGREED },
    ])
    // The audit says what was done, never what was written (K6).
    expect(JSON.stringify(h.store.listAudit(DOC))).not.toContain('Why published?')
  })
})
