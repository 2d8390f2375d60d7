/**
 * The chair's status commands on a loaded document (SPEC R3, R4, C1, C5): decided by the pure
 * transition function, written by the server under its own origin, sent to every client, and
 * the locks follow the new status at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { FakeClient } from '../helpers/fakeClient.ts'
import { craft, firstText, placeOf, recommendation, recommendationElement, syncFrame } from '../helpers/attacks.ts'
import { AD_REF, AGREED, DOC, IN_ANNEX, PROPOSED, guardHarness, participant } from '../helpers/guardHarness.ts'
import { runStatusCommand, type StatusCommandRequest } from '../../server/collab/statusCommand.ts'
import { consensusOf, textOf } from '../../shared/ydoc.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'
import type { Role } from '../../shared/roles.ts'

let h: ReturnType<typeof guardHarness>
let witness: FakeClient
beforeEach(() => {
  h = guardHarness()
  witness = h.connect(participant('member'))
})
afterEach(() => h.dispose())

function command(recommendationId: string, action: StatusCommandRequest['action'], extra: { role?: Role; views?: string[] } = {}) {
  const result = h.collab.withDocument(DOC, (room) =>
    runStatusCommand(room, { recommendationId, action, views: extra.views, memberId: 'm-the-chair', displayName: 'Chair Ruiz', role: extra.role ?? 'chair' }),
  )
  h.settle()
  return result
}

const statusSeenBy = (client: FakeClient, id: string): string =>
  readConsensusEntry(consensusOf(client.doc).get(id))?.status ?? 'proposed'
/** The paragraph ids of a topic, in order. */
const paragraphsOf = (doc: Y.Doc, topicId: string): string[] =>
  (textOf(doc).toArray().find((t) => t instanceof Y.XmlElement && t.getAttribute('id') === topicId) as Y.XmlElement)
    .toArray()
    .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'recommendation')
    .map((c) => String(c.getAttribute('id')))

const sectionOf = (doc: Y.Doc, id: string): string =>
  String(placeOf(recommendation(doc, id)).parent.getAttribute('id') ?? placeOf(recommendation(doc, id)).parent.nodeName)

describe('[R3] who may change a status', () => {
  it.each(['secretariat', 'member', 'observer'] as const)('[R3] a %s is refused with 403 and nothing changes', (role) => {
    const before = h.observe()
    expect(command(PROPOSED, 'agree', { role })).toMatchObject({ ok: false, refusal: 'forbidden' })
    expect(h.observe()).toEqual(before)
  })

  it('[R3] an unknown paragraph is 404', () => {
    expect(command('r-nowhere', 'agree')).toMatchObject({ ok: false, refusal: 'not-found' })
  })
})

