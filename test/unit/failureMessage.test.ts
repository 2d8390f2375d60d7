/**
 * The page never blames the wrong side (issue 9): not sent (offline), refused (a rule, with its
 * reason), failed (the server's fault) are three different sentences.
 */
import { describe, expect, it } from 'vitest'
import { ApiError, UNREACHABLE, failureMessage } from '../../client/src/api.ts'

describe('[P3][U4] who is at fault, in words', () => {
  it('[U4] tells offline from refused from failed', () => {
    expect(failureMessage(new ApiError(UNREACHABLE, 'the server cannot be reached'), 'the comment')).toMatch(/^Not sent: you are offline/)
    expect(failureMessage(new ApiError(409, 'B.3 is agreed and locked'), 'the comment')).toBe('The server refused the comment: B.3 is agreed and locked.')
    expect(failureMessage(new ApiError(500, 'internal error'), 'the comment')).toMatch(/^The server failed to carry out the comment \(error 500\); nothing changed/)
  })
})
