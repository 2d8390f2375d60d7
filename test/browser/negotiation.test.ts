/**
 * A negotiation in the browser, three screens at once (SPEC D2, D5, D7, D8, R3, R4, R13, C5, C7,
 * K1-K4): a member brackets words and proposes an alternative, a second member co-sponsors it, the
 * chair keeps that alternative and agrees the paragraph, and the members' editors lock it; the
 * chair moves a point to the annex with the differing views and restores it; the status panels
 * follow live on every screen; a comment thread follows its words, gets a reply and is resolved.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { caretAtEndOf, newParticipant, openDocument, recommendationText, selectText, useServerAndBrowser } from './harness.ts'
import { expectNoAxeViolations } from './a11y.ts'

const DOC = 'wgec-rolling'
const env = useServerAndBrowser()

const statusOf = (page: Page, id: string): Promise<string | null> => page.getAttribute(`.recommendation[data-id="${id}"]`, 'data-status')
const leftInTopic = (page: Page, letter: string): Promise<string | null> =>
  page.getAttribute(`.standing-topic[data-topic="${letter}"] .standing-left`, 'data-left')
/** How many open bracket groups the status panel counts in a topic (0 when it names none). */
const bracketGroups = async (page: Page, letter: string): Promise<number> => {
  const text = (await page.textContent(`.standing-topic[data-topic="${letter}"] .standing-counts`)) ?? ''
  return Number(/(\d+) bracket group/.exec(text)?.[1] ?? 0)
}
/** The words the comment highlights in a paragraph (a highlight may be cut by a bracket). */
const anchoredWords = (page: Page, id: string): Promise<string> =>
  page.$$eval(`.recommendation[data-id="${id}"] .comment-anchor`, (els) => els.map((e) => e.textContent).join(''))
const optionSponsors = (page: Page, id: string, n: number): Promise<string | null> =>
  page.locator(`.recommendation[data-id="${id}"] .option`).nth(n).getAttribute('data-sponsors')

