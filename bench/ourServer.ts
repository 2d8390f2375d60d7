/**
 * Entry point of Accord's server for the benchmark: the real AccordServer on 127.0.0.1, port 0,
 * with its SQLite file in DATA_DIR (COMPACT_AFTER etc. from the environment as in production).
 * Prints `{"port":N,"invites":{role:token}}` on one stdout line once listening (the demo sign-in
 * links, when this start created the demo); SIGTERM stores everything and exits. BENCH_CLIENT_DIR
 * serves the built client (row f opens it in Chromium), whose origin is then allowed.
 * bench/servers.ts bundles this file with esbuild and runs it with plain `node`, so that the
 * process measured holds no TypeScript loader.
 */
import path from 'node:path'
import { AccordServer } from '../server/AccordServer.ts'
import { readConfig } from '../server/config.ts'
import { inviteCollector } from './demoAccess.ts'

const base = readConfig()
const { logger, invites } = inviteCollector((line) => process.stderr.write(line + '\n'))
const server = new AccordServer(
  { ...base, port: 0, host: '127.0.0.1', clientDir: process.env.BENCH_CLIENT_DIR ?? path.join(base.dataDir, 'no-client') },
  logger,
)
const port = await server.start()
if (process.env.BENCH_CLIENT_DIR) server.config.allowedOrigins.push(`http://127.0.0.1:${port}`)
process.stdout.write(JSON.stringify({ port, invites }) + '\n')

process.on('SIGTERM', () => {
  server.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
})
