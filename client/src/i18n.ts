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

/** Dotted paths to the catalog's strings: 'notFound.title'. */
type Paths<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}` }[keyof T & string]
export type MessageKey = Paths<typeof en>

/** The interface text for `key`, with its placeholders filled from `values`. */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  return i18n.t(key, values)
}
