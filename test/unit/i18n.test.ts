/**
 * Interface text goes through i18next (client/src/i18n.ts): placeholders are filled, counts too,
 * and every string of the English catalog is reachable by its key (none falls back to the key).
 */
import { describe, expect, it } from 'vitest'
import { t, type MessageKey } from '../../client/src/i18n.ts'
import { en } from '../../client/src/locales/en.ts'

function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v as object, `${prefix}${k}.`)))
}

describe('[M1] interface text through i18next', () => {
  it('fills placeholders and counts, unescaped (the DOM is written with textContent)', () => {
    expect(t('presence.here', { count: 3 })).toBe('Here now (3)')
    expect(t('notFound.body', { docId: 'a<b>&"c' })).toBe('Your working group has no document “a<b>&"c”. The link may be mistyped, or it may belong to another group.')
    expect(t('connection.closed', { reason: t('connection.closedByServer') })).toBe('✕ Disconnected: closed by the server')
  })

  it('every key of the English catalog gives its own text', () => {
    const keys = keysOf(en)
    expect(keys.length).toBeGreaterThan(10)
    for (const key of keys) {
      const text = t(key as MessageKey, { reason: 'R', docId: 'D', count: 1, name: 'N' })
      expect(text, key).not.toBe(key)
      expect(text.length, key).toBeGreaterThan(0)
    }
  })
})
