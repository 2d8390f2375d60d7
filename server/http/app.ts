/**
 * The express application: the JSON API (docs/API.md) and the built client. A thin shell over
 * the services; it holds no domain logic. Every API route but sign-in and health needs a session;
 * every state-changing request must be JSON from an allowed origin (no cross-site forms).
 * Security headers come from helmet, rate limits from express-rate-limit; every response carries
 * an X-Request-Id that the log lines about it carry too.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import helmet from 'helmet'
import { rateLimit } from 'express-rate-limit'
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import type { DocumentService } from '../documents/DocumentService.ts'
import { InputError } from '../errors.ts'
import type { CollabServer } from '../collab/CollabServer.ts'
import type { MemberService } from '../access/MemberService.ts'
import type { AccessStore } from '../access/AccessStore.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import { originAllowed, sessionOf } from './auth.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { sessionRoutes } from './sessionRoutes.ts'
import { documentRoutes } from './documentRoutes.ts'
import type { RevisionService } from '../documents/RevisionService.ts'
import { memberRoutes } from './memberRoutes.ts'
import { silentLogger, type Logger } from '../collab/types.ts'

export interface AppOptions {
  documents: DocumentService
  revisions: RevisionService
  members: MemberService
  collab: CollabServer
  store: DocumentStore
  access: AccessStore
  allowedOrigins: readonly string[]
  cookieSecure: boolean
  /** Folder of the built client (vite build output); omitted in API-only tests. */
  clientDir?: string
  logger?: Logger
  /** Where they differ from DEFAULT_RATE_LIMITS. */
  rateLimits?: Partial<RateLimits>
}

/**
 * Limits far above what a meeting does, against scripts: guessing invitation tokens, flooding
 * the records with changes. Counted in this process's memory, per window.
 */
export interface RateLimits {
  windowMs: number
  /**
   * Failed sign-ins from one IP address per window. Successful ones are not counted: a whole
   * meeting room may sign in from one address.
   */
  signInFailures: number
  /** State-changing API requests of one session per window. */
  writes: number
}

export const DEFAULT_RATE_LIMITS: RateLimits = { windowMs: 10 * 60_000, signInFailures: 100, writes: 1000 }

export function createApp(options: AppOptions): express.Express {
  const { collab, access, clientDir } = options
  const logger = options.logger ?? silentLogger
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits }
  const window = limits.windowMs >= 60_000 ? `${Math.round(limits.windowMs / 60_000)} min` : `${Math.ceil(limits.windowMs / 1000)} s`
  const app = express()
  app.disable('x-powered-by')
  app.use(requestIds)
  app.use(securityHeaders(options.allowedOrigins, options.cookieSecure))
  const api = express.Router()
  api.use(express.json({ limit: '64kb' }))
  api.use(refuseCrossSiteWrites(options.allowedOrigins))

  api.get('/health', (_req, res) => {
    res.json({ ok: true, openDocuments: collab.rooms.size })
  })
  const signInLimit = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.signInFailures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: tooManyRequests(logger, `more than ${limits.signInFailures} failed sign-ins from your address in ${window}`),
    logger: rateLimiterLogger(logger),
  })
  api.use(
    sessionRoutes(
      access,
      options.store,
      options.cookieSecure,
      (sessionId) => collab.disconnectWhere((p) => p.sessionId === sessionId, CloseCode.Unauthenticated, 'you signed out'),
      signInLimit,
    ),
  )
  api.use((req, res, next) => {
    const session = sessionOf(req, access)
    if (!session) throw new InputError(401, 'sign in first: open your personal invitation link')
    res.locals.member = session.member
    res.locals.sessionId = session.sessionId
    next()
  })
  api.use(
    rateLimit({
      windowMs: limits.windowMs,
      limit: limits.writes,
      skip: (req) => req.method === 'GET' || req.method === 'HEAD',
      keyGenerator: (_req, res) => `session:${String(res.locals.sessionId)}`,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: tooManyRequests(logger, `more than ${limits.writes} changes from your session in ${window}`),
      logger: rateLimiterLogger(logger),
    }),
  )
  api.use(documentRoutes(options))
  api.use(memberRoutes(options.members))
  api.use((_req, res) => {
    res.status(404).json({ error: 'no such API route' })
  })
  api.use(apiErrors(logger))
  app.use('/api', api)

  if (clientDir) {
    const index = path.join(clientDir, 'index.html')
    app.use(express.static(clientDir, { index: false, maxAge: '1h', setHeaders: noCacheForServiceWorker }))
    app.get(['/', '/documents/:id', '/join', '/members', '/documents/:id/records', '/documents/:id/revisions/:number'], (req, res) => {
      if (!fs.existsSync(index)) {
        logger.error('the client is not built', { ...requestFields(req, res, 503), clientDir })
        res.status(503).type('text').send('The client is not built yet: run `npm run build` (npm start does it for you).')
        return
      }
      res.setHeader('Cache-Control', 'no-cache')
      res.sendFile(index)
    })
  }
  app.use(pageErrors(logger))
  return app
}

