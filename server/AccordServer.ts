/**
 * The whole server as one object: storage, the collaboration core, HTTP and WebSocket, with a
 * start and a graceful stop. main.ts runs it; integration tests start it on an ephemeral port.
 */
import http from 'node:http'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import { SqliteStore } from './storage/SqliteStore.ts'
import type { DocumentStore } from './storage/DocumentStore.ts'
import { CollabServer } from './collab/CollabServer.ts'
import { DocumentService } from './documents/DocumentService.ts'
import { RevisionService } from './documents/RevisionService.ts'
import { createApp, type RateLimits } from './http/app.ts'
import { attachCollabSockets, type CollabSockets } from './http/collabSockets.ts'
import { silentLogger, type Logger } from './collab/types.ts'
import { AccessStore } from './access/AccessStore.ts'
import { MemberService } from './access/MemberService.ts'
import { issueDemoLinks } from './access/demoMembers.ts'
import { CloseCode } from '../shared/protocol.ts'
import { databasePath, type ServerConfig } from './config.ts'

export class AccordServer {
  readonly store: DocumentStore
  readonly access: AccessStore
  readonly members: MemberService
  readonly collab: CollabServer
  readonly documents: DocumentService
  readonly revisions: RevisionService
  readonly http: http.Server
  private sockets: CollabSockets | null = null
  private memberCheck: NodeJS.Timeout | null = null
  /** Sign-in links for the demo members, printed when the first start created the demo. */
  demoLinks: string[] = []
  private stopping: Promise<void> | null = null

  constructor(
    readonly config: ServerConfig,
    readonly logger: Logger = silentLogger,
    /** Rate limits of the API, where they differ from DEFAULT_RATE_LIMITS (tests raise them). */
    rateLimits: Partial<RateLimits> = {},
  ) {
    fs.mkdirSync(config.dataDir, { recursive: true })
    const sqlite = new SqliteStore({ filename: databasePath(config) })
    this.store = sqlite
    this.access = new AccessStore(sqlite.db)
    this.collab = new CollabServer({
      store: this.store,
      logger,
      maxMessageBytes: config.maxMessageBytes,
      limits: config.limits,
      compactAfter: config.compactAfter,
      // A break-out's facilitator (B1): a member who has not been revoked.
      memberOf: (id) => {
        const m = this.access.getMember(id)
        return m && !m.revokedAt ? { memberId: m.id, displayName: m.displayName, delegation: m.delegation, role: m.role, groupId: m.groupId } : null
      },
    })
    this.documents = new DocumentService(this.store)
    this.revisions = new RevisionService(this.store, this.collab)
    this.members = new MemberService(this.access, this.collab, config.publicUrl)
    this.http = http.createServer(
      createApp({
        documents: this.documents,
        revisions: this.revisions,
        members: this.members,
        collab: this.collab,
        store: this.store,
        access: this.access,
        allowedOrigins: config.allowedOrigins,
        cookieSecure: config.cookieSecure,
        clientDir: config.clientDir,
        logger,
        rateLimits,
      }),
    )
  }

  /** Seeds the demo on an empty database, then listens. Resolves with the bound port. */
  async start(): Promise<number> {
    if (this.documents.seedDemoIfEmpty()) {
      this.demoLinks = issueDemoLinks(this.access, this.config.publicUrl)
      this.logger.info(`created the demo working group; sign in as:\n${this.demoLinks.join('\n')}`)
    }
    this.sockets = attachCollabSockets(this.http, {
      collab: this.collab,
      access: this.access,
      store: this.store,
      allowedOrigins: this.config.allowedOrigins,
      logger: this.logger,
      maxMessageBytes: this.config.maxMessageBytes,
    })
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(this.config.port, this.config.host, () => resolve())
    })
    // Changes made outside this process (the operator's command line) reach open connections too.
    this.memberCheck = setInterval(() => this.recheckConnectedMembers(), 5_000)
    this.memberCheck.unref()
    return (this.http.address() as AddressInfo).port
  }

  /**
   * Closes connections whose member was revoked, whose role changed or whose session ended or
   * expired since they connected.
   */
  recheckConnectedMembers(): void {
    const seen = new Map<string, string>()
    const sessions = new Set<string>()
    for (const p of this.collab.participants()) {
      seen.set(p.memberId, p.role)
      if (p.sessionId) sessions.add(p.sessionId)
    }
    for (const [memberId, role] of seen) {
      const member = this.access.getMember(memberId)
      if (!member || member.revokedAt) {
        this.collab.disconnectMember(memberId, CloseCode.Unauthenticated, 'your access to this working group was revoked')
      } else if (member.role !== role) {
        this.collab.disconnectMember(memberId, CloseCode.RoleChanged, `your role is now ${member.role}`)
      }
    }
    for (const sessionId of sessions) {
      if (this.access.memberForSessionId(sessionId)) continue
      this.collab.disconnectWhere((p) => p.sessionId === sessionId, CloseCode.Unauthenticated, 'your session ended; sign in again')
    }
  }

  /** Stops accepting, stores everything, closes every connection and the database. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (this.memberCheck) clearInterval(this.memberCheck)
      this.http.close(() => resolve())
      this.collab.close()
      this.sockets?.close()
      this.http.closeAllConnections()
      this.store.close()
    })
    return this.stopping
  }
}
