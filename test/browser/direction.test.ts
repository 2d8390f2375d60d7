/**
 * Document text carries dir="auto" (issue 9): a paragraph written in Arabic reads right to left,
 * its neighbours in English left to right.
 */
import { describe, expect, it } from 'vitest'
import { newParticipant, openDocument, useServerAndBrowser } from './harness.ts'

const env = useServerAndBrowser()

describe('text direction', () => {
  it('[M1] an Arabic paragraph is laid out right to left, an English one left to right', async () => {
    const member = await newParticipant(env.browser, env.server, 'member', 'Delegate of Egypt', 'Egypt')
    await openDocument(member.page, 'wgec-rolling')
    await member.page.evaluate(() => {
      const view = window.accord!.editor()!.view
      let at = -1
      view.state.doc.descendants((node, pos) => {
        if (node.type.name === 'recommendation' && node.attrs.id === 'r-demo-c3') at = pos + node.nodeSize
        return at < 0
      })
      const { schema } = view.state
      const rec = schema.nodes.recommendation!.create({ id: 'r-arabic', sponsors: ['Egypt'] }, schema.text('يدعو الفريق العامل إلى تعزيز التعاون'))
      view.dispatch(view.state.tr.insert(at, rec))
    })
    const direction = (id: string): Promise<string> =>
      member.page.$eval(`.recommendation[data-id="${id}"]`, (el) => getComputedStyle(el).direction)
    await expect.poll(() => direction('r-arabic')).toBe('rtl')
    expect(await direction('r-demo-c3')).toBe('ltr')
    await member.context.close()
  })
})
