/**
 * The honest-editing soak (issue 14; SPEC R4, R5, R12, D9): members edit the demo document at
 * once through the real editor in Chromium, with the keyboard as a person does (typing, Backspace,
 * Delete, Enter anywhere, including inside brackets, joins, selections by word and by character
 * that reach across headings, paste, undo and redo, the drafting shortcuts and the amendment
 * dialog), while the chair agrees and reopens the paragraphs under their cursors. It counts every
 * refusal the server makes and sorts it: a true lock race is a refusal for a paragraph the chair
 * locked moments before (the person's wording is kept beside it); anything else fails the soak,
 * and so does a page error or a page that does not end as the server's document.
 *
 * Not part of `npm test`: `npm run soak:honest` (SOAK_OPS=10000 by default; SEED=<n> replays the
 * choice of operations, not their timing, which the machine decides). Figures: docs/RELIABILITY.md.
 */
import { describe, expect, it } from 'vitest'
import * as prng from 'lib0/prng'
import type { Page } from 'playwright-core'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { newParticipant, openDocument, useServerAndBrowser } from '../test/browser/harness.ts'
import { schema } from '../shared/schema.ts'
import { consensusOf, textOf } from '../shared/ydoc.ts'
import { hasBrackets, isLocked, readConsensusEntry } from '../shared/consensus.ts'
import { paragraphLabels } from '../shared/numbering.ts'

const DOC = 'wgec-rolling'
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31))
const OPS = Number(process.env.SOAK_OPS ?? 10_000)
const MEMBERS = ['Kenya', 'Japan', 'Brazil']
/** A refusal this soon after the chair locked its paragraph is a race with the lock. */
const RACE_WINDOW_MS = 5_000
/** The document's size, in paragraphs, that a run keeps to (the demo starts with 19). */
const MAX_PARAGRAPHS = 60
const WORDS = ['shall', 'should', ' and ', 'stakeholders', ' the ', 'inclusive', ', ', 'Internet', ' capacity ', 'é', '«»', 'نص', '交流']

const env = useServerAndBrowser()

/** One kind of honest operation, with its weight in the mix. */
const KINDS = [
  ['type', 26],
  ['backspace', 9],
  ['delete', 5],
  ['enter', 8],
  ['join', 5],
  ['select-and-type', 8],
  ['select-and-delete', 7],
  ['paste', 6],
  ['paste-lines', 2],
  ['undo', 6],
  ['redo', 2],
  ['bracket', 5],
  ['delete-proposal', 3],
  ['amend', 3],
  ['propose', 3],
  ['cosponsor', 2],
] as const
type Kind = (typeof KINDS)[number][0]
const TOTAL_WEIGHT = KINDS.reduce((s, [, w]) => s + w, 0)

function pickKind(gen: prng.PRNG): Kind {
  let roll = prng.uint32(gen, 0, TOTAL_WEIGHT - 1)
  for (const [kind, weight] of KINDS) {
    if (roll < weight) return kind
    roll -= weight
  }
  return 'type'
}

/**
 * Puts the caret where a click would: at `a` through the paragraphs (locked ones too: a person
 * clicks anywhere), `b` through its text; at its start with `start`. In the page.
 */
function placeCaret(arg: { a: number; b: number; start: boolean }): string | null {
  const view = window.accord?.editor()?.view
  if (!view) return null
  const recs: { pos: number; size: number; id: string }[] = []
  view.state.doc.descendants((node, pos) => {
    if (node.type.name === 'recommendation') {
      recs.push({ pos, size: node.nodeSize, id: String(node.attrs.id) })
      return false
    }
    return true
  })
  const rec = recs[Math.floor(arg.a * recs.length)]
  if (!rec) return null
  const Sel = view.state.selection.constructor as unknown as {
    near(pos: unknown): unknown
  }
  const at = arg.start ? rec.pos + 1 : rec.pos + 1 + Math.floor(arg.b * (rec.size - 2))
  view.focus()
  view.dispatch(view.state.tr.setSelection(Sel.near(view.state.doc.resolve(at)) as never).scrollIntoView())
  const $head = view.state.selection.$head
  const path: string[] = []
  for (let d = 1; d <= $head.depth; d++) path.push($head.node(d).type.name)
  return `${rec.id} ${path.join('>')}@${$head.parentOffset}`
}

