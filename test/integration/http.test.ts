/**
 * The HTTP plumbing of a real server: security headers (helmet), request ids and what is logged
 * about requests, rate limits (express-rate-limit), and the pino logger behind the core's Logger.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, tempDataDir, type TestServer } from '../helpers/testServer.ts'
import { pinoLogger } from '../../server/logger.ts'
import type { Logger } from '../../server/collab/types.ts'

interface Line {
  level: 'info' | 'warn' | 'error'
  message: string
  fields: Record<string, unknown>
}

function recordingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = []
  const at = (level: Line['level']) => (message: string, fields: Record<string, unknown> = {}) => {
    lines.push({ level, message, fields })
  }
  return { logger: { info: at('info'), warn: at('warn'), error: at('error') }, lines }
}

/** A folder with a stand-in for the built client, so the page route answers without a build. */
function fakeClientDir(): string {
  const dir = path.join(tempDataDir(), 'client')
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Accord</title>')
  return dir
}

function directives(csp: string | null): Map<string, string> {
  const map = new Map<string, string>()
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) map.set(name, values.join(' '))
  }
  return map
}

const json = { 'content-type': 'application/json' }

describe('security headers', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ clientDir: fakeClientDir() })
  })
  afterAll(() => server.stop())

  it('the page and the API answer with a strict Content-Security-Policy and the usual headers', async () => {
    for (const url of [`${server.httpUrl}/`, `${server.httpUrl}/api/health`]) {
      const res = await fetch(url)
      expect(res.status, url).toBe(200)
      const csp = directives(res.headers.get('content-security-policy'))
      expect(csp.get('default-src')).toBe("'self'")
      expect(csp.get('script-src')).toBe("'self'")
      expect(csp.get('script-src-attr')).toBe("'none'")
      expect(csp.get('style-src')).toBe("'self'")
      expect(csp.get('object-src')).toBe("'none'")
      expect(csp.get('frame-ancestors')).toBe("'none'")
      expect(csp.get('worker-src')).toBe("'self'")
      // The configured origin is http://localhost:3000: its WebSocket origin is named.
      expect(csp.get('connect-src')).toBe("'self' ws://localhost:3000")
      // Over plain HTTP, nothing that would break a LAN install without TLS.
      expect(csp.has('upgrade-insecure-requests')).toBe(false)
      expect(res.headers.get('strict-transport-security')).toBeNull()
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
      expect(res.headers.get('x-powered-by')).toBeNull()
    }
  })

  it('over HTTPS it adds HSTS and upgrade-insecure-requests, with wss: for the origin', async () => {
    const secure = await startTestServer({ cookieSecure: true, allowedOrigins: ['https://accord.example'] })
    try {
      const res = await fetch(`${secure.httpUrl}/api/health`)
      const csp = directives(res.headers.get('content-security-policy'))
      expect(csp.has('upgrade-insecure-requests')).toBe(true)
      expect(csp.get('connect-src')).toBe("'self' wss://accord.example")
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    } finally {
      await secure.stop()
    }
  })
})

describe('request ids and logs', () => {
  let server: TestServer
  const log = recordingLogger()
  beforeAll(async () => {
    server = await startTestServer({ clientDir: fakeClientDir() }, { logger: log.logger })
  })
  afterAll(() => server.stop())

  it('every response carries an X-Request-Id; a sane one from a proxy is kept, any other replaced', async () => {
    const ids = new Set<string>()
    for (const url of [`${server.httpUrl}/`, `${server.httpUrl}/api/health`, `${server.httpUrl}/nothing.js`, `${server.httpUrl}/api/nothing`]) {
      const id = (await fetch(url)).headers.get('x-request-id')
      expect(id, url).toMatch(/^[0-9a-f-]{36}$/)
      ids.add(id!)
    }
    expect(ids.size).toBe(4)
    const kept = await fetch(`${server.httpUrl}/api/health`, { headers: { 'x-request-id': 'proxy-42.a:b' } })
    expect(kept.headers.get('x-request-id')).toBe('proxy-42.a:b')
    const replaced = await fetch(`${server.httpUrl}/api/health`, { headers: { 'x-request-id': 'evil\tline "quoted"' } })
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a 5xx is logged at error with its error, its stack and the request id; the answer tells nothing', async () => {
    const documents = server.server.documents
    const original = documents.listDocuments
    documents.listDocuments = () => {
      throw new Error('the disk is on fire')
    }
    try {
      log.lines.length = 0
      const res = await fetch(`${server.httpUrl}/api/documents`, { headers: { cookie: server.chair.cookie } })
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: 'internal error' })
      const errors = log.lines.filter((l) => l.level === 'error')
      expect(errors).toHaveLength(1)
      const { fields } = errors[0]!
      expect(fields).toMatchObject({ requestId: res.headers.get('x-request-id'), method: 'GET', url: '/api/documents', status: 500, member: server.chair.member.id })
      expect(fields.err).toBeInstanceOf(Error)
      expect((fields.err as Error).stack).toContain('the disk is on fire')
    } finally {
      documents.listDocuments = original
    }
  })

  it('refusals are logged at warn, other client mistakes at info, each with the request id', async () => {
    log.lines.length = 0
    const foreign = await fetch(`${server.httpUrl}/api/documents`, {
      method: 'POST',
      headers: { ...json, origin: 'https://evil.example', cookie: server.chair.cookie },
      body: '{}',
    })
    expect(foreign.status).toBe(403)
    const badToken = await fetch(`${server.httpUrl}/api/session`, { method: 'POST', headers: json, body: JSON.stringify({ token: 'x'.repeat(43) }) })
    expect(badToken.status).toBe(401)
    const signedOut = await fetch(`${server.httpUrl}/api/session`)
    expect(signedOut.status).toBe(401)
    const badJson = await fetch(`${server.httpUrl}/api/documents`, { method: 'POST', headers: { ...json, cookie: server.chair.cookie }, body: '{' })
    expect(badJson.status).toBe(400)
    const byId = (res: Response) => log.lines.find((l) => l.fields.requestId === res.headers.get('x-request-id'))
    expect(byId(foreign)).toMatchObject({ level: 'warn', fields: { status: 403, reason: 'requests from https://evil.example are not allowed' } })
    expect(byId(badToken)).toMatchObject({ level: 'warn', fields: { status: 401, method: 'POST', url: '/api/session' } })
    expect(byId(signedOut)).toMatchObject({ level: 'info', fields: { status: 401, method: 'GET' } })
    expect(byId(badJson)).toMatchObject({ level: 'info', fields: { status: 400, reason: 'request body is not valid JSON' } })
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([])
  })
})

