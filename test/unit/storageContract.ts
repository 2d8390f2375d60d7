/**
 * The contract every DocumentStore implementation passes (SPEC S6). storage.test.ts runs it
 * against MemoryStore and SqliteStore; a new implementation adds one line there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { StoreError, type DocumentRecord, type DocumentStore, type GroupRecord } from '../../server/storage/DocumentStore.ts'
import { runRecordsContract } from './storageRecordsContract.ts'

const group = (id: string, createdAt = '2026-01-01T00:00:00.000Z'): GroupRecord => ({ id, name: `Group ${id}`, createdAt })
const docRecord = (id: string, groupId = 'g1', createdAt = '2026-01-02T00:00:00.000Z'): DocumentRecord => ({
  id,
  groupId,
  title: `Document ${id}`,
  createdAt,
})

/** A Yjs update that inserts `text` at the end of the text `t`, on top of `base`. */
function editOn(base: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null
  const capture = (u: Uint8Array): void => {
    update = u
  }
  base.on('update', capture)
  base.getText('t').insert(base.getText('t').length, text)
  base.off('update', capture)
  if (!update) throw new Error('no update was produced')
  return update
}

/** Applies a loaded history to a fresh Y.Doc and returns its text. */
function textOfHistory(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc.getText('t').toString()
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values)

