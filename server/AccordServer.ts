/**
 * The whole server as one object: storage, the collaboration core, HTTP and WebSocket, with a
 * start and a graceful stop. main.ts runs it; integration tests start it on an ephemeral port.
 */
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { SqliteStore } from './storage/SqliteStore.ts'
import type { DocumentStore } from './storage/DocumentStore.ts'
import { CollabServer } from './collab/CollabServer.ts'
import { DocumentService } from './documents/DocumentService.ts'
import { createApp } from './http/app.ts'
import { attachCollabSockets, type CollabSockets } from './http/collabSockets.ts'
import { silentLogger, type Logger } from './collab/types.ts'
import type { ServerConfig } from './config.ts'

export class AccordServer {
  readonly store: DocumentStore
  readonly collab: CollabServer
  readonly documents: DocumentService
  readonly http: http.Server
  private sockets: CollabSockets | null = null
  private stopping: Promise<void> | null = null

  constructor(
    readonly config: ServerConfig,
    readonly logger: Logger = silentLogger,
  ) {
    fs.mkdirSync(config.dataDir, { recursive: true })
    this.store = new SqliteStore({ filename: path.join(config.dataDir, 'accord.sqlite') })
    this.collab = new CollabServer({
      store: this.store,
      logger,
      maxMessageBytes: config.maxMessageBytes,
      compactAfter: config.compactAfter,
    })
    this.documents = new DocumentService(this.store)
    this.http = http.createServer(
      createApp({ documents: this.documents, collab: this.collab, clientDir: config.clientDir }),
    )
  }

  /** Seeds the demo on an empty database, then listens. Resolves with the bound port. */
  async start(): Promise<number> {
    if (this.documents.seedDemoIfEmpty()) this.logger.info('created the demo working group')
    this.sockets = attachCollabSockets(this.http, {
      collab: this.collab,
      logger: this.logger,
      maxMessageBytes: this.config.maxMessageBytes,
    })
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(this.config.port, this.config.host, () => resolve())
    })
    return (this.http.address() as AddressInfo).port
  }

  /** Stops accepting, stores everything, closes every connection and the database. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      this.http.close(() => resolve())
      this.collab.close()
      this.sockets?.close()
      this.http.closeAllConnections()
      this.store.close()
    })
    return this.stopping
  }
}