/** The paragraph the caret stands in, on a page. */
function caretParagraph(): string | null {
  const $head = window.accord?.editor()?.view.state.selection.$head
  if (!$head) return null
  for (let d = $head.depth; d > 0; d--) if ($head.node(d).type.name === 'recommendation') return String($head.node(d).attrs.id)
  return null
}

/** A paste as the browser delivers it (a ClipboardEvent carrying text/plain). */
function pasteText(text: string): void {
  const editor = document.querySelector('.ProseMirror')
  if (!editor) return
  const data = new DataTransfer()
  data.setData('text/plain', text)
  editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
}

interface Tally {
  /** Operations chosen, whatever became of them. */
  attempts: number
  ops: Record<string, number>
  /** Operations chosen while the page was reloading (nothing to do them in). */
  skipped: number
  reloads: number
  keptAfterReload: number
}

/** One honest operation by the person on `page`; returns what it was, for the journal. */
async function operate(page: Page, gen: prng.PRNG, tally: Tally): Promise<string> {
  let kind = pickKind(gen)
  // Counted as chosen, before anything can fail at a reload (the count check wants every one).
  tally.attempts++
  // A long run keeps the document the size of a real one: past MAX_PARAGRAPHS, what would add a
  // paragraph joins two instead (otherwise every key costs more as the text grows without end).
  if (kind === 'enter' || kind === 'propose' || kind === 'paste-lines') {
    const count = await page.evaluate(() => document.querySelectorAll('.ProseMirror .recommendation').length)
    if (count > MAX_PARAGRAPHS) kind = 'join'
  }
  tally.ops[kind] = (tally.ops[kind] ?? 0) + 1
  const word = prng.oneOf(gen, WORDS)
  const times = prng.uint32(gen, 1, 3)
  const where = await page.evaluate(placeCaret, { a: prng.real53(gen), b: prng.real53(gen), start: kind === 'join' })
  const what = `${kind} ×${times} "${word}" at ${where}`
  if (where === null) {
    tally.skipped++
    return what
  }
  const kb = page.keyboard
  const selectSome = async (): Promise<void> => {
    const byWord = prng.bool(gen)
    const back = prng.real53(gen) < 0.3
    for (let i = 0; i < times; i++) await kb.press(`Shift+${byWord ? 'Control+' : ''}${back ? 'ArrowLeft' : 'ArrowRight'}`)
  }
  switch (kind) {
    case 'type':
      await kb.type(word)
      break
    case 'backspace':
    case 'join':
      for (let i = 0; i < (kind === 'join' ? 1 : times); i++) await kb.press('Backspace')
      break
    case 'delete':
      for (let i = 0; i < times; i++) await kb.press('Delete')
      break
    case 'enter':
      await kb.press('Enter')
      if (prng.bool(gen)) await kb.type(word)
      break
    case 'select-and-type':
      await selectSome()
      await kb.type(word)
      break
    case 'select-and-delete':
      await selectSome()
      await kb.press(prng.bool(gen) ? 'Backspace' : 'Delete')
      break
    case 'paste':
      await page.evaluate(pasteText, word)
      break
    case 'paste-lines':
      await page.evaluate(pasteText, `${word}\n${prng.oneOf(gen, WORDS)}`)
      break
    case 'undo':
      for (let i = 0; i < times; i++) await kb.press('Control+z')
      break
    case 'redo':
      await kb.press('Control+y')
      break
    case 'bracket':
    case 'delete-proposal':
      await selectSome()
      await kb.press(kind === 'bracket' ? 'Control+Alt+b' : 'Control+Alt+d')
      break
    case 'amend': {
      await selectSome()
      await kb.press('Control+Alt+m')
      const dialog = page.locator('dialog.ask-text[open]')
      if (await dialog.count()) {
        await dialog.locator('textarea').fill(word.trim() || 'shall')
        await dialog.locator('button[value="ok"]').click()
      }
      break
    }
    case 'propose':
      await kb.press('Control+Alt+n')
      await kb.type(word)
      break
    case 'cosponsor':
      await kb.press('Control+Alt+s')
      break
  }
  return what
}

