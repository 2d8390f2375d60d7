/**
 * A member's cursor colour, stable across sessions and the same on every screen: derived from the
 * member id. The server stamps it on awareness; the page uses it for its own copy.
 */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e']

export function colorOf(memberId: string): string {
  let h = 0
  for (const ch of memberId) h = (h * 31 + ch.codePointAt(0)!) >>> 0
  return PALETTE[h % PALETTE.length]!
}
