/**
 * The Yjs client ids this member's pages have used for a document, in this browser (SPEC R12: a
 * member may remove a bracket their own client created). Each page is a new client; the ids are
 * kept in localStorage per member and document, the most recent first. The server knows every
 * id bound to the member (R8); the page knows only this browser's, so it is stricter, never looser.
 */
const KEEP = 64

export interface OwnClients {
  has(clientId: number): boolean
}

/** Remembers `current` as one of `memberId`'s clients for `docId`, and answers for all of them. */
export function ownClients(memberId: string, docId: string, current: number): OwnClients {
  const key = `accord:clients:${memberId}:${docId}`
  let known: number[] = []
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    if (Array.isArray(parsed)) known = parsed.filter((n): n is number => Number.isInteger(n))
  } catch {
    known = []
  }
  known = [current, ...known.filter((n) => n !== current)].slice(0, KEEP)
  try {
    localStorage.setItem(key, JSON.stringify(known))
  } catch {
    // Storage full or refused: this page's own client is still known below.
  }
  const ids = new Set(known)
  return { has: (clientId) => ids.has(clientId) }
}