export function runStorageContract(name: string, makeStore: () => DocumentStore): void {
  describe(`[S6] DocumentStore contract: ${name}`, () => {
    let store: DocumentStore
    beforeEach(() => {
      store = makeStore()
    })
    afterEach(() => {
      store.close()
    })

    describe('groups', () => {
      it('[S6] creates, reads and lists groups ordered by creation time, then id', () => {
        store.createGroup(group('g2', '2026-01-01T00:00:00.000Z'))
        store.createGroup(group('g1', '2026-01-01T00:00:00.000Z'))
        store.createGroup(group('g0', '2026-03-01T00:00:00.000Z'))
        expect(store.getGroup('g1')).toEqual(group('g1', '2026-01-01T00:00:00.000Z'))
        expect(store.getGroup('nope')).toBeNull()
        expect(store.listGroups().map((g) => g.id)).toEqual(['g1', 'g2', 'g0'])
      })

      it('[S6] refuses a duplicate group id with StoreError(duplicate) and keeps the first', () => {
        store.createGroup(group('g1'))
        const err = captureError(() => store.createGroup({ ...group('g1'), name: 'Impostor' }))
        expect(err).toBeInstanceOf(StoreError)
        expect((err as StoreError).reason).toBe('duplicate')
        expect(store.getGroup('g1')?.name).toBe('Group g1')
        expect(store.listGroups()).toHaveLength(1)
      })
    })

    describe('documents', () => {
      beforeEach(() => store.createGroup(group('g1')))

      it('[S6] creates a document whose initial state is its snapshot and whose log is empty', () => {
        const initial = editOn(new Y.Doc(), 'hello')
        store.createDocument(docRecord('d1'), initial)
        expect(store.getDocument('d1')).toEqual(docRecord('d1'))
        expect(store.getDocument('d2')).toBeNull()
        const history = store.loadHistory('d1')
        expect(history.logLength).toBe(0)
        expect(history.updates.map((u) => [...u])).toEqual([[...initial]])
        expect(textOfHistory(history.updates)).toBe('hello')
      })

      it('[S6] lists documents ordered by creation time, then id', () => {
        store.createDocument(docRecord('d-b', 'g1', '2026-02-01T00:00:00.000Z'), bytes(0, 0))
        store.createDocument(docRecord('d-c', 'g1', '2026-01-01T00:00:00.000Z'), bytes(0, 0))
        store.createDocument(docRecord('d-a', 'g1', '2026-02-01T00:00:00.000Z'), bytes(0, 0))
        expect(store.listDocuments().map((d) => d.id)).toEqual(['d-c', 'd-a', 'd-b'])
      })

      it('[S6] refuses a duplicate document id with StoreError(duplicate) and keeps the first state', () => {
        store.createDocument(docRecord('d1'), editOn(new Y.Doc(), 'first'))
        const err = captureError(() => store.createDocument({ ...docRecord('d1'), title: 'Other' }, editOn(new Y.Doc(), 'second')))
        expect(err).toBeInstanceOf(StoreError)
        expect((err as StoreError).reason).toBe('duplicate')
        expect(store.getDocument('d1')?.title).toBe('Document d1')
        expect(textOfHistory(store.loadHistory('d1').updates)).toBe('first')
      })

      it('[S6] refuses a document in an unknown group with StoreError(not-found) and stores nothing', () => {
        const err = captureError(() => store.createDocument(docRecord('d1', 'no-such-group'), bytes(0, 0)))
        expect(err).toBeInstanceOf(StoreError)
        expect((err as StoreError).reason).toBe('not-found')
        expect(store.getDocument('d1')).toBeNull()
        expect(store.listDocuments()).toEqual([])
      })
    })

    describe('history', () => {
      let ydoc: Y.Doc
      beforeEach(() => {
        store.createGroup(group('g1'))
        ydoc = new Y.Doc()
        store.createDocument(docRecord('d1'), editOn(ydoc, 'a'))
        store.createDocument(docRecord('d2'), bytes(0, 0))
      })

      it('[S5] loadHistory returns the snapshot first, then the log in append order', () => {
        const u1 = editOn(ydoc, 'b')
        const u2 = editOn(ydoc, 'c')
        const u3 = editOn(ydoc, 'd')
        store.appendUpdates([{ docId: 'd1', update: u1 }])
        store.appendUpdates([
          { docId: 'd1', update: u2 },
          { docId: 'd1', update: u3 },
        ])
        const history = store.loadHistory('d1')
        expect(history.logLength).toBe(3)
        expect(history.updates.slice(1).map((u) => [...u])).toEqual([[...u1], [...u2], [...u3]])
        expect(textOfHistory(history.updates)).toBe('abcd')
      })

      it('[S6] keeps the logs of documents apart and stores an empty batch as nothing', () => {
        store.appendUpdates([])
        store.appendUpdates([
          { docId: 'd2', update: bytes(0, 0) },
          { docId: 'd1', update: editOn(ydoc, 'b') },
          { docId: 'd2', update: bytes(0, 0) },
        ])
        expect(store.loadHistory('d1').logLength).toBe(1)
        expect(store.loadHistory('d2').logLength).toBe(2)
        expect(store.loadHistory('unknown')).toEqual({ updates: [], logLength: 0, clientOwners: new Map() })
      })

      it('[S6] stores a copy: changing the caller\'s bytes afterwards changes nothing', () => {
        const update = editOn(ydoc, 'b')
        const original = [...update]
        store.appendUpdates([{ docId: 'd1', update }])
        update.fill(0)
        expect([...store.loadHistory('d1').updates[1]!]).toEqual(original)
      })

      it('[S6] appendUpdates is atomic: a batch with one entry for an unknown document stores none of it', () => {
        const before = editOn(ydoc, 'b')
        store.appendUpdates([{ docId: 'd1', update: before }])
        expect(() =>
          store.appendUpdates([
            { docId: 'd1', update: editOn(ydoc, 'c') },
            { docId: 'd2', update: bytes(0, 0) },
            { docId: 'missing', update: bytes(0, 0) },
            { docId: 'd1', update: editOn(ydoc, 'd') },
          ]),
        ).toThrow()
        expect(store.loadHistory('d1').logLength).toBe(1)
        expect(store.loadHistory('d2').logLength).toBe(0)
        expect(textOfHistory(store.loadHistory('d1').updates)).toBe('ab')
        // The store still works after the refused batch.
        store.appendUpdates([{ docId: 'd2', update: bytes(0, 0) }])
        expect(store.loadHistory('d2').logLength).toBe(1)
      })

      it('[S6] compact of an unknown document throws and creates nothing', () => {
        expect(() => store.compact('missing', Y.encodeStateAsUpdate(ydoc))).toThrow()
        expect(store.loadHistory('missing')).toEqual({ updates: [], logLength: 0, clientOwners: new Map() })
        expect(store.getDocument('missing')).toBeNull()
      })

      it('[S4] compact replaces snapshot and log by one snapshot; later appends follow it', () => {
        store.appendUpdates([{ docId: 'd1', update: editOn(ydoc, 'b') }])
        store.appendUpdates([{ docId: 'd1', update: editOn(ydoc, 'c') }])
        store.appendUpdates([{ docId: 'd2', update: bytes(0, 0) }])
        const snapshot = Y.encodeStateAsUpdate(ydoc)
        store.compact('d1', snapshot)
        let history = store.loadHistory('d1')
        expect(history.logLength).toBe(0)
        expect(history.updates.map((u) => [...u])).toEqual([[...snapshot]])
        expect(store.loadHistory('d2').logLength).toBe(1) // another document's log is untouched

        const later = editOn(ydoc, 'd')
        store.appendUpdates([{ docId: 'd1', update: later }])
        history = store.loadHistory('d1')
        expect(history.logLength).toBe(1)
        expect(history.updates.map((u) => [...u])).toEqual([[...snapshot], [...later]])
        expect(textOfHistory(history.updates)).toBe('abcd')
      })
    })

    runRecordsContract(makeStore)
  })
}

function captureError(fn: () => void): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected the call to throw')
}
