/**
 * The chair's status actions and a delegation's reservation, as commands on the paragraph at the
 * cursor (SPEC R3, C5, C8), for the toolbar and the keyboard. The server carries them out, so with
 * `dispatch` they call `send`; whether they apply is `decideStatus`, the function the server runs.
 */
import type { Command, EditorState } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { STATUS_ACTION_LABEL, decideStatus, type StatusAction } from '../statusCommands.ts'
import { numberDocument, type NumberedNode } from '../numbering.ts'
import { may, type DocumentRole } from '../roles.ts'
import type { ConsensusEntry } from '../consensus.ts'
import { recommendationAt } from './brackets.ts'

/** The paragraph at the cursor and the topic it stands in (null in the annex). */
function paragraphAt(state: EditorState): { rec: PMNode; topicId: string | null } | null {
  const $from = state.selection.$from
  const found = recommendationAt($from)
  if (!found) return null
  const section = $from.node(1)
  return { rec: found.node, topicId: section.type.name === 'topic' ? (section.attrs.id as string) : null }
}

/** R3: the chair's `action` on the paragraph at the cursor, when it would succeed. */
export function statusCommand(
  action: StatusAction,
  role: DocumentRole,
  lookup: (id: string) => ConsensusEntry | null,
  send: (paragraphId: string, action: StatusAction) => void,
): Command {
  return (state, dispatch) => {
    if (!may(role, 'changeStatus')) return false
    const here = paragraphAt(state)
    if (!here) return false
    const id = here.rec.attrs.id as string
    // Views are asked for when the command runs; any will do to know whether it applies.
    if (!decideStatus(here.rec, lookup(id), { action, views: ['-'], topicId: here.topicId, at: '' }).ok) return false
    if (dispatch) send(id, action)
    return true
  }
}

/**
 * Why the chair's `action` does not apply at the cursor, in the room's words (`Cannot agree B.3:
 * the paragraph still holds a bracket group: [shall (G77) / should (EU)]; clean them first`), or
 * null when it applies. The same decision as `statusCommand`, for a disabled button and a shortcut
 * pressed anyway.
 */
export function statusRefusal(
  action: StatusAction,
  lookup: (id: string) => ConsensusEntry | null,
  numbers: (state: EditorState) => readonly NumberedNode[] = (state) => numberDocument(state.doc),
): (state: EditorState) => string | null {
  return (state) => {
    const here = paragraphAt(state)
    const verb = STATUS_ACTION_LABEL[action].toLowerCase()
    if (!here) return `To ${verb}, place the cursor in the paragraph`
    const id = here.rec.attrs.id as string
    const decision = decideStatus(here.rec, lookup(id), { action, views: ['-'], topicId: here.topicId, at: '' })
    if (decision.ok) return null
    const label = numbers(state).find((n) => n.node === here.rec)?.label ?? 'this paragraph'
    return `Cannot ${verb} ${label}: ${decision.reason}`
  }
}

/** C8: records the delegation's reservation on the paragraph at the cursor, or withdraws it. */
export function reservationCommand(role: DocumentRole, hasOwn: (paragraphId: string) => boolean, send: (paragraphId: string, record: boolean) => void): Command {
  return (state, dispatch) => {
    if (!may(role, 'editText')) return false
    const here = paragraphAt(state)
    if (!here) return false
    const id = here.rec.attrs.id as string
    if (dispatch) send(id, !hasOwn(id))
    return true
  }
}
