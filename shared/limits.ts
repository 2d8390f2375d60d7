/**
 * Size limits of the text (SPEC R16): set where a real negotiation never goes and an accident
 * (a stray paste of a whole file) does. The server judges with its configured limits (these by
 * default); the editor checks the same defaults first, so that an honest person is told before
 * anything is sent.
 */
export interface TextLimits {
  /** Characters one paragraph may hold (a long negotiated paragraph is about 2,000). */
  paragraphChars: number
  /** Characters the whole text may hold (some 300 pages). */
  documentChars: number
  /** Bytes one update from a client may carry (a reconnect after a day offline is far less). */
  updateBytes: number
}

export const DEFAULT_LIMITS: Readonly<TextLimits> = Object.freeze({
  paragraphChars: 20_000,
  documentChars: 1_000_000,
  updateBytes: 1024 * 1024,
})

/** `12,345`: counts as people read them. */
export const count = (n: number): string => n.toLocaleString('en-GB')

/** `1.5 MB`: sizes as people read them. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export const paragraphTooLong = (label: string, chars: number, limits: TextLimits): string =>
  `a paragraph holds at most ${count(limits.paragraphChars)} characters; ${label} would hold ${count(chars)}`

export const documentTooLong = (chars: number, limits: TextLimits): string =>
  `the document holds at most ${count(limits.documentChars)} characters; it would hold ${count(chars)}`

export const updateTooLarge = (bytes: number, limits: TextLimits): string =>
  `one change may carry at most ${size(limits.updateBytes)}; this one carried ${size(bytes)}`
