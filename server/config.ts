/**
 * Server configuration from the environment, with the defaults a newcomer needs.
 */
import path from 'node:path'

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  /** Largest WebSocket frame accepted (MAX_MESSAGE_BYTES, default 8 MiB). */
  maxMessageBytes: number
  /** Log length that triggers compaction (COMPACT_AFTER, default 2000). */
  compactAfter: number
  clientDir: string
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    maxMessageBytes: intFrom(env.MAX_MESSAGE_BYTES, 8 * 1024 * 1024, 'MAX_MESSAGE_BYTES'),
    compactAfter: intFrom(env.COMPACT_AFTER, 2000, 'COMPACT_AFTER'),
    clientDir: path.resolve(env.CLIENT_DIR ?? './dist/client'),
  }
}

function intFrom(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`)
  return n
}
