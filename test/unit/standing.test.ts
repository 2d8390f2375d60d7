/**
 * Where the group stands (SPEC C7), on the demo document and after changes.
 */
import { describe, expect, it } from 'vitest'
import { standing } from '../../shared/standing.ts'
import { numberDocument } from '../../shared/numbering.ts'
import { demoConsensus, demoContent } from '../../server/demo/demoDocument.ts'
import { readConsensusEntry, type ConsensusEntry } from '../../shared/consensus.ts'

const lookupOf = (entries: Record<string, ConsensusEntry>) => (id: string) => readConsensusEntry(entries[id])

describe('[C7] standing by topic', () => {
  const topics = standing(numberDocument(demoContent()), lookupOf(demoConsensus()))

  it('[C7] counts paragraphs by status per topic, the annex apart', () => {
    expect(topics.map((t) => t.letter)).toEqual(['A', 'B', 'C', 'D', 'E', 'Annex'])
    const b = topics[1]!
    expect(b.counts).toEqual({ proposed: 1, bracketed: 1, adRef: 0, agreed: 1, annex: 0 })
    expect(b.leftToAgree).toBe(2)
    expect(topics[3]!.counts.adRef).toBe(1)
    expect(topics[3]!.leftToAgree).toBe(2) // ad ref is not agreed yet
    expect(topics[5]!.counts.annex).toBe(1)
    expect(topics[5]!.leftToAgree).toBe(0)
  })

  it('[C7] counts open bracket groups (nested ones too) and the alternatives in them', () => {
    const a = topics[0]!
    // A.1 [shall/should], A.3 [..], A.4 [.. delete]
    expect(a.bracketGroups).toBe(3)
    expect(a.alternatives).toBe(2)
    // B.2 holds a bracket nested in a bracket
    expect(topics[1]!.bracketGroups).toBe(2)
  })

  it('[C7] lists each paragraph with its number, status and whether it is open, to jump to it', () => {
    const b3 = topics[1]!.paragraphs.find((p) => p.id === 'r-demo-b3')!
    expect(b3).toMatchObject({ label: 'B.3', status: 'proposed', open: true })
    expect(topics[1]!.paragraphs.find((p) => p.id === 'r-demo-b1')!.open).toBe(false)
    expect(b3.pos).toBeGreaterThan(0)
  })

  it('[C7] follows the consensus: agreeing B.3 leaves one paragraph to agree in topic B', () => {
    const after = standing(numberDocument(demoContent()), lookupOf({ ...demoConsensus(), 'r-demo-b3': { status: 'agreed' } }))
    expect(after[1]!.leftToAgree).toBe(1)
    expect(after[1]!.counts.agreed).toBe(2)
  })
})
