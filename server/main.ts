/**
 * Entry point: `npm start`. Reads the environment, starts the server, stops gracefully on
 * SIGTERM/SIGINT (everything stored, database closed).
 */
import { readConfig } from './config.ts'
import { pinoLogger } from './logger.ts'
import { AccordServer } from './AccordServer.ts'

const logger = pinoLogger()
const config = readConfig()
const server = new AccordServer(config, logger)
const port = await server.start()
// The first start's sign-in links are for the person at the terminal: plain lines they can copy.
if (server.demoLinks.length > 0) {
  process.stderr.write(`Sign in to the demo working group with one of these links:\n${server.demoLinks.join('\n')}\n`)
}
logger.info(`Accord is listening on http://localhost:${port}`, { dataDir: config.dataDir })

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: storing everything and shutting down`)
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { error: String(err) })
        process.exit(1)
      },
    )
  })
}
