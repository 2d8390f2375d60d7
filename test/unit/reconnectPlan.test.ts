/**
 * SPEC R15: offline work survives a lock made meanwhile, paragraph by paragraph. A member edits
 * offline while the chair agrees, moves to the annex, reopens or someone removes paragraphs; what
 * the page offers on its return is accepted by the real guard, carries every change still allowed,
 * and holds back (never drops) the wording of the paragraphs locked or removed meanwhile.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changeOf, copyOf, firstText, placeOf, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { guardHarness, participant } from '../helpers/guardHarness.ts'
import { planReconnect } from '../../client/src/collab/reconnectPlan.ts'
import { runStatusCommand } from '../../server/collab/statusCommand.ts'
import type { StatusAction } from '../../shared/statusCommands.ts'

let h: ReturnType<typeof guardHarness>
beforeEach(() => {
  h = guardHarness()
  h.connect(participant('observer')) // someone stays in the room, so it stays loaded
})
afterEach(() => h.dispose())

const chair = participant('chair')
const command = (id: string, action: StatusAction, views?: string[]): void => {
  expect(runStatusCommand(h.room(), { recommendationId: id, action, memberId: chair.memberId, role: 'chair', ...(views ? { views } : {}) })).toMatchObject({ ok: true })
  h.settle()
}

/** A member's page that synced, then went offline: its own copy, edited with `edits`. */
function offlineCopy(edits: (doc: Y.Doc) => void): { doc: Y.Doc; unsent: Uint8Array } {
  const member = h.connect(participant('member'))
  const doc = copyOf(member.doc)
  member.disconnect()
  const unsent = changeOf(doc, edits)
  return { doc, unsent }
}

/** The reported offline session: an edit to D.2, a new recommendation in D, an edit to E.1. */
const reportedSession = (doc: Y.Doc): void => {
  firstText(recommendation(doc, 'r-demo-d2')).insert(0, 'Offline D.2: ')
  const { parent, index } = placeOf(recommendation(doc, 'r-demo-d2'))
  parent.insert(index + 1, [recommendationElement('r-offline-new', 'A new recommendation written offline.', [])])
  firstText(recommendation(doc, 'r-demo-e1')).insert(0, 'Offline E.1: ')
}

const serverText = (): string => recommendationTextOf(h.room().doc)
function recommendationTextOf(doc: Y.Doc): string {
  return doc.getXmlFragment('prosemirror').toString()
}

describe('[R15] offline changes are replayed paragraph by paragraph', () => {
  it('[R15] the chair agreed E.1 meanwhile: D.2 and the new recommendation go in, E.1 is held back with who locked it', () => {
    const { doc, unsent } = offlineCopy(reportedSession)
    command('r-demo-e1', 'agree')

    // As the page sent it before: refused as a whole, the D.2 edit and the new paragraph with it.
    const blind = h.connect(participant('member'))
    h.expectRefused(blind, syncFrame("step2", unsent), /E\.1 is agreed/, [])

    const plan = planReconnect(doc, Y.encodeStateAsUpdate(h.room().doc), '2026-12-02T10:00:00.000Z')
    expect(plan.kind).toBe('replay')
    expect(plan.held).toEqual([
      expect.objectContaining({ paragraphId: 'r-demo-e1', label: 'E.1', why: 'the chair agreed E.1 while you were offline', topicId: 't-demo-e' }),
    ])
    expect(plan.held[0]!.text).toMatch(/^Offline E\.1: The Commission/)
    if (plan.kind !== 'replay') return
    const back = h.connect(participant('member'))
    h.expectAccepted(back, syncFrame('step2', plan.update))
    expect(serverText()).toContain('Offline D.2: ')
    expect(serverText()).toContain('A new recommendation written offline.')
    expect(serverText()).not.toContain('Offline E.1: ')
  })

  it('[R15] the chair moved E.1 to the annex meanwhile: held back, saying where it went; the rest goes in', () => {
    const { doc } = offlineCopy(reportedSession)
    command('r-demo-e1', 'moveToAnnex', ['Some members considered that the review should be biennial.'])
    const plan = planReconnect(doc, Y.encodeStateAsUpdate(h.room().doc))
    expect(plan.kind).toBe('replay')
    expect(plan.held.map((c) => c.why)).toEqual(['the chair moved E.1 to the annex (now Annex 2) while you were offline'])
    if (plan.kind !== 'replay') return
    h.expectAccepted(h.connect(participant('member')), syncFrame('step2', plan.update))
    expect(serverText()).toContain('Offline D.2: ')
    expect(serverText()).not.toContain('Offline E.1: ')
  })

  it('[R15] the chair agreed and reopened E.1 meanwhile: everything goes in as it is, nothing held', () => {
    const { doc } = offlineCopy(reportedSession)
    command('r-demo-e1', 'agree')
    command('r-demo-e1', 'reopen')
    const plan = planReconnect(doc, Y.encodeStateAsUpdate(h.room().doc))
    expect(plan).toEqual({ kind: 'send', held: [] })
  })

  it('[R15] someone removed C.3 while the member edited it offline: the edit would vanish in the merge, so it is held back', () => {
    const { doc } = offlineCopy((d) => firstText(recommendation(d, 'r-demo-c3')).insert(0, 'Offline C.3: '))
    const remover = h.connect(participant('member'))
    h.expectAccepted(remover, syncFrame('update', changeOf(copyOf(remover.doc), (d) => {
      const { parent, index } = placeOf(recommendation(d, 'r-demo-c3'))
      parent.delete(index, 1)
    })))
    const plan = planReconnect(doc, Y.encodeStateAsUpdate(h.room().doc))
    expect(plan.kind).toBe('send')
    expect(plan.held).toEqual([expect.objectContaining({ paragraphId: 'r-demo-c3', label: 'C.3', why: 'C.3 was removed while you were offline' })])
    expect(plan.held[0]!.text).toMatch(/^Offline C\.3: /)
  })

  it('[R15] the member removed E.1 offline and the chair agreed it meanwhile: E.1 stays, the removal is held back', () => {
    const { doc } = offlineCopy((d) => {
      reportedSession(d)
      const { parent, index } = placeOf(recommendation(d, 'r-demo-e1'))
      parent.delete(index, 1)
    })
    command('r-demo-e1', 'agree')
    const plan = planReconnect(doc, Y.encodeStateAsUpdate(h.room().doc))
    expect(plan.kind).toBe('replay')
    expect(plan.held).toEqual([expect.objectContaining({ paragraphId: 'r-demo-e1', text: '' })])
    if (plan.kind !== 'replay') return
    h.expectAccepted(h.connect(participant('member')), syncFrame('step2', plan.update))
    expect(serverText()).toContain('The Commission on Science and Technology')
    expect(serverText()).toContain('Offline D.2: ')
  })

  it('[R15] with nothing locked meanwhile the changes go as they are', () => {
    const { doc } = offlineCopy(reportedSession)
    expect(planReconnect(doc, Y.encodeStateAsUpdate(h.room().doc))).toEqual({ kind: 'send', held: [] })
  })
})
