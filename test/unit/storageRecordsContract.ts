/**
 * The records part of the storage contract (SPEC S6, R8, R10, R7): Yjs client id bindings, the
 * audit log and the quarantine. runStorageContract runs it for every implementation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DocumentStore, UpdateEntry } from '../../server/storage/DocumentStore.ts'

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values)
const CREATED = '2026-01-02T00:00:00.000Z'

/** An authored update entry (the bytes do not matter to the store). */
function authored(docId: string, memberId: string, newClientIds: number[], paragraphs: string[] = [], size = 2): UpdateEntry {
  return { docId, update: new Uint8Array(size), author: { memberId, newClientIds, paragraphs } }
}

const isIsoTime = (s: string): boolean => !Number.isNaN(Date.parse(s)) && s.includes('T')

export function runRecordsContract(makeStore: () => DocumentStore): void {
  describe('records', () => {
    let store: DocumentStore
    beforeEach(() => {
      store = makeStore()
      store.createGroup({ id: 'g1', name: 'Group', createdAt: '2026-01-01T00:00:00.000Z' })
      for (const id of ['d1', 'd2']) store.createDocument({ id, groupId: 'g1', title: id, createdAt: CREATED }, bytes(0, 0))
    })
    afterEach(() => store.close())

    it('[S6][R8] binds the new Yjs client ids of an authored update to its member, per document', () => {
      store.appendUpdates([authored('d1', 'm-alice', [11, 12]), authored('d2', 'm-bob', [21])])
      store.appendUpdates([{ docId: 'd1', update: bytes(0, 0) }]) // the server's own write binds nothing
      expect(store.loadHistory('d1').clientOwners).toEqual(new Map([[11, 'm-alice'], [12, 'm-alice']]))
      expect(store.loadHistory('d2').clientOwners).toEqual(new Map([[21, 'm-bob']]))
      expect(store.loadHistory('d1').logLength).toBe(2)
    })

    it('[S6][R8] the first binding of a client id wins; a later claim by another member changes nothing', () => {
      store.appendUpdates([authored('d1', 'm-alice', [11])])
      store.appendUpdates([authored('d1', 'm-mallory', [11, 13])])
      expect(store.loadHistory('d1').clientOwners).toEqual(new Map([[11, 'm-alice'], [13, 'm-mallory']]))
    })

    it('[S6][R8] bindClient binds a client id once: the first member keeps it', () => {
      store.bindClient('d1', 21, 'm-alice')
      store.bindClient('d1', 21, 'm-mallory')
      store.appendUpdates([authored('d1', 'm-mallory', [21])])
      expect(store.loadHistory('d1').clientOwners.get(21)).toBe('m-alice')
      expect(store.loadHistory('d2').clientOwners.has(21)).toBe(false)
    })

    it('[S6][R8] bindings survive compaction (the snapshot replaces the log, not the owners)', () => {
      store.appendUpdates([authored('d1', 'm-alice', [11])])
      store.compact('d1', bytes(0, 0))
      const history = store.loadHistory('d1')
      expect(history.logLength).toBe(0)
      expect(history.clientOwners).toEqual(new Map([[11, 'm-alice']]))
    })

    it('[S6][R10] a command is audited with the update it produced, in the same transaction: both or neither', () => {
      const command = { memberId: 'm-chair', detail: { action: 'agree', paragraph: 'r1' } }
      expect(() => store.appendUpdates([{ docId: 'd1', update: bytes(0, 0), command }, { docId: 'missing', update: bytes(0, 0) }])).toThrow()
      expect(store.listAudit('d1')).toEqual([])
      expect(store.loadHistory('d1').logLength).toBe(0)
      store.appendUpdates([{ docId: 'd1', update: bytes(0, 0), command }])
      expect(store.loadHistory('d1').logLength).toBe(1)
      expect(store.listAudit('d1').map((a) => [a.kind, a.memberId, JSON.parse(a.detail)])).toEqual([['command', 'm-chair', { action: 'agree', paragraph: 'r1' }]])
    })

    it('[S6][R10] writes one audit row per document and member of a commit, none for the server\'s own writes', () => {
      store.appendUpdates([
        authored('d1', 'm-alice', [11], ['r1'], 5),
        { docId: 'd1', update: bytes(0, 0) },
        authored('d1', 'm-bob', [12], ['r1', 'r2'], 7),
        authored('d1', 'm-alice', [], ['r3', 'r1'], 4),
        authored('d2', 'm-carol', [13]),
      ])
      const audit = store.listAudit('d1')
      expect(audit.map((a) => [a.kind, a.memberId, JSON.parse(a.detail)])).toEqual([
        ['update', 'm-bob', { updates: 1, bytes: 7, paragraphs: ['r1', 'r2'] }],
        ['update', 'm-alice', { updates: 2, bytes: 9, paragraphs: ['r1', 'r3'] }],
      ])
      for (const a of audit) {
        expect(a.docId).toBe('d1')
        expect(isIsoTime(a.at)).toBe(true)
      }
      expect(store.listAudit('d2')).toHaveLength(1)
      expect(store.listAudit('unknown')).toEqual([])
    })

    it('[S6][R10] records commands and lists the audit log newest first, at most `limit` rows', () => {
      store.appendUpdates([authored('d1', 'm-alice', [11])])
      store.recordCommand({ docId: 'd1', memberId: 'm-chair', detail: { action: 'agree', paragraph: 'r1' } })
      store.recordCommand({ docId: 'd1', memberId: 'm-chair', detail: { action: 'reopen', paragraph: 'r1' } })
      const audit = store.listAudit('d1')
      expect(audit.map((a) => a.kind)).toEqual(['command', 'command', 'update'])
      expect(JSON.parse(audit[0]!.detail)).toEqual({ action: 'reopen', paragraph: 'r1' })
      expect(audit[0]!.memberId).toBe('m-chair')
      expect(audit[0]!.id).toBeGreaterThan(audit[1]!.id)
      expect(store.listAudit('d1', 2).map((a) => JSON.parse(a.detail).action)).toEqual(['reopen', 'agree'])
    })

    it('[S6][R7] keeps refused frames with who, when, why and a copy of the bytes, newest first', () => {
      const data = bytes(1, 2, 3)
      const first = store.quarantine({ docId: 'd1', memberId: 'm-mallory', reason: 'paragraph r1 is agreed and locked', data })
      const second = store.quarantine({ docId: 'd1', memberId: null, reason: 'malformed', data: bytes(9) })
      expect(second).not.toBe(first) // the id a log line names
      store.quarantine({ docId: 'd2', memberId: 'm-bob', reason: 'elsewhere', data: bytes(7) })
      data.fill(0)
      const rows = store.listQuarantine('d1')
      expect(rows.map((q) => q.id)).toEqual([second, first])
      expect(rows.map((q) => [q.memberId, q.reason, [...q.data]])).toEqual([
        [null, 'malformed', [9]],
        ['m-mallory', 'paragraph r1 is agreed and locked', [1, 2, 3]],
      ])
      for (const q of rows) {
        expect(q.docId).toBe('d1')
        expect(isIsoTime(q.at)).toBe(true)
      }
      expect(store.listQuarantine('d1', 1)).toHaveLength(1)
      expect(store.listQuarantine('unknown')).toEqual([])
      // Quarantined bytes are not part of the document.
      expect(store.loadHistory('d1').logLength).toBe(0)
    })

    it('[S6] a refused batch binds no client id and writes no audit row', () => {
      expect(() => store.appendUpdates([authored('d1', 'm-alice', [11], ['r1']), authored('missing', 'm-alice', [12])])).toThrow()
      expect(store.loadHistory('d1').clientOwners).toEqual(new Map())
      expect(store.listAudit('d1')).toEqual([])
    })
    describe('documents an update creates', () => {
      const breakout = (id = 'd-bo') => ({ document: { id, groupId: 'g1', title: 'Break-out group 1', createdAt: CREATED }, state: bytes(7, 7) })

      it('[S6][B2] the document is created with its state in the transaction of the update that records it', () => {
        store.appendUpdates([{ docId: 'd1', update: bytes(9, 9), command: { memberId: 'm-chair', detail: { action: 'createBreakout' } }, creates: breakout() }])
        expect(store.getDocument('d-bo')).toMatchObject({ id: 'd-bo', groupId: 'g1', title: 'Break-out group 1' })
        expect(store.loadHistory('d-bo').updates.map((u) => [...u])).toEqual([[7, 7]])
        expect(store.loadHistory('d1').logLength).toBe(1)
        expect(store.listAudit('d1').filter((a) => a.kind === 'command')).toHaveLength(1)
      })

      it('[S6][B2] an id that exists, or a group that does not, refuses the whole batch', () => {
        expect(() => store.appendUpdates([{ docId: 'd1', update: bytes(9, 9), creates: breakout('d2') }])).toThrow()
        expect(() => store.appendUpdates([{ docId: 'd1', update: bytes(9, 9), creates: { ...breakout(), document: { ...breakout().document, groupId: 'g-none' } } }])).toThrow()
        expect(store.getDocument('d-bo')).toBeNull()
        expect(store.loadHistory('d1').logLength).toBe(0)
        expect(store.listAudit('d1')).toEqual([])
      })
    })
    describe('revisions', () => {
      const issued = (number: number, symbol = `CRP.1/Rev.${number}`): NonNullable<UpdateEntry['revision']> => ({
        number,
        symbol,
        issuedAt: `2026-03-0${number}T10:00:00.000Z`,
        note: number === 1 ? '' : 'After the break-out groups',
        issuedBy: 'chair',
        memberId: 'm-chair',
        state: bytes(number, 1, 2, 3),
      })

      it('[S6][V2] a revision is stored with the update that issues it and its audit row, oldest first', () => {
        store.appendUpdates([{ docId: 'd1', update: bytes(9, 9), command: { memberId: 'm-chair', detail: { action: 'issueRevision', revision: 1 } }, revision: issued(1) }])
        store.appendUpdates([{ docId: 'd1', update: bytes(9, 8), revision: issued(2) }, { docId: 'd2', update: bytes(9, 7), revision: issued(1, 'Other/Rev.1') }])
        expect(store.listRevisions('d1')).toEqual([
          { number: 1, symbol: 'CRP.1/Rev.1', issuedAt: '2026-03-01T10:00:00.000Z', note: '', issuedBy: 'chair' },
          { number: 2, symbol: 'CRP.1/Rev.2', issuedAt: '2026-03-02T10:00:00.000Z', note: 'After the break-out groups', issuedBy: 'chair' },
        ])
        expect(store.listRevisions('d2').map((r) => r.symbol)).toEqual(['Other/Rev.1'])
        const second = store.getRevision('d1', 2)
        expect(second?.memberId).toBe('m-chair')
        expect([...second!.state]).toEqual([2, 1, 2, 3])
        expect(store.getRevision('d1', 3)).toBeNull()
        expect(store.getRevision('d3', 1)).toBeNull()
        expect(store.listAudit('d1').filter((a) => a.kind === 'command')).toHaveLength(1)
      })

      it('[S6][V2] a second revision with a number already issued refuses the whole batch', () => {
        store.appendUpdates([{ docId: 'd1', update: bytes(9, 9), revision: issued(1) }])
        expect(() => store.appendUpdates([{ docId: 'd2', update: bytes(1, 1) }, { docId: 'd1', update: bytes(9, 8), revision: issued(1, 'Again') }])).toThrow()
        expect(store.listRevisions('d1').map((r) => r.symbol)).toEqual(['CRP.1/Rev.1'])
        expect(store.loadHistory('d2').logLength).toBe(0)
        expect(store.loadHistory('d1').logLength).toBe(1)
      })

      it('[S6][V2] compaction never touches a revision, and the stored state is a copy', () => {
        const entry = issued(1)
        store.appendUpdates([{ docId: 'd1', update: bytes(9, 9), revision: entry }])
        entry.state[0] = 42
        store.compact('d1', bytes(0, 0))
        const kept = store.getRevision('d1', 1)!
        expect([...kept.state]).toEqual([1, 1, 2, 3])
        kept.state[0] = 43
        expect([...store.getRevision('d1', 1)!.state]).toEqual([1, 1, 2, 3])
      })
    })
  })
}
