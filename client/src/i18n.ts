/**
 * Interface text through i18next: `t('notFound.title')`, with `{{name}}` placeholders filled from
 * the options. One instance for the page, initialised synchronously from the bundled catalogs, so
 * `t` works from the first render. Keys are checked against the English catalog at compile time.
 */
import i18next from 'i18next'
import { en } from './locales/en.ts'

const i18n = i18next.createInstance()
void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: en } },
  initAsync: false,
  // The DOM is written with textContent, never innerHTML, so i18next need not escape.
  interpolation: { escapeValue: false },
})

/** The plural forms of i18next (`edits_one`, `edits_other`), asked for by their base key and a count. */
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other'
type BaseKey<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K

/** Dotted paths to the catalog's strings: 'notFound.title', 'records.edits' (for `edits_one`/`edits_other`). */
type Paths<T> = { [K in keyof T & string]: T[K] extends string ? BaseKey<K> : `${K}.${Paths<T[K]>}` }[keyof T & string]
export type MessageKey = Paths<typeof en>

/** The interface text for `key`, with its placeholders filled from `values` (and its plural form chosen by `count`). */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  return i18n.t(key, values)
}

/** `t`, escaped for HTML, for the few page skeletons written as markup (interpolated values included). */
export function tHtml(key: MessageKey, values?: Record<string, string | number>): string {
  return t(key, values).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
