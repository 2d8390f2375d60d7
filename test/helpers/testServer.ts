/**
 * Starts a real AccordServer on an ephemeral port with its SQLite file in a fresh temp folder.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AccordServer } from '../../server/AccordServer.ts'
import { readConfig, type ServerConfig } from '../../server/config.ts'

export interface TestServer {
  server: AccordServer
  port: number
  dataDir: string
  httpUrl: string
  wsUrl: string
  stop(): Promise<void>
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'accord-test-'))
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir()
  const config: ServerConfig = { ...readConfig({}), port: 0, host: '127.0.0.1', dataDir, ...overrides }
  const server = new AccordServer(config)
  const port = await server.start()
  return {
    server,
    port,
    dataDir,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    stop: () => server.stop(),
  }
}
