/**
 * A cursor's name label reads on its colour (WCAG 2, 4.5:1), whichever colour a member gets.
 */
import { describe, expect, it } from 'vitest'
import { colorOf, contrast, textOn } from '../../shared/colors.ts'

describe('[U1] cursor colours', () => {
  it('[U1] every member colour carries its name at 4.5:1 or more', () => {
    const colours = new Set(Array.from({ length: 400 }, (_, i) => colorOf(`m-${i}`)))
    expect(colours.size).toBeGreaterThan(5)
    for (const c of colours) expect(contrast(c, textOn(c)), c).toBeGreaterThanOrEqual(4.5)
  })
  it('[U1] contrast is the WCAG ratio: black on white 21, a colour on itself 1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#bcbd22', '#bcbd22')).toBe(1)
    expect(textOn('#bcbd22')).toBe('#000000')
    expect(textOn('#1f77b4')).toBe('#ffffff')
  })
})
