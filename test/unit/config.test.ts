/**
 * The server's configuration from its environment (README's table): the size limits of the text
 * (SPEC R16) are read from MAX_PARAGRAPH_CHARS, MAX_DOCUMENT_CHARS and MAX_UPDATE_BYTES, default
 * to the shared limits the editor also knows, and a value that is not a count is refused by name.
 */
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../server/config.ts'
import { DEFAULT_LIMITS } from '../../shared/limits.ts'

describe('[R16] the limits come from the environment', () => {
  it('[R16] MAX_PARAGRAPH_CHARS, MAX_DOCUMENT_CHARS and MAX_UPDATE_BYTES set the guard\'s limits', () => {
    const config = readConfig({ MAX_PARAGRAPH_CHARS: '300', MAX_DOCUMENT_CHARS: '5000', MAX_UPDATE_BYTES: '2048' })
    expect(config.limits).toEqual({ paragraphChars: 300, documentChars: 5000, updateBytes: 2048 })
  })

  it('[R16] unset or empty, they are the shared defaults the editor checks too', () => {
    expect(readConfig({}).limits).toEqual(DEFAULT_LIMITS)
    expect(readConfig({ MAX_PARAGRAPH_CHARS: '' }).limits.paragraphChars).toBe(DEFAULT_LIMITS.paragraphChars)
  })

  it('[R16] a value that is not a count is refused, naming the variable', () => {
    expect(() => readConfig({ MAX_PARAGRAPH_CHARS: 'lots' })).toThrow('MAX_PARAGRAPH_CHARS must be a non-negative integer, got "lots"')
    expect(() => readConfig({ MAX_UPDATE_BYTES: '-1' })).toThrow(/^MAX_UPDATE_BYTES must be/)
  })
})
