/**
 * Who may do what, enforced by the server whatever the page does (SPEC R1, R3, R4, R6, R12, R13,
 * D1-D8, C8, K4): every drafting operation is sent by every role as the raw update an editor
 * would make (the shared command run without its role check), and every command is sent over
 * HTTP by every role. What a role may not do is refused, quarantined, and changes nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Command } from 'prosemirror-state'
import {
  addAlternative,
  bracketSelection,
  chooseAlternative,
  proposeAmendment,
  proposeRecommendation,
  removeBracket,
  type DraftingContext,
} from '../../shared/commands/index.ts'
import type { Role } from '../../shared/roles.ts'
import { consensusOf, reservationsOf, commentsOf, textOf } from '../../shared/ydoc.ts'
import { craft, recommendation, syncFrame } from '../helpers/attacks.ts'
import { guardHarness, participant } from '../helpers/guardHarness.ts'
import { applyCommand, selectIn } from '../helpers/pmCommands.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { apiAs } from '../helpers/rawClient.ts'
import type { Selection } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'

const ROLES: Role[] = ['chair', 'secretariat', 'member', 'observer']
/** The command as the toolbar would build it for a pen-holder: its own checks let everything through. */
const any: DraftingContext = { delegation: 'Kenya', role: 'chair', isLocked: () => false }

interface Operation {
  name: string
  /** Roles the server lets do it. */
  allowed: Role[]
  /** The update, made on the sender's copy of the document. */
  change(doc: Y.Doc): void
  /** A refusal names this. */
  reason: RegExp
}

const command = (c: Command, at: (doc: PMNode) => Selection) => (doc: Y.Doc) => applyCommand(doc, c, at)
const EDITORS: Role[] = ['chair', 'secretariat', 'member']
const PEN: Role[] = ['chair', 'secretariat']
const OBSERVER = /observers cannot edit/

const OPERATIONS: Operation[] = [
  { name: '[D1] propose a recommendation', allowed: EDITORS, reason: OBSERVER, change: command(proposeRecommendation(any), selectIn('r-demo-b3', 'Processes', true)) },
  { name: '[D2] bracket words', allowed: EDITORS, reason: OBSERVER, change: command(bracketSelection(any), selectIn('r-demo-b3', 'transparent')) },
  { name: '[D3] propose a deletion', allowed: EDITORS, reason: OBSERVER, change: command(bracketSelection(any, 'delete'), selectIn('r-demo-b3', 'transparent')) },
  { name: '[D4] propose an amendment', allowed: EDITORS, reason: OBSERVER, change: command(proposeAmendment(any, 'accountable'), selectIn('r-demo-b3', 'transparent')) },
  { name: '[D5] add an alternative', allowed: EDITORS, reason: OBSERVER, change: command(addAlternative(any, 'at low cost'), selectIn('r-demo-c2', 'free of charge', true)) },
  { name: '[D6] remove a bracket', allowed: PEN, reason: /only the chair and the secretariat clean|observers cannot edit/, change: command(removeBracket(any), selectIn('r-demo-c2', 'free of charge', true)) },
  { name: '[D7] keep one alternative', allowed: PEN, reason: /only the chair and the secretariat clean|observers cannot edit/, change: command(chooseAlternative(any), selectIn('r-demo-a1', 'should', true)) },
  { name: '[R4] edit an agreed paragraph', allowed: [], reason: /B\.1 is agreed and locked|observers cannot edit/, change: command(bracketSelection(any), selectIn('r-demo-b1', 'stakeholders')) },
  { name: '[R4] edit a point in the annex', allowed: [], reason: /Annex 1 is in the annex|observers cannot edit/, change: (doc) => recommendation(doc, 'r-demo-x1').get(0) instanceof Y.XmlText && (recommendation(doc, 'r-demo-x1').get(0) as Y.XmlText).insert(0, 'Not ') },
  { name: '[R3][R6] write a status', allowed: [], reason: /may not write to "consensus"|observers cannot edit/, change: (doc) => consensusOf(doc).set('r-demo-b3', { status: 'agreed', at: '2026-01-01T00:00:00.000Z' }) },
  { name: '[C8][R6] write a reservation', allowed: [], reason: /may not write to "reservations"|observers cannot edit/, change: (doc) => reservationsOf(doc).set('r-demo-b3', [{ delegation: 'Kenya', text: 'x', at: 'now' }]) },
  { name: '[K5][R6] write a comment', allowed: [], reason: /may not write to "comments"|observers cannot edit/, change: (doc) => commentsOf(doc).set('c-x', { id: 'c-x' }) },
]

