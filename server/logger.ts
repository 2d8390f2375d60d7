/** A one-line-per-event logger on stderr (JSON fields after the message). */
import type { Logger } from './collab/types.ts'

export function consoleLogger(): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const extra = fields ? ` ${JSON.stringify(fields)}` : ''
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}${extra}\n`)
  }
  return {
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
  }
}
