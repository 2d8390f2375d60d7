/** The JSON API's request schemas (shared/apiSchemas.ts): what they refuse, and in which words. */
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  MAX_TITLE_LENGTH,
  createDocumentRequest,
  inviteRequest,
  requestProblem,
  reservationBody,
  roleChangeRequest,
  signInRequest,
  sponsorsBody,
  statusBody,
} from '../../shared/apiSchemas.ts'

/** The sentence a refusal gives, or null when the value passes. */
function problem(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value)
  return parsed.success ? null : requestProblem(parsed.error)
}

describe('createDocumentRequest', () => {
  it('trims the title and leaves the working group optional', () => {
    expect(createDocumentRequest.parse({ title: '  Second reading  ' })).toEqual({ title: 'Second reading' })
    expect(createDocumentRequest.parse({ title: 'T', groupId: 'wgec' })).toEqual({ title: 'T', groupId: 'wgec' })
  })

  it('refuses a missing, empty, whitespace or non-string title, naming the field', () => {
    for (const body of [{}, { title: '' }, { title: ' \n\t ' }, { title: 42 }, { title: null }, undefined, []]) {
      expect(problem(createDocumentRequest, body), JSON.stringify(body)).toBe('title is required (a non-empty string)')
    }
  })

  it('refuses a title longer than the limit, counted after trimming', () => {
    expect(problem(createDocumentRequest, { title: 'x'.repeat(MAX_TITLE_LENGTH + 1) })).toBe(`title is longer than ${MAX_TITLE_LENGTH} characters`)
    expect(problem(createDocumentRequest, { title: ` ${'x'.repeat(MAX_TITLE_LENGTH)} ` })).toBeNull()
  })

  it('refuses a working group that is not a string', () => {
    expect(problem(createDocumentRequest, { title: 'T', groupId: 42 })).toMatch(/^groupId /)
  })
})

describe('signInRequest', () => {
  it('takes a token of a plausible length and refuses anything else with the same sentence', () => {
    expect(signInRequest.parse({ token: 'x'.repeat(43) })).toEqual({ token: 'x'.repeat(43) })
    for (const body of [{ token: 42 }, { token: ['x'.repeat(43)] }, {}, { token: 'short' }, { token: 'x'.repeat(201) }]) {
      expect(problem(signInRequest, body), JSON.stringify(body)).toBe('token is required (the part of the sign-in link after #)')
    }
  })
})

describe('member requests', () => {
  it('invite: trims names, checks their lengths in order, and names a bad role with its value', () => {
    expect(inviteRequest.parse({ displayName: ' Dana ', delegation: ' Peru ', role: 'member' })).toEqual({ displayName: 'Dana', delegation: 'Peru', role: 'member' })
    expect(problem(inviteRequest, { displayName: '', delegation: '', role: 'member' })).toBe('displayName is required (a non-empty string)')
    expect(problem(inviteRequest, { displayName: 'x'.repeat(81), delegation: 'Y', role: 'member' })).toBe('displayName is longer than 80 characters')
    expect(problem(inviteRequest, { displayName: 'X', delegation: 3, role: 'member' })).toBe('delegation is required (a non-empty string)')
    expect(problem(inviteRequest, { displayName: 'X', delegation: 'Y', role: 'king' })).toBe('role must be chair, secretariat, member or observer, got "king"')
  })

  it('role change: only the four roles', () => {
    expect(roleChangeRequest.parse({ role: 'observer' })).toEqual({ role: 'observer' })
    expect(problem(roleChangeRequest, {})).toBe('role must be chair, secretariat, member or observer, got undefined')
  })
})

describe('command bodies (cut from the command schemas)', () => {
  it('sponsors: join must be a boolean; the target fields are optional', () => {
    expect(sponsorsBody.safeParse({ join: true }).success).toBe(true)
    expect(sponsorsBody.safeParse({ join: true, groupId: 'g1', option: 2, delegation: 'Peru' }).success).toBe(true)
    for (const join of ['true', 1, null, undefined]) expect(sponsorsBody.safeParse({ join }).success, String(join)).toBe(false)
    expect(sponsorsBody.safeParse({ join: false, option: 1.5 }).success).toBe(false)
  })

  it('status: a known action, at most 20 views; reservation: a string, never null', () => {
    expect(statusBody.safeParse({ action: 'agree' }).success).toBe(true)
    expect(statusBody.safeParse({ action: 'adopt' }).success).toBe(false)
    expect(statusBody.safeParse({ action: 'moveToAnnex', views: Array.from({ length: 21 }, () => 'v') }).success).toBe(false)
    expect(reservationBody.safeParse({ text: 'We reserve.' }).success).toBe(true)
    expect(reservationBody.safeParse({ text: null }).success).toBe(false)
  })
})
