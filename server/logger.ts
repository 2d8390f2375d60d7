/**
 * Structured logs: pino, one JSON object per line on stderr, behind the core's small Logger
 * interface (collab/types.ts), so that nothing but this file knows which library writes them.
 */
import pino from 'pino'
import type { Logger } from './collab/types.ts'

export interface LoggerOptions {
  /** pino's level name: trace, debug, info, warn, error, fatal or silent (LOG_LEVEL, default info). */
  level?: string
  /** Where the lines go (default stderr, written synchronously so none is lost at process.exit). */
  destination?: pino.DestinationStream
}

export function pinoLogger(options: LoggerOptions = {}): Logger {
  const log = pino(
    {
      level: options.level ?? (process.env.LOG_LEVEL || 'info'),
      // Level names and ISO times read better than pino's numbers, and log tools parse both.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  )
  return fromPino(log)
}

/** The core's Logger over a pino logger; an Error under `err` is written with its stack. */
export function fromPino(log: pino.Logger): Logger {
  return {
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  }
}