describe('[R1][R4][R6][R12] every drafting operation, sent as a raw update by every role', () => {
  let h: ReturnType<typeof guardHarness>
  beforeEach(() => {
    h = guardHarness()
  })
  afterEach(() => h.dispose())

  for (const op of OPERATIONS) {
    for (const role of ROLES) {
      const allowed = op.allowed.includes(role)
      it(`${op.name}: ${role} ${allowed ? 'may' : 'is refused'}`, () => {
        const sender = h.connect({ ...participant(role), delegation: 'Kenya' })
        const witness = h.connect(participant('member'))
        const update = craft(sender.doc, op.change, sender.doc.clientID)
        if (allowed) {
          const before = textOf(h.room().doc).toString()
          h.expectAccepted(sender, syncFrame('update', update))
          expect(textOf(h.room().doc).toString()).not.toBe(before)
        } else {
          h.expectRefused(sender, syncFrame('update', update), role === 'observer' ? OBSERVER : op.reason, [witness])
        }
      })
    }
  }

  it('[R13] co-sponsoring by editing the attribute: put back for every editor (it is a command), refused for an observer', () => {
    const sponsor = (doc: Y.Doc): void => recommendation(doc, 'r-demo-b3').setAttribute('sponsors', ['APC (civil society)', 'Kenya'] as unknown as string)
    const sponsorsNow = (): unknown => recommendation(h.room().doc, 'r-demo-b3').getAttribute('sponsors')
    const observer = h.connect(participant('observer'))
    const witness = h.connect(participant('member'))
    h.expectRefused(observer, syncFrame('update', craft(observer.doc, sponsor, observer.doc.clientID)), OBSERVER, [witness])
    for (const role of EDITORS) {
      const editor = h.connect({ ...participant(role), delegation: 'Kenya' })
      h.expectAccepted(editor, syncFrame('update', craft(h.room().doc, sponsor, editor.doc.clientID)))
      expect(sponsorsNow(), role).toEqual(['APC (civil society)'])
    }
  })
})

describe('[R3][C8][D8][K4] every command, sent over HTTP by every role', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.stop())
  const DOC = '/documents/wgec-rolling'
  const as = (role: Role) => server.signIn(role, { delegation: `${role} delegation` })

  it('[R3] only the chair changes a status: agree, agree ad ref., reopen, move to the annex, restore', async () => {
    const cases: [string, string, object][] = [
      ['r-demo-b3', 'agree', {}],
      ['r-demo-b3', 'agreeAdRef', {}],
      ['r-demo-b1', 'reopen', {}],
      ['r-demo-c3', 'moveToAnnex', { views: ['Some members considered that ...'] }],
      ['r-demo-x1', 'restore', {}],
    ]
    for (const role of ['secretariat', 'member', 'observer'] as Role[]) {
      const who = as(role)
      for (const [paragraph, action, extra] of cases) {
        const res = await apiAs(server.httpUrl, who.cookie, 'POST', `${DOC}/paragraphs/${paragraph}/status`, { action, ...extra })
        expect(res.status, `${role} ${action}`).toBe(403)
      }
    }
    const stored = new Y.Doc()
    for (const u of server.server.store.loadHistory('wgec-rolling').updates) Y.applyUpdate(stored, u)
    expect(consensusOf(stored).get('r-demo-b3')).toBeUndefined()
    expect(consensusOf(stored).get('r-demo-b1')).toMatchObject({ status: 'agreed' })
    const chair = as('chair')
    expect((await apiAs(server.httpUrl, chair.cookie, 'POST', `${DOC}/paragraphs/r-demo-c3/status`, { action: 'moveToAnnex', views: ['Some members considered that ...'] })).status).toBe(200)
    expect((await apiAs(server.httpUrl, chair.cookie, 'POST', `${DOC}/paragraphs/r-demo-c3/status`, { action: 'restore' })).status).toBe(200)
  })

  it('[C8][D8] observers record no reservation and sponsor nothing; a member names only their own delegation', async () => {
    const observer = as('observer')
    expect((await apiAs(server.httpUrl, observer.cookie, 'PUT', `${DOC}/paragraphs/r-demo-b3/reservation`, { text: 'x' })).status).toBe(403)
    expect((await apiAs(server.httpUrl, observer.cookie, 'POST', `${DOC}/paragraphs/r-demo-b3/sponsors`, { join: true })).status).toBe(403)
    const member = as('member')
    expect((await apiAs(server.httpUrl, member.cookie, 'POST', `${DOC}/paragraphs/r-demo-b3/sponsors`, { join: true, delegation: 'Japan' })).status).toBe(403)
    for (const role of EDITORS) {
      const who = as(role)
      expect((await apiAs(server.httpUrl, who.cookie, 'PUT', `${DOC}/paragraphs/r-demo-b3/reservation`, { text: 'Reserved.' })).status, role).toBe(200)
      expect((await apiAs(server.httpUrl, who.cookie, 'POST', `${DOC}/paragraphs/r-demo-b3/sponsors`, { join: true })).status, role).toBe(200)
    }
  })

  it('[K2][K4] everyone comments; only the thread\'s author, the chair and the secretariat resolve it', async () => {
    const author = as('member')
    const started = await apiAs(server.httpUrl, author.cookie, 'POST', `${DOC}/comments`, { paragraphId: 'r-demo-b3', text: 'A question.' })
    const thread = (started.body.thread as { id: string }).id
    for (const role of ROLES) {
      const who = as(role)
      expect((await apiAs(server.httpUrl, who.cookie, 'POST', `${DOC}/comments`, { paragraphId: 'r-demo-b3', text: `From the ${role}.` })).status, role).toBe(201)
      const resolve = await apiAs(server.httpUrl, who.cookie, 'PUT', `${DOC}/comments/${thread}/resolution`, { resolved: true })
      expect(resolve.status, role).toBe(PEN.includes(role) ? 200 : 403)
    }
    expect((await apiAs(server.httpUrl, author.cookie, 'PUT', `${DOC}/comments/${thread}/resolution`, { resolved: false })).status).toBe(200)
  })
})
