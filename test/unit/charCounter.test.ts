/** The words of a box's character count, and when a screen reader is told (issue 8). */
import { describe, expect, it } from 'vitest'
import { charactersLeft, nearLimit } from '../../client/src/ui/charCounter.ts'
import { MAX_COMMENT_LENGTH } from '../../shared/comments.ts'

describe('character counts', () => {
  it('[K2] say how much is left, or how much too much, as people read counts', () => {
    expect(charactersLeft(0, MAX_COMMENT_LENGTH)).toBe('2,000 characters left')
    expect(charactersLeft(766, MAX_COMMENT_LENGTH)).toBe('1,234 characters left')
    expect(charactersLeft(1999, MAX_COMMENT_LENGTH)).toBe('1 character left')
    expect(charactersLeft(2000, MAX_COMMENT_LENGTH)).toBe('0 characters left')
    expect(charactersLeft(2001, MAX_COMMENT_LENGTH)).toBe('1 character too many')
    expect(charactersLeft(2023, MAX_COMMENT_LENGTH)).toBe('23 characters too many')
  })

  it('[K2] are said out loud only under a tenth of the limit left, or over it', () => {
    expect(nearLimit(0, 500)).toBe(false)
    expect(nearLimit(450, 500)).toBe(false)
    expect(nearLimit(451, 500)).toBe(true)
    expect(nearLimit(500, 500)).toBe(true)
    expect(nearLimit(600, 500)).toBe(true)
  })
})