describe('[R3][C1] the chair\'s commands', () => {
  it('[R3][R4] agree: every client sees the status, the paragraph locks at once', () => {
    const result = command(PROPOSED, 'agree')
    expect(result).toMatchObject({ ok: true, entry: { status: 'agreed' } })
    expect(statusSeenBy(witness, PROPOSED)).toBe('agreed')
    // Written with the server's origin: no member is its author, no client id bound to anyone.
    expect(h.store.listAudit(DOC).filter((a) => a.kind === 'update')).toEqual([])
    expect(h.room().boundClients).toBe(0)
    const member = h.connect(participant('member'))
    h.expectRefused(member, syncFrame('update', craft(member.doc, (doc) => firstText(recommendation(doc, PROPOSED)).insert(0, 'x'))), /B\.3 is agreed/, [witness])
  })

  it('[R3] agree and agree ad ref are refused (409) while the paragraph holds brackets or alternatives', () => {
    for (const id of ['r-demo-a1', 'r-demo-a3', 'r-demo-c1']) {
      expect(command(id, 'agree')).toMatchObject({ ok: false, refusal: 'conflict', reason: expect.stringMatching(/bracket group/) as string })
      expect(command(id, 'agreeAdRef')).toMatchObject({ ok: false, refusal: 'conflict' })
      expect(statusSeenBy(witness, id)).toBe('proposed')
    }
    // The refusal says which brackets.
    expect(command('r-demo-a1', 'agree')).toMatchObject({ reason: 'the paragraph still holds a bracket group: [shall (G77 and China) / should (European Union, United States)]; clean them first' })
    expect(command('r-demo-a4', 'agree')).toMatchObject({
      reason: 'the paragraph still holds a bracket group: [delete: drawing on the mapping exercise of the …] (United States); clean them first',
    })
    // A nested bracket counts with the one around it.
    expect(command('r-demo-b2', 'agree')).toMatchObject({ reason: 'the paragraph still holds a bracket group: [consult with and take into account the …] (ICC BASIS (business)); clean them first' })
  })

  it('[R3] agree ad ref, then agree; transitions that do not apply are 409', () => {
    expect(command('r-demo-c3', 'agreeAdRef')).toMatchObject({ ok: true, entry: { status: 'adRef' } })
    expect(statusSeenBy(witness, 'r-demo-c3')).toBe('adRef')
    expect(command('r-demo-c3', 'agreeAdRef')).toMatchObject({ ok: false, refusal: 'conflict' })
    expect(command(AD_REF, 'agree')).toMatchObject({ ok: true, entry: { status: 'agreed' } })
    expect(command(AGREED, 'agree')).toMatchObject({ ok: false, refusal: 'conflict' })
    expect(command(PROPOSED, 'reopen')).toMatchObject({ ok: false, refusal: 'conflict' })
    expect(command(AGREED, 'moveToAnnex', { views: ['x'] })).toMatchObject({ ok: false, refusal: 'conflict' })
    expect(command(PROPOSED, 'restore')).toMatchObject({ ok: false, refusal: 'conflict' })
  })

  it('[R3][R4][C9] reopen makes the paragraph proposed again, keeps its history and unlocks it', () => {
    expect(command(AGREED, 'reopen')).toMatchObject({ ok: true, entry: { status: 'proposed', history: [{ action: 'reopen', status: 'proposed', by: 'Chair Ruiz' }] } })
    expect(consensusOf(witness.doc).get(AGREED)).toMatchObject({ status: 'proposed' })
    const member = h.connect(participant('member'))
    h.expectAccepted(member, syncFrame('update', craft(member.doc, (doc) => firstText(recommendation(doc, AGREED)).insert(0, 'Reopened: '))))
    expect(witness.text()).toContain('Reopened: All stakeholders')
  })

  it('[C5] move to annex needs a view; it keeps id and text, records views and the topic, and restore brings it back', () => {
    const id = 'r-demo-e1'
    const text = firstText(recommendation(witness.doc, id)).toString()
    expect(command(id, 'moveToAnnex', { views: ['  ', ''] })).toMatchObject({ ok: false, refusal: 'conflict' })
    const moved = command(id, 'moveToAnnex', { views: [' Some members disagreed. '] })
    expect(moved).toMatchObject({ ok: true, entry: { status: 'annex', views: ['Some members disagreed.'], fromTopic: 't-demo-e' } })
    expect(sectionOf(witness.doc, id)).toBe('annex')
    expect(firstText(recommendation(witness.doc, id)).toString()).toBe(text)
    expect(statusSeenBy(witness, id)).toBe('annex')

    expect(command(id, 'restore')).toMatchObject({ ok: true, entry: { status: 'proposed' } })
    expect(sectionOf(witness.doc, id)).toBe('t-demo-e')
    expect(firstText(recommendation(witness.doc, id)).toString()).toBe(text)
    expect(statusSeenBy(witness, id)).toBe('proposed')
    expect(command(IN_ANNEX, 'restore')).toMatchObject({ ok: true })
    expect(sectionOf(witness.doc, IN_ANNEX)).toBe('t-demo-a')
  })

  it('[C5][C9] a point restored from the annex goes back where it stood, and its views stay in its history', () => {
    const order = (): string[] => paragraphsOf(witness.doc, 't-demo-c')
    expect(order()).toEqual(['r-demo-c1', 'r-demo-c2', 'r-demo-c3'])
    command('r-demo-c2', 'moveToAnnex', { views: ['Some members considered remote participation a right.'] })
    expect(order()).toEqual(['r-demo-c1', 'r-demo-c3'])
    const restored = command('r-demo-c2', 'restore')
    expect(order()).toEqual(['r-demo-c1', 'r-demo-c2', 'r-demo-c3'])
    expect(restored).toMatchObject({
      ok: true,
      entry: {
        status: 'proposed',
        history: [
          { action: 'moveToAnnex', status: 'annex', by: 'Chair Ruiz', views: ['Some members considered remote participation a right.'] },
          { action: 'restore', status: 'proposed', by: 'Chair Ruiz' },
        ],
      },
    })
    // The first paragraph of its topic goes back first.
    command('r-demo-c1', 'moveToAnnex', { views: ['Some preferred a fund.'] })
    command('r-demo-c1', 'restore')
    expect(order()).toEqual(['r-demo-c1', 'r-demo-c2', 'r-demo-c3'])
  })

  it('[C5] when the paragraph it followed is gone, the point goes to the end of its topic', () => {
    command('r-demo-c3', 'moveToAnnex', { views: ['Some members disagreed.'] })
    const member = h.connect(participant('member'))
    h.expectAccepted(member, syncFrame('update', craft(member.doc, (doc) => {
      const { parent, index } = placeOf(recommendation(doc, 'r-demo-c2'))
      parent.delete(index, 1)
      parent.push([recommendationElement('r-new-last', 'A later proposal.')])
    })))
    command('r-demo-c3', 'restore')
    expect(paragraphsOf(witness.doc, 't-demo-c')).toEqual(['r-demo-c1', 'r-new-last', 'r-demo-c3'])
  })

  it('[R3][S1] a command on a document nobody has open is stored; the document stays loaded for the idle grace, then unloads, compacted', () => {
    h.dispose()
    const timers = new Map<() => void, number>()
    h = guardHarness({
      idleUnloadMs: 30_000,
      later: (fn, ms) => {
        timers.set(fn, ms)
        return () => timers.delete(fn)
      },
    })
    expect(h.collab.rooms.has(DOC)).toBe(false)
    expect(command(PROPOSED, 'agree')).toMatchObject({ ok: true })
    expect(h.store.loadHistory(DOC).logLength).toBe(1) // stored at once (S1)
    // A second command within the grace finds the document loaded, and the grace starts again.
    expect(command(AD_REF, 'agree')).toMatchObject({ ok: true })
    expect(h.collab.rooms.has(DOC)).toBe(true)
    expect([...timers.values()]).toEqual([30_000])
    for (const fire of [...timers.keys()]) fire()
    expect(h.collab.rooms.has(DOC)).toBe(false)
    expect(h.store.loadHistory(DOC).logLength).toBe(0) // compacted as it unloaded
    const reader = h.connect(participant('observer'))
    expect(statusSeenBy(reader, PROPOSED)).toBe('agreed')
    expect(statusSeenBy(reader, AD_REF)).toBe('agreed')
  })

  it('[S1] someone connecting within the grace keeps the document; leaving unloads it at once as before', () => {
    h.dispose()
    const timers: (() => void)[] = []
    h = guardHarness({ later: (fn) => (timers.push(fn), () => timers.splice(timers.indexOf(fn), 1)) })
    expect(command(PROPOSED, 'agree')).toMatchObject({ ok: true })
    const member = h.connect(participant('member'))
    timers.forEach((fire) => fire())
    expect(h.collab.rooms.has(DOC)).toBe(true)
    expect(statusSeenBy(member, PROPOSED)).toBe('agreed')
    member.disconnect()
    h.settle()
    expect(h.collab.rooms.has(DOC)).toBe(false)
  })
})