const serverJson = (): string => {
  const room = env.server.server.collab.rooms.get(DOC)
  return room ? JSON.stringify(yXmlFragmentToProseMirrorRootNode(textOf(room.doc), schema).toJSON()) : ''
}
const pageJson = (page: Page): Promise<string> =>
  page.evaluate(() => JSON.stringify(window.accord?.editor()?.view.state.doc.toJSON() ?? null))
const editorReady = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => window.accord?.editor() && document.querySelector('.connection')?.getAttribute('data-status') === 'connected', null, { timeout: 30_000 })

interface Lock {
  id: string
  /** Every number the paragraph had in the moments after its lock (numbers move as others edit). */
  labels: Set<string>
  at: number
}

describe('the honest-editing soak', () => {
  it(`[R4][R5][R12][D9] ${OPS} honest operations by ${MEMBERS.length} members while the chair locks under their cursors: no refusal but lock races, no divergence (SEED=${SEED})`, async () => {
    console.log(`SEED=${SEED} OPS=${OPS}`)
    const started = Date.now()
    const gen = prng.create(SEED)
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Chair', 'Mexico (Chair)')
    const members = await Promise.all(MEMBERS.map((d) => newParticipant(env.browser, env.server, 'member', `Delegate of ${d}`, d)))
    const people = [chair, ...members]
    for (const p of people) p.page.on('pageerror', (err) => console.error(`[${p.member.delegation}] ${err.stack ?? err.message}`))
    for (const p of people) await openDocument(p.page, DOC)
    for (const p of people) await editorReady(p.page)

    // Each member's own generator, drawn from the seed, so their choices replay whatever the timing.
    const gens = members.map(() => prng.create(prng.uint32(gen, 0, 2 ** 31)))
    const tallies: Tally[] = members.map(() => ({ attempts: 0, ops: {}, skipped: 0, reloads: 0, keptAfterReload: 0 }))
    const locks: Lock[] = []
    let done = false

    const memberLoop = async (k: number): Promise<void> => {
      const { page } = members[k]!
      let loads = 0
      page.on('load', () => void loads++)
      const journal: string[] = []
      for (let i = 0; i < Math.ceil(OPS / members.length); i++) {
        const before = loads
        try {
          // A watchdog: an operation that has not ended in a minute says which it was.
          let timer: ReturnType<typeof setTimeout> | undefined
          const hung = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${MEMBERS[k]}'s operation ${i + 1} hung; before it: ${journal.join(' | ')}`)), 60_000)
          })
          journal.push(await Promise.race([operate(page, gens[k]!, tallies[k]!), hung]).finally(() => clearTimeout(timer)))
          if (i % 500 === 499) console.log(`${MEMBERS[k]}: ${i + 1} operations, ${Math.round((Date.now() - started) / 1000)} s`)
          if (journal.length > 6) journal.shift()
        } catch (err) {
          if (loads === before && !/context was destroyed|navigation|Target closed/i.test((err as Error).message)) {
            const reasons = env.server.server.store.listQuarantine(DOC).map((q) => q.reason)
            throw new Error(`${(err as Error).message}; refusals with SEED=${SEED}: ${JSON.stringify(reasons)}`)
          }
        }
        if (loads !== before) {
          // A refusal reloaded the page: the person is told, and their wording is kept.
          tallies[k]!.reloads++
          await editorReady(page)
          // What the page says, unless a key still in flight when it reloaded said something since.
          const kept = await page.evaluate(() => document.querySelector('.notice[role="alert"]')?.textContent ?? '')
          if (/Your wording is kept/.test(kept)) tallies[k]!.keptAfterReload++
          console.log(`[${MEMBERS[k]}] reloaded after: ${journal.join(' | ')}\n  told: ${kept}`)
        }
      }
    }

    // The chair agrees the clean paragraph under a member's cursor, or reopens what is locked.
    const chairGen = prng.create(prng.uint32(gen, 0, 2 ** 31))
    const chairLoop = async (): Promise<void> => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 300 + prng.uint32(chairGen, 0, 900)))
        if (done) break
        const target = members[prng.uint32(chairGen, 0, members.length - 1)]!
        const under = await target.page.evaluate(caretParagraph).catch(() => null)
        const room = env.server.server.collab.rooms.get(DOC)
        if (!room || !under) continue
        const consensus = consensusOf(room.doc)
        const entry = readConsensusEntry(consensus.get(under))
        const locked = [...consensus.keys()].filter((id) => isLocked(readConsensusEntry(consensus.get(id))))
        let id = under
        let action: 'agree' | 'reopen'
        if (isLocked(entry)) action = 'reopen'
        else if (locked.length >= 6) {
          id = prng.oneOf(chairGen, locked)
          action = 'reopen'
        } else {
          const doc = yXmlFragmentToProseMirrorRootNode(textOf(room.doc), schema)
          let clean = false
          doc.descendants((node) => {
            if (node.type.name === 'recommendation' && node.attrs.id === under) clean = !hasBrackets(node) && node.textContent.length > 0
            return !clean
          })
          if (!clean) continue
          action = 'agree'
        }
        if (entry?.status === 'annex') continue
        const label = paragraphLabels(room.doc).get(id) ?? id
        const at = Date.now()
        const status = await chair.page
          .evaluate(
            async ({ id, action }) =>
              (await fetch(`/api/documents/wgec-rolling/paragraphs/${encodeURIComponent(id)}/status`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ action }),
              })).status,
            { id, action },
          )
          .catch(() => 0)
        if (status === 200 && action === 'agree') locks.push({ id, labels: new Set([label]), at })
      }
    }

    // The numbers of the paragraphs locked in the last moments, as they move: a refusal names one.
    const numbering = setInterval(() => {
      const room = env.server.server.collab.rooms.get(DOC)
      const recent = locks.filter((l) => Date.now() - l.at <= RACE_WINDOW_MS)
      if (!room || recent.length === 0) return
      const labels = paragraphLabels(room.doc)
      for (const l of recent) {
        const label = labels.get(l.id)
        if (label) l.labels.add(label)
      }
    }, 100)
    const chairRun = chairLoop()
    await Promise.all(members.map((_, k) => memberLoop(k)))
    done = true
    await chairRun
    clearInterval(numbering)

    // Everyone ends as the server's document.
    for (const p of people) await editorReady(p.page)
    const deadline = Date.now() + 30_000
    let same = false
    while (!same && Date.now() < deadline) {
      const expected = serverJson()
      same = (await Promise.all(people.map((p) => pageJson(p.page)))).every((j) => j === expected)
      if (!same) await new Promise((r) => setTimeout(r, 200))
    }

    // Every refusal, sorted: a race with a lock, or a false rejection.
    const refusals = env.server.server.store.listQuarantine(DOC, 100_000)
    const races: string[] = []
    const falseRejections: string[] = []
    for (const q of refusals) {
      const label = /(\S+) is (?:agreed|agreed ad referendum) and locked/.exec(q.reason)?.[1]
      const at = new Date(q.at).getTime()
      const race = label && locks.some((l) => l.labels.has(label) && at >= l.at - 1_000 && at - l.at <= RACE_WINDOW_MS)
      ;(race ? races : falseRejections).push(`${q.memberId}: ${q.reason}`)
    }
    const ops: Record<string, number> = {}
    for (const t of tallies) for (const [k, n] of Object.entries(t.ops)) ops[k] = (ops[k] ?? 0) + n
    const total = tallies.reduce((s, t) => s + t.attempts, 0)
    const reloads = tallies.reduce((s, t) => s + t.reloads, 0)
    const kept = tallies.reduce((s, t) => s + t.keptAfterReload, 0)
    const pageErrors = people.flatMap((p) => p.pageErrors)
    console.log(
      JSON.stringify(
        {
          seed: SEED,
          operations: total,
          skippedWhileReloading: tallies.reduce((s, t) => s + t.skipped, 0),
          byKind: ops,
          locks: locks.length,
          refusals: refusals.length,
          lockRaces: races.length,
          falseRejections: falseRejections.length,
          reloads,
          toldWordingKept: kept,
          pageErrors: pageErrors.length,
          converged: same,
          minutes: Math.round((Date.now() - started) / 600) / 100,
        },
        null,
        2,
      ),
    )
    expect(falseRejections, `false rejections with SEED=${SEED}`).toEqual([])
    expect(pageErrors, `page errors with SEED=${SEED}`).toEqual([])
    expect(same, `divergence with SEED=${SEED}`).toBe(true)
    expect(total).toBeGreaterThanOrEqual(OPS)
    // Every reload was a refusal's: the page reloads for nothing else here.
    expect(reloads).toBe(refusals.length)
    for (const p of people) await p.context.close()
  })
})
