/**
 * Server configuration from the environment, with the defaults a newcomer needs.
 */
import path from 'node:path'
import { DEFAULT_LIMITS, type TextLimits } from '../shared/limits.ts'

export interface ServerConfig {
  port: number
  host: string
  /** Folder of the database file (DATA_DIR, default ./data, absolute); see databasePath. */
  dataDir: string
  /** Largest WebSocket frame accepted (MAX_MESSAGE_BYTES, default 8 MiB). */
  maxMessageBytes: number
  /** Log length that triggers compaction (COMPACT_AFTER, default 2000). */
  compactAfter: number
  clientDir: string
  /** Base URL printed in sign-in links (PUBLIC_URL, default http://localhost:PORT). */
  publicUrl: string
  /** Origins allowed to open WebSockets (ALLOWED_ORIGINS, comma-separated; default: publicUrl's). */
  allowedOrigins: string[]
  /** Mark the session cookie Secure (COOKIE_SECURE=1; default when PUBLIC_URL is https). */
  cookieSecure: boolean
  /** Size limits of the text (R16): MAX_PARAGRAPH_CHARS, MAX_DOCUMENT_CHARS, MAX_UPDATE_BYTES. */
  limits: TextLimits
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = intFrom(env.PORT, 3000, 'PORT')
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '')
  return {
    port,
    publicUrl,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? new URL(publicUrl).origin).split(',').map((o) => o.trim()).filter(Boolean),
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === '1' : publicUrl.startsWith('https:'),
    host: env.HOST ?? '0.0.0.0',
    // An empty DATA_DIR means unset, as for the numbers: path.resolve('') would be the current folder.
    dataDir: path.resolve(env.DATA_DIR || './data'),
    maxMessageBytes: intFrom(env.MAX_MESSAGE_BYTES, 8 * 1024 * 1024, 'MAX_MESSAGE_BYTES'),
    compactAfter: intFrom(env.COMPACT_AFTER, 2000, 'COMPACT_AFTER'),
    clientDir: path.resolve(env.CLIENT_DIR ?? './dist/client'),
    limits: {
      paragraphChars: intFrom(env.MAX_PARAGRAPH_CHARS, DEFAULT_LIMITS.paragraphChars, 'MAX_PARAGRAPH_CHARS'),
      documentChars: intFrom(env.MAX_DOCUMENT_CHARS, DEFAULT_LIMITS.documentChars, 'MAX_DOCUMENT_CHARS'),
      updateBytes: intFrom(env.MAX_UPDATE_BYTES, DEFAULT_LIMITS.updateBytes, 'MAX_UPDATE_BYTES'),
    },
  }
}

/**
 * The one SQLite file of a configuration. The server and the operator's command line both open
 * exactly this path, so they always work on the same data.
 */
export function databasePath(config: Pick<ServerConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'accord.sqlite')
}

function intFrom(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`)
  return n
}
