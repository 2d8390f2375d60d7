/**
 * Starts a real AccordServer on an ephemeral port with its SQLite file in a fresh temp folder,
 * with a signed-in chair of the demo working group ready to use.
 */
import { afterAll, beforeAll } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AccordServer } from '../../server/AccordServer.ts'
import { readConfig, type ServerConfig } from '../../server/config.ts'
import type { RateLimits } from '../../server/http/app.ts'
import type { Logger } from '../../server/collab/types.ts'
import type { Role } from '../../shared/roles.ts'
import { signedInMember, type SignedIn } from './members.ts'

export interface TestServer {
  server: AccordServer
  port: number
  dataDir: string
  httpUrl: string
  wsUrl: string
  /** A chair of the demo group (`wgec`), signed in: `chair.cookie` for requests and sockets. */
  chair: SignedIn
  /** Creates a member of the demo group (or `groupId`) with `role` and signs them in. */
  signIn(role: Role, options?: { groupId?: string; displayName?: string; delegation?: string }): SignedIn
  stop(): Promise<void>
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'accord-test-'))
}

/** `wiring.logger` sees what the server logs (default: nothing); `wiring.rateLimits` override the defaults. */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  wiring: { logger?: Logger; rateLimits?: Partial<RateLimits> } = {},
): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir()
  const config: ServerConfig = { ...readConfig({}), port: 0, host: '127.0.0.1', dataDir, ...overrides }
  const server = new AccordServer(config, wiring.logger, wiring.rateLimits)
  const port = await server.start()
  const signIn: TestServer['signIn'] = (role, options) => signedInMember(server, role, options)
  return {
    server,
    port,
    dataDir,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    chair: signIn('chair', { displayName: 'Test Chair', delegation: 'Chair' }),
    signIn,
    stop: () => server.stop(),
  }
}

/**
 * One test server for a test file (started before its tests, stopped after), with its API at
 * hand: `send(cookie, method, path, body?)` calls `/api<path>` as the member of that cookie, and
 * `errorOf` reads a refusal as `[status, words]`.
 */
export function useTestServer(): { readonly server: TestServer; send(cookie: string, method: string, path: string, body?: unknown): Promise<Response>; errorOf(res: Response): Promise<[number, string]> } {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server?.stop())
  const current = (): TestServer => {
    if (!server) throw new Error('the test server is not started yet')
    return server
  }
  return {
    get server() {
      return current()
    },
    send: (cookie, method, path, body) =>
      fetch(`${current().httpUrl}/api${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }),
    errorOf: async (res) => [res.status, ((await res.json()) as { error: string }).error],
  }
}