describe('[R3] commands on a document a member has reshaped', () => {
  it('[R11][C5] a member cannot remove even an emptied annex, so moving to it keeps working', () => {
    expect(command('r-demo-x1', 'restore')).toMatchObject({ ok: true })
    const member = h.connect(participant('member'))
    h.expectRefused(member, syncFrame('update', craft(member.doc, (doc) => {
      const fragment = textOf(doc)
      const annex = fragment.toArray().findIndex((n) => n instanceof Y.XmlElement && n.nodeName === 'annex')
      fragment.delete(annex, 1)
    })), /the annex cannot be removed/, [])
    expect(command('r-demo-e1', 'moveToAnnex', { views: ['Some disagreed.'] })).toMatchObject({ ok: true })
  })

  it('[R11][C5] members cannot remove every topic (none held a locked paragraph), so restoring keeps working', () => {
    for (const id of [AGREED, AD_REF]) expect(command(id, 'reopen')).toMatchObject({ ok: true })
    const member = h.connect(participant('member'))
    h.expectRefused(member, syncFrame('update', craft(member.doc, (doc) => {
      const fragment = textOf(doc)
      for (let i = fragment.length - 1; i >= 0; i--) {
        const node = fragment.get(i)
        if (node instanceof Y.XmlElement && node.nodeName === 'topic') fragment.delete(i, 1)
      }
    })), /the document must hold the title, one or more topics, then the annex/, [])
    expect(command(IN_ANNEX, 'restore')).toMatchObject({ ok: true })
  })
})
