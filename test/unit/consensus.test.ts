import { describe, expect, it } from 'vitest'
import {
  STATUS_LABEL,
  displayStatus,
  hasBrackets,
  isLocked,
  isStoredStatus,
  readConsensusEntry,
  type ConsensusEntry,
} from '../../shared/consensus.ts'
import { demoConsensus, demoContent } from '../../server/demo/demoDocument.ts'
import { alternatives, bracket, findById, option, rec } from '../helpers/docBuilders.ts'

describe('stored statuses', () => {
  it('[C1] the stored status is one of proposed, adRef, agreed or annex', () => {
    for (const status of ['proposed', 'adRef', 'agreed', 'annex']) {
      expect(isStoredStatus(status), status).toBe(true)
      expect(readConsensusEntry({ status }), status).toEqual({ status })
    }
    // Under negotiation is derived from the text (C3), never stored; nor is anything else.
    for (const s of ['bracketed', 'Agreed', '', 'done', null, undefined, 1, {}]) expect(isStoredStatus(s)).toBe(false)
  })

  it('[C1][C3] every status a reader can meet reads differently, in words', () => {
    const plain = rec('r1', ['text'])
    const shown = [
      displayStatus(plain, null),
      displayStatus(rec('r2', [bracket('b1', ['x'])]), null),
      ...(['adRef', 'agreed', 'annex'] as const).map((status) => displayStatus(plain, { status })),
    ]
    expect(new Set(shown).size).toBe(shown.length)
    // The status panel shows them in lower case: no two may read alike there either.
    const words = shown.map((s) => STATUS_LABEL[s].trim().toLowerCase())
    for (const w of words) expect(w).not.toBe('')
    expect(new Set(words).size).toBe(words.length)
    expect(STATUS_LABEL[shown[1]!]).toMatch(/under negotiation/i)
  })
})

describe('reading consensus entries', () => {
  it('[C6] a malformed entry reads as no entry', () => {
    const malformed: unknown[] = [null, undefined, 'agreed', 42, [], {}, { status: 'done' }, { status: 'bracketed' }, { status: null }, { Status: 'agreed' }]
    for (const value of malformed) expect(readConsensusEntry(value), JSON.stringify(value)).toBeNull()
  })

  it('[C6] a well-formed entry reads as itself', () => {
    const entry: ConsensusEntry = { status: 'annex', at: '2026-01-01T00:00:00.000Z', views: ['Some members ...'], fromTopic: 't1' }
    expect(readConsensusEntry(entry)).toEqual(entry)
    expect(readConsensusEntry({ status: 'agreed' })).toEqual({ status: 'agreed' })
  })

  it('[C6] a malformed entry displays as proposed (or under negotiation), never locked', () => {
    const plain = rec('r1', ['text'])
    const entry = readConsensusEntry({ status: 'agreeed' })
    expect(displayStatus(plain, entry)).toBe('proposed')
    expect(displayStatus(rec('r2', [bracket('b1', ['x'])]), entry)).toBe('bracketed')
    expect(isLocked(entry)).toBe(false)
  })
})

describe('display status', () => {
  const plain = rec('r1', ['Plain text'])
  const withBracket = rec('r2', ['a ', bracket('b1', ['b'])])
  const withAlternatives = rec('r3', ['States ', alternatives('a1', [option(['shall']), option(['should'])])])
  const withNested = rec('r4', [alternatives('a2', [option(['x ', bracket('b2', ['y'])]), option(['z'])])])

  it('[C3] hasBrackets finds brackets and alternatives, at any depth', () => {
    expect(hasBrackets(plain)).toBe(false)
    expect(hasBrackets(withBracket)).toBe(true)
    expect(hasBrackets(withAlternatives)).toBe(true)
    expect(hasBrackets(withNested)).toBe(true)
  })

  it('[C3] a proposed recommendation holding a bracket or alternatives is under negotiation', () => {
    expect(displayStatus(plain, null)).toBe('proposed')
    expect(displayStatus(plain, { status: 'proposed' })).toBe('proposed')
    expect(displayStatus(withBracket, null)).toBe('bracketed')
    expect(displayStatus(withAlternatives, { status: 'proposed' })).toBe('bracketed')
    expect(displayStatus(withNested, null)).toBe('bracketed')
  })

  it('[C3] a stored status other than proposed is shown as stored, brackets or not', () => {
    for (const status of ['adRef', 'agreed', 'annex'] as const) {
      expect(displayStatus(withBracket, { status })).toBe(status)
      expect(displayStatus(plain, { status })).toBe(status)
    }
  })

  it('[C4] agreed and ad-ref recommendations and points in the annex are locked; proposed and none are not', () => {
    expect(isLocked({ status: 'agreed' })).toBe(true)
    expect(isLocked({ status: 'adRef' })).toBe(true)
    expect(isLocked({ status: 'annex' })).toBe(true)
    expect(isLocked({ status: 'proposed' })).toBe(false)
    expect(isLocked(null)).toBe(false)
  })

  it('[C2][C3] the demo: statuses come from the consensus map, bracketed ones are derived', () => {
    const content = demoContent()
    const map = demoConsensus()
    const status = (id: string): string => displayStatus(findById(content, id).node, readConsensusEntry(map[id]))
    expect(status('r-demo-b1')).toBe('agreed')
    expect(status('r-demo-d1')).toBe('adRef')
    expect(status('r-demo-x1')).toBe('annex')
    expect(status('r-demo-a1')).toBe('bracketed') // alternatives, no entry
    expect(status('r-demo-b2')).toBe('bracketed') // nested brackets
    expect(status('r-demo-a2')).toBe('proposed')
    // Only server-decided statuses are stored: nothing derived.
    for (const entry of Object.values(map)) expect(isStoredStatus(entry.status)).toBe(true)
    expect(map['r-demo-x1']?.fromTopic).toBe('t-demo-a')
    expect(map['r-demo-x1']?.views?.length).toBeGreaterThan(0)
  })
})