describe('rate limits', () => {
  const TOO_MANY = /^too many requests: .+, try again in \d+ s$/

  it('failed sign-ins from one address are limited; successful ones are not counted', async () => {
    const log = recordingLogger()
    const server = await startTestServer({}, { logger: log.logger, rateLimits: { signInFailures: 3 } })
    try {
      const signIn = (token: string) => fetch(`${server.httpUrl}/api/session`, { method: 'POST', headers: json, body: JSON.stringify({ token }) })
      // A room full of delegates signing in from one address never meets the limit.
      for (let i = 0; i < 6; i++) {
        const { token } = server.server.access.invite(server.signIn('member').member.id)
        expect((await signIn(token)).status).toBe(200)
      }
      for (let i = 0; i < 3; i++) expect((await signIn(`guess-${i}`.padEnd(43, 'x'))).status).toBe(401)
      const limited = await signIn('guess-3'.padEnd(43, 'x'))
      expect(limited.status).toBe(429)
      const retryAfter = Number(limited.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      const { error } = (await limited.json()) as { error: string }
      expect(error).toMatch(TOO_MANY)
      expect(error).toContain(`try again in ${retryAfter} s`)
      expect(error).toContain('failed sign-ins')
      expect(log.lines.find((l) => l.message === 'rate limited')).toMatchObject({ level: 'warn', fields: { status: 429, url: '/api/session' } })
    } finally {
      await server.stop()
    }
  })

  it("a session's changes are limited, reading is not, and another session is not affected", async () => {
    const server = await startTestServer({}, { rateLimits: { writes: 2 } })
    try {
      const create = (cookie: string) =>
        fetch(`${server.httpUrl}/api/documents`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ title: 'Draft', groupId: 'wgec' }) })
      expect((await create(server.chair.cookie)).status).toBe(201)
      expect((await create(server.chair.cookie)).status).toBe(201)
      const limited = await create(server.chair.cookie)
      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await limited.json()) as { error: string }).error).toMatch(TOO_MANY)
      for (let i = 0; i < 5; i++) {
        expect((await fetch(`${server.httpUrl}/api/documents`, { headers: { cookie: server.chair.cookie } })).status).toBe(200)
      }
      expect((await create(server.signIn('chair').cookie)).status).toBe(201)
    } finally {
      await server.stop()
    }
  })
})

describe('the pino logger', () => {
  it('writes one JSON object per line: level name, message, fields, an Error with its stack', () => {
    const written: string[] = []
    const logger = pinoLogger({ level: 'info', destination: { write: (line: string) => void written.push(line) } })
    logger.warn('closing connection', { docId: 'wgec-rolling', code: 4403 })
    logger.error('internal error', { requestId: 'r-1', err: new Error('boom') })
    logger.info('hello')
    const lines = written.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'closing connection', docId: 'wgec-rolling', code: 4403 })
    expect(lines[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'internal error', requestId: 'r-1', err: { type: 'Error', message: 'boom' } })
    expect((lines[1]!.err as { stack: string }).stack).toContain('boom')
    expect(lines[2]).toMatchObject({ level: 'info', msg: 'hello' })
  })

  it('at level silent it writes nothing', () => {
    const written: string[] = []
    const logger = pinoLogger({ level: 'silent', destination: { write: (line: string) => void written.push(line) } })
    logger.error('internal error', { err: new Error('boom') })
    expect(written).toEqual([])
  })
})
