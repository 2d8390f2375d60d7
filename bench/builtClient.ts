/**
 * The client that row (f) opens in Chromium: built from the code being measured (`npm run
 * build`, as `npm start` does), so that a stale dist/client is never what is timed.
 */
import path from 'node:path'
import { execFileSync } from 'node:child_process'

export function builtClient(root: string, log: (msg: string) => void): string {
  log('(f) building the client (npm run build)')
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  return path.join(root, 'dist', 'client')
}
