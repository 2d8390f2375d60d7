/**
 * The drafting toolbar and its keyboard shortcuts (SPEC D1-D8). Each button runs a command from
 * shared/commands; a button shows only when the person's role may use it, and is enabled only
 * when the command says it applies where the cursor is (`command(state)` without dispatch).
 * The server enforces the same rules (R12, R13), whatever the page does.
 */
import { may } from '../../../shared/roles.ts'
import { Plugin, type Command, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { addAlternative, bracketSelection, chooseAlternative, proposeAmendment, proposeRecommendation, removeBracket, sponsorsHere, sponsorshipAt, startComment, statusCommand, statusRefusal, reservationCommand, recommendationAt, toggleSponsorship, type DraftingContext } from '../../../shared/commands/index.ts'
import { askText } from '../ui/askText.ts'
import { MAX_DELEGATION_LENGTH, type SponsorshipRequest } from '../../../shared/sponsorship.ts'
import type { ConsensusEntry } from '../../../shared/consensus.ts'
import { STATUS_ACTIONS, STATUS_ACTION_LABEL, type StatusAction } from '../../../shared/statusCommands.ts'

export interface DraftingAction {
  id: string
  label: string
  shortcut: string
  /** What it does, for the help panel. */
  help: string
  /** Runs now, or asks for input first; `command` answers whether it applies here. */
  command: Command
  run?: (view: EditorView) => void
  /** Why it does not apply here, for its disabled button and its shortcut (defaults to `needs`). */
  why?: (state: EditorState) => string | null
}

/** What each action needs where the cursor is: the reason shown when it does not apply. */
const NEEDS: Record<string, string> = {
  propose: 'To propose a recommendation, place the cursor in a topic',
  bracket: 'To bracket, select words in a paragraph that is not locked',
  delete: 'To propose a deletion, select words in a paragraph that is not locked',
  amend: 'To amend, select words in a paragraph that is not locked',
  alternative: 'To add an alternative, place the cursor in a bracket or a group of alternatives of a paragraph that is not locked',
  sponsor: 'To change sponsors, place the cursor in a paragraph, a bracket or an option that is not locked',
  unbracket: 'To remove brackets, place the cursor in a bracket of a paragraph that is not locked',
  choose: 'To keep an alternative, place the cursor in that option of a paragraph that is not locked',
  reserve: 'To record a reservation, place the cursor in the paragraph',
  comment: 'To comment, place the cursor in a paragraph or select words in it',
}

/** Why `a` does not apply in `state` (null when it does). */
export function whyNot(a: DraftingAction, state: EditorState): string | null {
  if (a.command(state)) return null
  return a.why?.(state) ?? NEEDS[a.id] ?? 'Not available where the cursor is'
}

/** What the page does for the actions the server carries out. */
export interface DraftingHooks {
  /** Sends a sponsorship command (D8: sponsorship changes by command, R13). */
  sponsor(request: SponsorshipRequest): void
  /** Opens the new-comment box on the selection (K1). */
  comment(): void
  /** The chair's status actions (R3), when the person is the chair. */
  status: { lookup(id: string): ConsensusEntry | null; run(paragraphId: string, action: StatusAction): void } | null
  /** Recording and withdrawing the delegation's reservation (C8); null for observers. */
  reserve: { hasOwn(paragraphId: string): boolean; record(paragraphId: string): void; withdraw(paragraphId: string): void } | null
  /** Tells the person why an action they asked for does not apply (a disabled button, a shortcut). */
  explain(why: string): void
}

/** Shortcuts of the chair's status actions (R3). */
const STATUS_SHORTCUT: Record<StatusAction, string> = {
  agree: 'Mod-Alt-g',
  agreeAdRef: 'Mod-Alt-f',
  reopen: 'Mod-Alt-o',
  moveToAnnex: 'Mod-Alt-x',
  restore: 'Mod-Alt-e',
}
const STATUS_HELP: Record<StatusAction, string> = {
  agree: 'Mark the paragraph at the cursor as agreed (it locks); only clean text can be agreed',
  agreeAdRef: 'Mark the paragraph at the cursor as agreed ad referendum, pending confirmation (it locks)',
  reopen: 'Reopen an agreed or ad ref. paragraph for negotiation',
  moveToAnnex: 'No consensus: move the paragraph to the annex, recording the differing views',
  restore: 'Bring a point back from the annex to its topic for negotiation',
}

export function draftingActions(ctx: DraftingContext, hooks: DraftingHooks): DraftingAction[] {
  const { sponsor } = hooks
  const actions: DraftingAction[] = []
  if (may(ctx.role, 'editText')) {
    actions.push(
      { id: 'propose', label: 'New recommendation', shortcut: 'Mod-Alt-n', help: 'Propose a recommendation at the end of this topic, sponsored by your delegation', command: proposeRecommendation(ctx) },
      { id: 'bracket', label: '[ Bracket ]', shortcut: 'Mod-Alt-b', help: 'Put the selected text in brackets', command: bracketSelection(ctx) },
      { id: 'delete', label: 'Propose deletion', shortcut: 'Mod-Alt-d', help: 'Bracket the selected text as a proposal to delete it', command: bracketSelection(ctx, 'delete') },
      {
        id: 'amend',
        label: 'Amend…',
        shortcut: 'Mod-Alt-m',
        help: 'Propose other wording for the selected text; both stand as alternatives',
        command: proposeAmendment(ctx, 'x'),
        run: (view) => {
          void askText('Propose an amendment', 'Your wording').then((text) => {
            if (text) proposeAmendment(ctx, text)(view.state, view.dispatch)
            view.focus()
          })
        },
      },
      {
        id: 'alternative',
        label: 'Add alternative…',
        shortcut: 'Mod-Alt-a',
        help: 'Propose another wording as an option of the bracket or alternatives at the cursor',
        command: addAlternative(ctx),
        // Asked first: a caret cannot stand in an empty option, so typing would land in its neighbour.
        run: (view) => {
          void askText('Add an alternative', 'Your wording').then((text) => {
            if (text) addAlternative(ctx, text)(view.state, view.dispatch)
            view.focus()
          })
        },
      },
      may(ctx.role, 'nameAnyDelegation')
        ? {
            id: 'sponsor',
            label: 'Sponsors…',
            shortcut: 'Mod-Alt-s',
            help: 'Enter a delegation joining or leaving the sponsors of this option, bracket or paragraph (as the pen-holder)',
            command: toggleSponsorship(ctx, sponsor),
            run: (view) => {
              const here = sponsorshipAt(view.state)
              if (!here) return
              void askText('Join or leave the sponsors', 'Delegation (it joins, or leaves if it already sponsors)', '', MAX_DELEGATION_LENGTH).then((name) => {
                const delegation = name?.trim()
                if (delegation) sponsor({ target: here.target, delegation, join: !here.sponsors.includes(delegation) })
                view.focus()
              })
            },
          }
        : { id: 'sponsor', label: 'Co-sponsor', shortcut: 'Mod-Alt-s', help: 'Add your delegation to the sponsors of this option, bracket or paragraph, or withdraw it', command: toggleSponsorship(ctx, sponsor) },
    )
  }
  if (may(ctx.role, 'clean')) {
    actions.push(
      { id: 'unbracket', label: 'Remove brackets', shortcut: 'Mod-Alt-u', help: 'Clean: remove the bracket at the cursor, keep its text', command: removeBracket(ctx) },
      { id: 'choose', label: 'Keep this alternative', shortcut: 'Mod-Alt-k', help: 'Clean: keep the alternative at the cursor, drop the others', command: chooseAlternative(ctx) },
    )
  }
  const { status, reserve } = hooks
  if (reserve) {
    actions.push({
      id: 'reserve',
      label: 'Reserve',
      shortcut: 'Mod-Alt-r',
      help: "Record your delegation's reservation on the paragraph at the cursor (a footnote kept for the report), or withdraw it",
      command: reservationCommand(ctx.role, reserve.hasOwn, (id, record) => (record ? reserve.record(id) : reserve.withdraw(id))),
    })
  }
  if (status) {
    for (const action of STATUS_ACTIONS) {
      actions.push({
        id: `status-${action}`,
        label: STATUS_ACTION_LABEL[action] + (action === 'moveToAnnex' ? '…' : ''),
        shortcut: STATUS_SHORTCUT[action],
        help: STATUS_HELP[action],
        command: statusCommand(action, ctx.role, status.lookup, status.run),
        why: statusRefusal(action, status.lookup),
      })
    }
  }
  // K2: everyone comments, observers too.
  actions.push({
    id: 'comment',
    label: 'Comment',
    shortcut: 'Mod-Alt-c',
    help: 'Comment on the selected words, or on the paragraph (the group sees it; no output carries it)',
    command: startComment(() => {}),
    run: () => hooks.comment(),
  })
  return actions
}

/**
 * The shortcuts, as a keymap plugin (the same commands as the buttons). A shortcut that does not
 * apply where the cursor is says why, as its disabled button does.
 */
export function draftingKeymap(actions: readonly DraftingAction[], view: () => EditorView | null, explain: (why: string) => void): Plugin {
  const bindings: Record<string, Command> = {}
  for (const a of actions) {
    bindings[a.shortcut] = (state, dispatch) => {
      const why = whyNot(a, state)
      if (why) {
        explain(why)
        return true
      }
      const v = view()
      if (a.run && v) a.run(v)
      else a.command(state, dispatch)
      return true
    }
  }
  return keymap(bindings)
}

/** Renders the toolbar into `host` and keeps its buttons in step with the editor state. */
export function draftingToolbar(host: HTMLElement, actions: readonly DraftingAction[], ctx: DraftingContext, hooks: DraftingHooks): Plugin {
  const reservedHere = (state: EditorState): boolean => {
    const rec = recommendationAt(state.selection.$from)
    return rec !== null && hooks.reserve !== null && hooks.reserve.hasOwn(rec.node.attrs.id as string)
  }
  return new Plugin({
    view(view) {
      host.replaceChildren()
      host.setAttribute('role', 'toolbar')
      host.setAttribute('aria-label', 'Drafting')
      const buttons = actions.map((a) => {
        const b = document.createElement('button')
        b.type = 'button'
        b.className = `draft-action draft-action-${a.id}`
        b.dataset.action = a.id
        b.title = `${a.help} (${shortcutLabel(a.shortcut)})`
        b.textContent = a.label
        b.addEventListener('mousedown', (ev) => ev.preventDefault()) // keep the selection
        b.addEventListener('click', () => {
          // Not `disabled`: a disabled button can be neither focused nor asked why.
          const why = whyNot(a, view.state)
          if (why) hooks.explain(why)
          else if (a.run) a.run(view)
          else a.command(view.state, view.dispatch)
          view.focus()
        })
        host.append(b)
        return { a, b }
      })
      const help = document.createElement('button')
      help.type = 'button'
      help.className = 'draft-help-toggle secondary'
      help.textContent = 'Shortcuts'
      const panel = helpPanel(actions)
      help.addEventListener('click', () => (panel.hidden = !panel.hidden))
      host.append(help, panel)
      const update = (state: EditorState): void => {
        for (const { a, b } of buttons) {
          const why = whyNot(a, state)
          b.setAttribute('aria-disabled', String(why !== null))
          b.title = why ?? `${a.help} (${shortcutLabel(a.shortcut)})`
          if (why) b.setAttribute('aria-description', why)
          else b.removeAttribute('aria-description')
          if (a.id === 'sponsor' && !may(ctx.role, 'nameAnyDelegation')) b.textContent = sponsorsHere(state, ctx) ? 'Withdraw sponsorship' : 'Co-sponsor'
          if (a.id === 'reserve') b.textContent = reservedHere(state) ? 'Withdraw reservation' : 'Reserve'
        }
      }
      update(view.state)
      return { update: (v) => update(v.state), destroy: () => host.replaceChildren() }
    },
  })
}

function helpPanel(actions: readonly DraftingAction[]): HTMLElement {
  const panel = document.createElement('div')
  panel.className = 'draft-help'
  panel.hidden = true
  const list = document.createElement('dl')
  for (const a of actions) {
    const dt = document.createElement('dt')
    dt.textContent = shortcutLabel(a.shortcut)
    const dd = document.createElement('dd')
    dd.textContent = `${a.label}: ${a.help}`
    list.append(dt, dd)
  }
  const undo = document.createElement('dt')
  undo.textContent = `${shortcutLabel('Mod-z')} / ${shortcutLabel('Mod-Shift-z')}`
  const undoHelp = document.createElement('dd')
  undoHelp.textContent = 'Undo / redo your own changes'
  const send = document.createElement('dt')
  send.textContent = shortcutLabel('Mod-Enter')
  const sendHelp = document.createElement('dd')
  sendHelp.textContent = 'In a comment or reply box: send it'
  list.append(undo, undoHelp, send, sendHelp)
  panel.append(list)
  return panel
}

const mac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform)

export function shortcutLabel(shortcut: string): string {
  return shortcut
    .replace('Mod', mac ? '⌘' : 'Ctrl')
    .replace('Alt', mac ? '⌥' : 'Alt')
    .replace(/-/g, '+')
}