/**
 * Every response says which request it answers (X-Request-Id), and so does every log line about
 * it. An id set by a reverse proxy in front is kept, so that its logs and ours match.
 */
function requestIds(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id']
  const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID()
  res.locals.requestId = id
  res.setHeader('X-Request-Id', id)
  next()
}

function requestFields(req: Request, res: Response, status?: number): Record<string, unknown> {
  const member = res.locals.member as { id?: string } | undefined
  return { requestId: res.locals.requestId, method: req.method, url: req.originalUrl, status, member: member?.id }
}

/**
 * The page runs only its own scripts and styles and talks only to its own origin (the API and
 * the collaboration WebSocket). Styles set from scripts (element.style) are not inline styles
 * under CSP, so the remote carets need no 'unsafe-inline'. HTTPS-only headers only over HTTPS.
 */
function securityHeaders(allowedOrigins: readonly string[], https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        // CSP 3 browsers let 'self' cover ws(s): to the page's own origin; the named ones are for older ones.
        connectSrc: ["'self'", () => webSocketOrigins(allowedOrigins)],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'], // the empty favicon (data:,) of index.html
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        workerSrc: ["'self'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    xFrameOptions: { action: 'deny' },
  })
}

/** The WebSocket origins of the allowed page origins (read per response: tests add theirs later). */
function webSocketOrigins(allowedOrigins: readonly string[]): string {
  const origins = new Set<string>()
  for (const origin of allowedOrigins) {
    try {
      const url = new URL(origin)
      if (url.protocol === 'http:' || url.protocol === 'https:') origins.add(`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`)
    } catch {
      // not an origin: nothing to allow
    }
  }
  return [...origins].join(' ')
}

/** The 429 answer of a rate limit; express-rate-limit has set Retry-After already. */
function tooManyRequests(logger: Logger, what: string): RequestHandler {
  return (req, res) => {
    const seconds = Number(res.getHeader('Retry-After')) || 1
    logger.warn('rate limited', { ...requestFields(req, res, 429), ip: req.ip })
    res.status(429).json({ error: `too many requests: ${what}, try again in ${seconds} s` })
  }
}

/** express-rate-limit's own complaints (configuration mistakes, a failing store) go to our log. */
function rateLimiterLogger(logger: Logger): { error(e: unknown, m?: string): void; warn(e: unknown, m?: string): void } {
  return {
    error: (err, message) => logger.error(message ?? 'rate limiter error', { err }),
    warn: (err, message) => logger.warn(message ?? 'rate limiter warning', { err }),
  }
}

/** State-changing API requests must be JSON and, when a browser says where from, same-origin. */
function refuseCrossSiteWrites(allowed: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    if (!originAllowed(req, allowed)) throw new InputError(403, `requests from ${req.headers.origin} are not allowed`)
    if (req.headers['content-length'] && req.headers['content-length'] !== '0' && !req.is('application/json')) {
      throw new InputError(400, 'send JSON (Content-Type: application/json)')
    }
    next()
  }
}

function noCacheForServiceWorker(res: Response, filePath: string): void {
  if (filePath.endsWith('sw.js')) res.setHeader('Cache-Control', 'no-cache')
}

function apiErrors(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const answer = (status: number, error: string): void => {
      // Refusals (forbidden, a change without a valid session, a failed sign-in) are worth a look.
      const refusal = status === 403 || (status === 401 && req.method !== 'GET' && req.method !== 'HEAD')
      const log = refusal ? logger.warn : logger.info
      log('request refused', { ...requestFields(req, res, status), reason: error })
      res.status(status).json({ error })
    }
    if (err instanceof InputError) return answer(err.status, err.message)
    const e = err as { type?: string; status?: number; message?: string }
    if (e && e.type === 'entity.too.large') return answer(413, 'request body is larger than 64 KB')
    if (e && e.type === 'entity.parse.failed') return answer(400, 'request body is not valid JSON')
    if (err instanceof URIError) return answer(400, 'the URL holds a malformed %-escape')
    logger.error('internal error', { ...requestFields(req, res, 500), err })
    res.status(500).json({ error: 'internal error' })
  }
}

/** Errors outside the API (the static files, the page), answered in plain text. */
function pageErrors(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    const status = (err as { status?: unknown } | null)?.status
    if (typeof status === 'number' && status >= 400 && status < 500 && !res.headersSent) {
      logger.info('request refused', { ...requestFields(req, res, status), reason: String(err) })
      res.status(status).type('text').send(STATUS_CODES[status] ?? 'bad request')
      return
    }
    logger.error('internal error', { ...requestFields(req, res, 500), err })
    if (res.headersSent) return next(err)
    res.status(500).type('text').send('internal error')
  }
}
