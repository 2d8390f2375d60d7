/** Members of a working group: list, invite, change role, new link, revoke (chair and secretariat). */
import express, { type Response } from 'express'
import type { MemberService } from '../access/MemberService.ts'
import type { Member } from '../access/AccessStore.ts'
import { publicMember } from './views.ts'

const actorOf = (res: Response): Member => res.locals.member as Member

export function memberRoutes(members: MemberService): express.Router {
  const r = express.Router()
  r.get('/groups/:groupId/members', (req, res) => {
    res.json({ members: members.list(actorOf(res), req.params.groupId).map(publicMember) })
  })
  r.post('/groups/:groupId/members', (req, res) => {
    const inv = members.invite(actorOf(res), req.params.groupId, (req.body ?? {}) as Record<string, unknown>)
    res.status(201).json({ member: publicMember(inv.member), link: inv.link, expiresAt: inv.expiresAt })
  })
  r.patch('/members/:memberId', (req, res) => {
    const updated = members.setRole(actorOf(res), req.params.memberId, (req.body as { role?: unknown } | undefined)?.role)
    res.json({ member: publicMember(updated) })
  })
  r.post('/members/:memberId/link', (req, res) => {
    const inv = members.newLink(actorOf(res), req.params.memberId)
    res.json({ member: publicMember(inv.member), link: inv.link, expiresAt: inv.expiresAt })
  })
  r.post('/members/:memberId/revoke', (req, res) => {
    members.revoke(actorOf(res), req.params.memberId)
    res.status(204).end()
  })
  return r
}
