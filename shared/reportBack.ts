/**
 * Bringing a break-out's result back into plenary (SPEC B5, B6), as pure rules the server's
 * command and the chair's page both call. Per paragraph it compares three texts: as the break-out
 * started (its seed), as the break-out submitted it, and as plenary holds it now; the chair takes
 * the break-out's text, keeps plenary's, or keeps both as whole-paragraph alternatives (Option 1,
 * plenary's; Option 2, the break-out's; each with its sponsors). Where both changed a paragraph
 * there is no default: the chair sees both and decides. New paragraphs come in where the
 * break-out placed them. The plan is a list of steps the server writes under its own origin.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { schema } from './schema.ts'
import { may, type DocumentRole } from './roles.ts'
import { newId } from './ids.ts'

export type ReportChoice = 'take' | 'keep' | 'both'

/** How a paragraph of the break-out stands between its three texts. */
export type ReportChange =
  /** Nobody changed it. */
  | 'unchanged'
  /** The break-out changed it, plenary did not. */
  | 'breakout'
  /** Plenary changed it meanwhile, the break-out did not. */
  | 'plenary'
  /** Both changed it: the chair decides. */
  | 'both'
  /** The break-out added it. */
  | 'new'
  /** The break-out removed it. */
  | 'removed'
  /** Plenary removed it meanwhile (or locked it): it stays as plenary has it. */
  | 'gone'

export interface ReportRow {
  paragraphId: string
  change: ReportChange
  start: PMNode | null
  result: PMNode | null
  now: PMNode | null
  /** The facilitator marked it agreed in the break-out: it comes in as proposed, marked so. */
  agreedInBreakout: boolean
  /** What happens without a choice (null: the chair must choose). */
  byDefault: ReportChoice | null
  /** For a new paragraph: the topic it goes in, and the paragraph it follows (null: first). */
  place?: { topicId: string; after: string | null }
}

/** A break-out's result as submitted (`meta.breakoutResults`): its text and what it agreed. */
export interface SubmittedResult {
  number: number
  submittedAt: string
  /** The break-out document's text as ProseMirror JSON. */
  content: unknown
  agreed: string[]
}

/** The paragraphs of `doc` by id, with their topic (null in the annex). */
function paragraphsOf(doc: PMNode): Map<string, { node: PMNode; topicId: string | null }> {
  const out = new Map<string, { node: PMNode; topicId: string | null }>()
  doc.forEach((section) => {
    const topicId = section.type.name === 'topic' ? (section.attrs.id as string) : null
    section.forEach((child) => {
      if (child.type.name === 'recommendation') out.set(child.attrs.id as string, { node: child, topicId })
    })
  })
  return out
}

/**
 * B5: the rows of the three-way view, in the break-out's order (its paragraphs as submitted, then
 * the ones it removed). `lockedNow` tells a paragraph plenary has locked meanwhile.
 */
export function reportRows(start: PMNode, result: PMNode, resultAgreed: ReadonlySet<string>, now: PMNode, lockedNow: (id: string) => boolean): ReportRow[] {
  const s = paragraphsOf(start)
  const r = paragraphsOf(result)
  const n = paragraphsOf(now)
  const rows: ReportRow[] = []
  const row = (id: string, change: ReportChange, byDefault: ReportChoice | null, place?: ReportRow['place']): ReportRow => ({
    paragraphId: id,
    change,
    start: s.get(id)?.node ?? null,
    result: r.get(id)?.node ?? null,
    now: n.get(id)?.node ?? null,
    agreedInBreakout: resultAgreed.has(id),
    byDefault,
    ...(place ? { place } : {}),
  })
  result.forEach((section) => {
    if (section.type.name !== 'topic') return
    let previous: string | null = null
    section.forEach((child) => {
      if (child.type.name !== 'recommendation') return
      const id = child.attrs.id as string
      const was = s.get(id)?.node
      const is = n.get(id)?.node
      if (!was) rows.push(row(id, 'new', 'take', { topicId: section.attrs.id as string, after: previous }))
      else if (!is || lockedNow(id)) rows.push(row(id, 'gone', 'keep'))
      else {
        const inBreakout = !child.eq(was)
        const inPlenary = !is.eq(was)
        rows.push(row(id, inBreakout && inPlenary ? 'both' : inBreakout ? 'breakout' : inPlenary ? 'plenary' : 'unchanged', inBreakout && inPlenary ? null : inBreakout ? 'take' : 'keep'))
      }
      previous = id
    })
  })
  for (const [id, was] of s) {
    if (r.has(id)) continue
    const is = n.get(id)?.node
    if (!is || lockedNow(id)) rows.push(row(id, 'gone', 'keep'))
    // Removed in the break-out: taken when plenary left it as it was, else the chair decides.
    else rows.push(row(id, 'removed', is.eq(was.node) ? 'take' : null))
  }
  return rows
}

/** One write of the plan, in order. */
export type ReportStep =
  | { kind: 'replace'; paragraphId: string; node: PMNode }
  | { kind: 'insert'; topicId: string; after: string | null; node: PMNode }
  | { kind: 'remove'; paragraphId: string }

