/**
 * The express application: the JSON API (docs/API.md) and the built client. A thin shell over
 * the services; it holds no domain logic. Every API route but sign-in and health needs a session;
 * every state-changing request must be JSON from an allowed origin (no cross-site forms).
 */
import express, { type NextFunction, type Request, type Response } from 'express'
import fs from 'node:fs'
import path from 'node:path'
import type { DocumentService } from '../documents/DocumentService.ts'
import { InputError } from '../errors.ts'
import type { CollabServer } from '../collab/CollabServer.ts'
import type { MemberService } from '../access/MemberService.ts'
import type { AccessStore } from '../access/AccessStore.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import { memberOf, originAllowed } from './auth.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { sessionRoutes } from './sessionRoutes.ts'
import { documentRoutes } from './documentRoutes.ts'
import { memberRoutes } from './memberRoutes.ts'

export interface AppOptions {
  documents: DocumentService
  members: MemberService
  collab: CollabServer
  store: DocumentStore
  access: AccessStore
  allowedOrigins: readonly string[]
  cookieSecure: boolean
  /** Folder of the built client (vite build output); omitted in API-only tests. */
  clientDir?: string
}

export function createApp(options: AppOptions): express.Express {
  const { collab, access, clientDir } = options
  const app = express()
  app.disable('x-powered-by')
  const api = express.Router()
  api.use(express.json({ limit: '64kb' }))
  api.use(refuseCrossSiteWrites(options.allowedOrigins))

  api.get('/health', (_req, res) => {
    res.json({ ok: true, openDocuments: collab.rooms.size })
  })
  api.use(
    sessionRoutes(access, options.store, options.cookieSecure, (sessionId) =>
      collab.disconnectWhere((p) => p.sessionId === sessionId, CloseCode.Unauthenticated, 'you signed out'),
    ),
  )
  api.use((req, res, next) => {
    const member = memberOf(req, access)
    if (!member) throw new InputError(401, 'sign in first: open your personal invitation link')
    res.locals.member = member
    next()
  })
  api.use(documentRoutes(options))
  api.use(memberRoutes(options.members))
  api.use((_req, res) => {
    res.status(404).json({ error: 'no such API route' })
  })
  api.use(apiErrors)
  app.use('/api', api)

  if (clientDir) {
    const index = path.join(clientDir, 'index.html')
    app.use(express.static(clientDir, { index: false, maxAge: '1h', setHeaders: noCacheForServiceWorker }))
    app.get(['/', '/documents/:id', '/join', '/members', '/documents/:id/records'], (_req, res) => {
      if (!fs.existsSync(index)) {
        res.status(503).type('text').send('The client is not built yet: run `npm run build` (npm start does it for you).')
        return
      }
      res.setHeader('Cache-Control', 'no-cache')
      res.sendFile(index)
    })
  }
  return app
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

function apiErrors(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof InputError) {
    res.status(err.status).json({ error: err.message })
    return
  }
  const e = err as { type?: string; status?: number; message?: string }
  if (e && e.type === 'entity.too.large') {
    res.status(413).json({ error: 'request body is larger than 64 KB' })
    return
  }
  if (e && e.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'request body is not valid JSON' })
    return
  }
  if (err instanceof URIError) {
    res.status(400).json({ error: 'the URL holds a malformed %-escape' })
    return
  }
  res.status(500).json({ error: 'internal error' })
}
