/**
 * The signed-in person as others see them: name and delegation, and a colour for their cursor.
 * The server stamps the same identity on awareness; this is only the page's own copy.
 */
import type { Me } from './session.ts'

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e']

export interface Identity {
  name: string
  color: string
}

/** Same derivation as the server's awareness gate (member id -> palette). */
export function colorFor(memberId: string): string {
  let h = 0
  for (const ch of memberId) h = (h * 31 + ch.codePointAt(0)!) >>> 0
  return PALETTE[h % PALETTE.length]!
}

export function identityOf(me: Me): Identity {
  return { name: `${me.displayName} (${me.delegation})`, color: colorFor(me.id) }
}