export type ReportDecision =
  | { ok: true; steps: ReportStep[]; produced: string[]; agreed: string[] }
  | { ok: false; refusal: 'forbidden' | 'invalid' | 'conflict'; reason: string }

/**
 * B6: what bringing the rows in with `choices` writes, or why not. A conflict without a choice is
 * refused by its number ("B.3 was changed in plenary and in the break-out: choose ..."); a choice
 * for a paragraph plenary removed or locked meanwhile is refused too. Agreed text of the
 * break-out comes in as proposed (nothing of plenary's status is written), and is reported as
 * `agreed` so plenary can mark it.
 */
export function decideReport(
  role: DocumentRole,
  rows: readonly ReportRow[],
  choices: Readonly<Record<string, ReportChoice>>,
  labelOf: (id: string) => string,
  breakoutNumber: number,
): ReportDecision {
  if (!may(role, 'runBreakouts')) return { ok: false, refusal: 'forbidden', reason: "only the chair, or the secretariat on the chair's behalf, brings a break-out's result into plenary" }
  const known = new Set(rows.map((r) => r.paragraphId))
  for (const id of Object.keys(choices)) if (!known.has(id)) return { ok: false, refusal: 'invalid', reason: `no paragraph ${id} in break-out group ${breakoutNumber}'s result` }
  const steps: ReportStep[] = []
  const produced: string[] = []
  const agreed: string[] = []
  for (const row of rows) {
    const choice = choices[row.paragraphId] ?? row.byDefault
    const label = row.now ? labelOf(row.paragraphId) : 'a paragraph'
    if (choice === null) {
      const what = row.change === 'removed' ? 'changed in plenary and removed in the break-out' : 'changed in plenary and in the break-out'
      return { ok: false, refusal: 'conflict', reason: `${label} was ${what}: choose the break-out's text, plenary's, or both` }
    }
    if (row.change === 'gone' && choice !== 'keep') {
      return { ok: false, refusal: 'conflict', reason: `${label} was removed or locked in plenary meanwhile: it stays as plenary has it` }
    }
    if (row.change === 'new') {
      if (choice === 'keep') continue
      // A new paragraph that names a plenary paragraph the break-out was not given (written there
      // by hand, or by a hostile client) comes in under an id of its own: nothing in plenary is
      // written through a break-out but what was sent to it.
      const node = row.now ? row.result!.type.create({ ...row.result!.attrs, id: newId('r') }, row.result!.content) : row.result!
      steps.push({ kind: 'insert', topicId: row.place!.topicId, after: row.place!.after, node })
      produced.push(node.attrs.id as string)
      if (row.agreedInBreakout && !row.now) agreed.push(row.paragraphId)
      continue
    }
    if (choice === 'keep' || row.change === 'unchanged' || row.change === 'gone') continue
    if (row.change === 'removed') {
      if (choice === 'take') steps.push({ kind: 'remove', paragraphId: row.paragraphId })
      else return { ok: false, refusal: 'invalid', reason: `${label} was removed in the break-out: take that, or keep plenary's` }
      continue
    }
    const node = choice === 'take' ? row.result! : bothAsOptions(row.now!, row.result!)
    steps.push({ kind: 'replace', paragraphId: row.paragraphId, node })
    produced.push(row.paragraphId)
    if (row.agreedInBreakout && choice === 'take') agreed.push(row.paragraphId)
  }
  return { ok: true, steps, produced, agreed }
}

/**
 * Plenary's text and the break-out's as whole-paragraph alternatives (D4): Option 1 plenary's, with
 * its sponsors, Option 2 the break-out's, with its sponsors; the paragraph keeps its id and is
 * sponsored by both.
 */
export function bothAsOptions(plenary: PMNode, breakout: PMNode): PMNode {
  const sponsorsOf = (n: PMNode): string[] => (n.attrs.sponsors as string[]) ?? []
  const sponsors = [...new Set([...sponsorsOf(plenary), ...sponsorsOf(breakout)])]
  const option = (n: PMNode) => schema.nodes.option!.create({ sponsors: sponsorsOf(n) }, n.content)
  const group = schema.nodes.alternatives!.create({ id: newId('a'), form: 'paragraph' }, [option(plenary), option(breakout)])
  return schema.nodes.recommendation!.createChecked({ id: plenary.attrs.id, sponsors }, [group])
}

/** Where plenary's meta keeps a break-out's seed (its text at the start, ProseMirror JSON). */
export const startKey = (breakoutId: string): string => `breakoutStart:${breakoutId}`
/** Where plenary's meta keeps a break-out's submitted results, oldest first. */
export const resultsKey = (breakoutId: string): string => `breakoutResults:${breakoutId}`

/** The results a plenary records for a break-out (never trusted blindly); [] if none. */
export function readResults(value: unknown): SubmittedResult[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (r): r is SubmittedResult =>
      typeof r === 'object' && r !== null && typeof r.number === 'number' && typeof r.submittedAt === 'string' && Array.isArray(r.agreed) && typeof r.content === 'object',
  )
}