describe('a negotiation in the browser', () => {
  it('[D5][D8][D7][R3][R4][C7] bracket and alternative, co-sponsor, the chair keeps one and agrees, the members are locked out', async () => {
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    const japan = await newParticipant(env.browser, env.server, 'member', 'Haruto Sato', 'Japan')
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Elena Ruiz', 'Mexico (Chair)')
    const pages = [kenya.page, japan.page, chair.page]
    for (const p of pages) await openDocument(p, DOC)
    const original = await recommendationText(kenya.page, 'r-demo-b3')
    await expect.poll(() => leftInTopic(japan.page, 'B')).toBe('2')
    const groupsBefore = await bracketGroups(japan.page, 'B')

    // Kenya brackets "published" and adds an alternative wording.
    await selectText(kenya.page, 'r-demo-b3', 'published')
    await kenya.page.click('.draft-action-bracket', { force: true })
    await selectText(kenya.page, 'r-demo-b3', 'published')
    await kenya.page.click('.draft-action-alternative', { force: true })
    await kenya.page.fill('dialog.ask-text textarea', 'made public')
    await kenya.page.click('dialog.ask-text button[value="ok"]', { force: true })
    for (const p of pages) {
      await expect.poll(() => statusOf(p, 'r-demo-b3')).toBe('bracketed')
      await expect.poll(() => bracketGroups(p, 'B')).toBe(groupsBefore + 1)
      await expect.poll(() => optionSponsors(p, 'r-demo-b3', 1)).toBe('Kenya')
    }
    // The two options side by side: "published" / "made public".
    await expect.poll(() => recommendationText(japan.page, 'r-demo-b3')).toBe(original.replace('published', 'publishedmade public'))

    // Japan co-sponsors Kenya's alternative: every screen names both.
    await selectText(japan.page, 'r-demo-b3', 'made public')
    await expect.poll(() => japan.page.textContent('.draft-action-sponsor')).toBe('Co-sponsor')
    await japan.page.click('.draft-action-sponsor', { force: true })
    for (const p of pages) await expect.poll(() => optionSponsors(p, 'r-demo-b3', 1)).toBe('Kenya|Japan')
    await expect.poll(() => japan.page.textContent('.draft-action-sponsor')).toBe('Withdraw sponsorship')

    // The chair keeps that alternative: the brackets go, the paragraph is clean; then agrees it.
    expect(await kenya.page.locator('.draft-action-choose').count()).toBe(0) // members do not clean
    await expect.poll(() => optionSponsors(chair.page, 'r-demo-b3', 1)).toBe('Kenya|Japan')
    await selectText(chair.page, 'r-demo-b3', 'made public')
    await chair.page.click('.draft-action-choose', { force: true })
    for (const p of pages) {
      await expect.poll(() => statusOf(p, 'r-demo-b3')).toBe('proposed')
      await expect.poll(() => bracketGroups(p, 'B')).toBe(groupsBefore)
    }
    const agreedText = original.replace('published', 'made public')
    expect(await recommendationText(japan.page, 'r-demo-b3')).toBe(agreedText)
    // By the keyboard: the shortcut runs the same command as the buttons (listed in the help panel).
    expect(await chair.page.textContent('.draft-help')).toContain('Ctrl+Alt+g')
    await expect.poll(() => chair.page.getAttribute('.draft-action-status-agree', 'aria-disabled')).toBe('false')
    await chair.page.keyboard.press('Control+Alt+g')
    for (const p of pages) {
      await expect.poll(() => statusOf(p, 'r-demo-b3')).toBe('agreed')
      await expect.poll(() => leftInTopic(p, 'B')).toBe('1')
    }

    // The members' editors show it locked, and typing in it changes nothing.
    for (const m of [kenya, japan]) {
      expect(await m.page.getAttribute('.recommendation[data-id="r-demo-b3"]', 'class')).toContain('locked')
      expect(await m.page.textContent('.recommendation[data-id="r-demo-b3"] .status-badge')).toContain('locked')
    }
    await caretAtEndOf(kenya.page, 'r-demo-b3')
    await kenya.page.keyboard.type(' Amended.')
    await expect.poll(() => kenya.page.textContent('.notice[role="alert"]')).toContain('B.3 is agreed and locked')
    expect(await recommendationText(kenya.page, 'r-demo-b3')).toBe(agreedText)
    expect(await recommendationText(chair.page, 'r-demo-b3')).toBe(agreedText)
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    // The chair's records say who did what (R10), in words.
    await chair.page.goto(`/documents/${DOC}/records`)
    await expect.poll(() => chair.page.textContent('table.audit')).toContain('Chair: Agree on B.3')
    expect(await chair.page.textContent('table.audit')).toMatch(/Haruto Sato \(Japan\)Japan joined the sponsors of option 2 of b-/)
    for (const c of [kenya, japan, chair]) await c.context.close()
  }, 90_000)

  it('[C5][C9][R3][C7] the chair moves a point to the annex with the differing views, then restores it; every screen follows, and the views stay in its history', async () => {
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    const chair = await newParticipant(env.browser, env.server, 'chair', 'Elena Ruiz', 'Mexico (Chair)')
    const observer = await newParticipant(env.browser, env.server, 'observer', 'Ines Laurent', 'Internet Society (observer)')
    const pages = [kenya.page, chair.page, observer.page]
    for (const p of pages) await openDocument(p, DOC)
    const text = await recommendationText(kenya.page, 'r-demo-c3')
    const leftBefore = Number(await leftInTopic(kenya.page, 'C'))

    await chair.page.click('.recommendation[data-id="r-demo-c3"] .chair-action-moveToAnnex', { force: true })
    await chair.page.fill('dialog.annex-dialog textarea[name="view1"]', 'Some members considered that meetings should rotate between regions.')
    await chair.page.fill('dialog.annex-dialog textarea[name="view2"]', 'Other members were of the view that the venue is for the host to decide.')
    await chair.page.click('dialog.annex-dialog button[value="ok"]', { force: true })
    for (const p of pages) {
      await expect.poll(() => statusOf(p, 'r-demo-c3')).toBe('annex')
      await expect.poll(() => p.locator('.annex .recommendation[data-id="r-demo-c3"]').count()).toBe(1)
      await expect
        .poll(() => p.textContent('.recommendation[data-id="r-demo-c3"] .annex-views'))
        .toContain('Some members considered that meetings should rotate between regions.')
      expect(await p.textContent('.recommendation[data-id="r-demo-c3"] .annex-views')).toContain('the venue is for the host to decide')
      await expect.poll(() => leftInTopic(p, 'C')).toBe(String(leftBefore - 1))
      await expect.poll(() => p.textContent('.standing-topic[data-topic="Annex"] .standing-counts')).toContain('2 no consensus (annex)')
      expect(await recommendationText(p, 'r-demo-c3')).toBe(text)
    }

    await chair.page.click('.recommendation[data-id="r-demo-c3"] .chair-action-restore', { force: true })
    for (const p of pages) {
      await expect.poll(() => statusOf(p, 'r-demo-c3')).toBe('proposed')
      await expect.poll(() => p.locator('.topic[data-id="t-demo-c"] .recommendation[data-id="r-demo-c3"]').count()).toBe(1)
      expect(await p.locator('.recommendation[data-id="r-demo-c3"] .annex-views').count()).toBe(0)
      await expect.poll(() => leftInTopic(p, 'C')).toBe(String(leftBefore))
      expect(await recommendationText(p, 'r-demo-c3')).toBe(text)
    }
    // C9: the views recorded stay in the paragraph's history, with who decided and when.
    await observer.page.click('.recommendation[data-id="r-demo-c3"] .history-toggle', { force: true })
    const history = observer.page.locator('dialog.history-dialog')
    await expect.poll(() => history.textContent()).toContain('History of C.3')
    expect(await history.textContent()).toMatch(/Move to annex, by Elena Ruiz.*the venue is for the host to decide.*Restore from annex, by Elena Ruiz/s)
    await expectNoAxeViolations(observer.page, 'the status history dialog')
    await history.getByRole('button', { name: 'Close' }).click()
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    for (const c of [kenya, chair, observer]) await c.context.close()
  })

  it('[K1][K2][K3][K4][K6] a comment on words follows them as the text changes; an observer replies; the author resolves it', async () => {
    const kenya = await newParticipant(env.browser, env.server, 'member', 'Amina Diallo', 'Kenya')
    const japan = await newParticipant(env.browser, env.server, 'member', 'Haruto Sato', 'Japan')
    const observer = await newParticipant(env.browser, env.server, 'observer', 'Ines Laurent', 'Internet Society (observer)')
    const pages = [kenya.page, japan.page, observer.page]
    for (const p of pages) await openDocument(p, DOC)

    await selectText(kenya.page, 'r-demo-a2', 'existing institutions')
    await kenya.page.click('.draft-action-comment', { force: true })
    await expect.poll(() => kenya.page.textContent('.comment-target')).toBe('On A.2: “existing institutions”')
    await kenya.page.fill('.comment-compose textarea', 'Which institutions? We would name the IGF and the ITU.')
    await kenya.page.click('.comment-compose button[type="submit"]', { force: true })
    for (const p of pages) {
      await expect.poll(() => p.locator('.comment-thread').count()).toBe(1)
      await expect.poll(() => p.textContent('.recommendation[data-id="r-demo-a2"] .comment-anchor')).toBe('existing institutions')
      expect(await p.textContent('.comment-thread .comment-place')).toBe('A.2 · “existing institutions”')
      expect(await p.textContent('.comment-thread .comment-author')).toBe('Amina Diallo (Kenya)')
      expect(await p.textContent('.recommendation[data-id="r-demo-a2"] .comment-toggle')).toBe('✎ 1 open comment')
    }

    // Japan edits before and inside the sentence: the thread stays on the same words.
    await japan.page.evaluate(() => {
      const view = window.accord!.editor()!.view
      let at = -1
      view.state.doc.descendants((node, pos) => {
        if (node.type.name === 'recommendation' && node.attrs.id === 'r-demo-a2') at = pos + 1
        return at < 0
      })
      view.dispatch(view.state.tr.insertText('Indeed, ', at))
    })
    await expect.poll(() => recommendationText(kenya.page, 'r-demo-a2')).toMatch(/^Indeed, /)
    await expect.poll(() => kenya.page.textContent('.recommendation[data-id="r-demo-a2"] .comment-anchor')).toBe('existing institutions')
    // Japan brackets the very words: they move into new text, and the thread finds them there.
    await selectText(japan.page, 'r-demo-a2', 'existing institutions')
    await japan.page.click('.draft-action-bracket', { force: true })
    await expect.poll(() => kenya.page.locator('.recommendation[data-id="r-demo-a2"] .bracket').count()).toBe(1)
    await expect.poll(() => anchoredWords(kenya.page, 'r-demo-a2')).toBe('existing institutions')
    expect(await kenya.page.textContent('.comment-thread .comment-place')).toBe('A.2 · “existing institutions”')

    // The observer replies; only the author (or the chair, the secretariat) may resolve.
    await observer.page.fill('.comment-thread .comment-reply textarea', 'The mapping of the correspondence group lists them.')
    await observer.page.press('.comment-thread .comment-reply textarea', 'Control+Enter') // the help panel's shortcut
    await expect.poll(() => kenya.page.locator('.comment-thread .comment-message').count()).toBe(2)
    expect(await kenya.page.locator('.comment-thread .comment-author').nth(1).textContent()).toBe('Ines Laurent (Internet Society (observer))')
    expect(await observer.page.isVisible('.comment-thread .comment-resolve')).toBe(false)
    expect(await japan.page.isVisible('.comment-thread .comment-resolve')).toBe(false)
    await kenya.page.click('.comment-thread .comment-resolve', { force: true })
    for (const p of pages) {
      await expect.poll(() => p.textContent('.comments-count')).toBe('0 open threads, 1 resolved')
      await expect.poll(() => p.locator('.comment-anchor').count()).toBe(0)
      expect(await p.locator('.comment-thread').count()).toBe(0)
    }
    await japan.page.check('.comments-filter input')
    await expect.poll(() => japan.page.textContent('.comment-thread .comment-state')).toBe('Resolved by Amina Diallo')
    // Offline, a comment is not sent: the person is told why and keeps the text, and sends it later.
    await japan.context.setOffline(true)
    await selectText(japan.page, 'r-demo-a4', 'identify gaps')
    await japan.page.fill('.comment-compose textarea', 'Which gaps? Please list them.')
    await japan.page.click('.comment-compose button[type="submit"]', { force: true })
    await expect.poll(() => japan.page.textContent('.comment-compose .comment-error[role="alert"]')).toContain('Not sent: you are offline')
    expect(await japan.page.inputValue('.comment-compose textarea')).toBe('Which gaps? Please list them.')
    await japan.context.setOffline(false)
    await japan.page.click('.comment-compose button[type="submit"]', { force: true })
    await expect.poll(() => kenya.page.textContent('.comments-count')).toBe('1 open thread, 1 resolved')
    await expect.poll(() => japan.page.inputValue('.comment-compose textarea')).toBe('') // cleared once the server answered
    // K6: the words of the comments are nowhere in the text.
    expect(await recommendationText(japan.page, 'r-demo-a2')).not.toContain('IGF')
    expect(env.server.server.store.listQuarantine(DOC)).toEqual([])
    for (const c of [kenya, japan, observer]) await c.context.close()
  })
})
