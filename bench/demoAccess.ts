/**
 * Signing the benchmark's clients in, through the server's public flow: at its first start
 * Accord creates the demo working group and logs one sign-in link per demo member
 * (`.../join#<token>`); POST /api/session exchanges a token for the session cookie, which every
 * HTTP request and WebSocket upgrade of the benchmark then carries. A server that logs no link
 * (one without sign-in) gets no cookie, and the benchmark runs without one.
 */
import type { Logger } from '../server/collab/types.ts'

/** Invitation token per role, as logged by the server. */
export type Invites = Record<string, string>

const LINK_LINE = /^\s*(\w+)\s.*\/join#(\S+)\s*$/gm

/** A logger that keeps the demo sign-in links; warnings and errors go to `echo`. */
export function inviteCollector(echo: (line: string) => void): { logger: Logger; invites: Invites } {
  const invites: Invites = {}
  const line = (level: string, message: string, fields?: Record<string, unknown>): void =>
    echo(`${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`)
  const logger: Logger = {
    info(message) {
      for (const m of message.matchAll(LINK_LINE)) invites[m[1]] = m[2]
    },
    warn: (message, fields) => line('warn', message, fields),
    error: (message, fields) => line('error', message, fields),
  }
  return { logger, invites }
}

/** The session cookie (`name=value`) of the chair (or any member logged), or null without sign-in. */
export async function signIn(httpUrl: string, invites: Invites): Promise<string | null> {
  const token = invites.chair ?? Object.values(invites)[0]
  if (!token) return null
  const res = await fetch(`${httpUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })
  if (!res.ok) throw new Error(`signing in answered ${res.status}: ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error('signing in set no cookie')
  return cookie
}
