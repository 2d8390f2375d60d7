/**
 * The express application: the JSON API (docs/API.md) and the built client. A thin shell over
 * DocumentService; it holds no domain logic.
 */
import express, { type NextFunction, type Request, type Response } from 'express'
import fs from 'node:fs'
import path from 'node:path'
import { DocumentService, InputError } from '../documents/DocumentService.ts'
import type { CollabServer } from '../collab/CollabServer.ts'

export interface AppOptions {
  documents: DocumentService
  collab: CollabServer
  /** Folder of the built client (vite build output); omitted in API-only tests. */
  clientDir?: string
}

export function createApp({ documents, collab, clientDir }: AppOptions): express.Express {
  const app = express()
  app.disable('x-powered-by')
  const api = express.Router()
  api.use(express.json({ limit: '64kb' }))

  api.get('/health', (_req, res) => {
    res.json({ ok: true, openDocuments: collab.rooms.size })
  })
  api.get('/groups', (_req, res) => {
    res.json({ groups: documents.listGroups() })
  })
  api.get('/documents', (_req, res) => {
    res.json({ documents: documents.listDocuments() })
  })
  api.get('/documents/:id', (req, res) => {
    res.json({ document: documents.getDocument(req.params.id) })
  })
  api.post('/documents', (req, res) => {
    const body = (req.body ?? {}) as { title?: unknown; groupId?: unknown }
    const created = documents.createDocument(body)
    res.status(201).location(`/api/documents/${created.id}`).json({ document: created })
  })
  api.use((_req, res) => {
    res.status(404).json({ error: 'no such API route' })
  })
  api.use(apiErrors)
  app.use('/api', api)

  if (clientDir) {
    const index = path.join(clientDir, 'index.html')
    app.use(express.static(clientDir, { index: false, maxAge: '1h', setHeaders: noCacheForServiceWorker }))
    app.get(['/', '/documents/:id'], (_req, res) => {
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
