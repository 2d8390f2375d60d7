/**
 * Secrets for invitation links and sessions: 32 random bytes, URL-safe; only their SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto'

export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}
