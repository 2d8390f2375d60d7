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
import { t, type MessageKey } from '../i18n.ts'
import { numbersOf } from './numberingPlugin.ts'
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
const NEEDS: Record<string, MessageKey> = {
  propose: 'toolbar.needs.propose',
  bracket: 'toolbar.needs.bracket',
  delete: 'toolbar.needs.delete',
  amend: 'toolbar.needs.amend',
  alternative: 'toolbar.needs.alternative',
  sponsor: 'toolbar.needs.sponsor',
  unbracket: 'toolbar.needs.unbracket',
  choose: 'toolbar.needs.choose',
  reserve: 'toolbar.needs.reserve',
  comment: 'toolbar.needs.comment',
}

/** Why `a` does not apply in `state` (null when it does). */
export function whyNot(a: DraftingAction, state: EditorState): string | null {
  if (a.command(state)) return null
  const needs = NEEDS[a.id]
  return a.why?.(state) ?? (needs ? t(needs) : t('toolbar.notAvailable'))
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
const STATUS_HELP: Record<StatusAction, MessageKey> = {
  agree: 'toolbar.statusHelp.agree',
  agreeAdRef: 'toolbar.statusHelp.agreeAdRef',
  reopen: 'toolbar.statusHelp.reopen',
  moveToAnnex: 'toolbar.statusHelp.moveToAnnex',
  restore: 'toolbar.statusHelp.restore',
}

export function draftingActions(ctx: DraftingContext, hooks: DraftingHooks): DraftingAction[] {
  const { sponsor } = hooks
  const actions: DraftingAction[] = []
  if (may(ctx.role, 'editText')) {
    actions.push(
      { id: 'propose', label: t('toolbar.propose.label'), shortcut: 'Mod-Alt-n', help: t('toolbar.propose.help'), command: proposeRecommendation(ctx) },
      { id: 'bracket', label: t('toolbar.bracket.label'), shortcut: 'Mod-Alt-b', help: t('toolbar.bracket.help'), command: bracketSelection(ctx) },
      { id: 'delete', label: t('toolbar.delete.label'), shortcut: 'Mod-Alt-d', help: t('toolbar.delete.help'), command: bracketSelection(ctx, 'delete') },
      {
        id: 'amend',
        label: t('toolbar.amend.label'),
        shortcut: 'Mod-Alt-m',
        help: t('toolbar.amend.help'),
        command: proposeAmendment(ctx, 'x'),
        run: (view) => {
          void askText(t('toolbar.amend.title'), t('toolbar.yourWording')).then((text) => {
            if (text) proposeAmendment(ctx, text)(view.state, view.dispatch)
            view.focus()
          })
        },
      },
      {
        id: 'alternative',
        label: t('toolbar.alternative.label'),
        shortcut: 'Mod-Alt-a',
        help: t('toolbar.alternative.help'),
        command: addAlternative(ctx),
        // Asked first: a caret cannot stand in an empty option, so typing would land in its neighbour.
        run: (view) => {
          void askText(t('toolbar.alternative.title'), t('toolbar.yourWording')).then((text) => {
            if (text) addAlternative(ctx, text)(view.state, view.dispatch)
            view.focus()
          })
        },
      },
      may(ctx.role, 'nameAnyDelegation')
        ? {
            id: 'sponsor',
            label: t('toolbar.sponsors.label'),
            shortcut: 'Mod-Alt-s',
            help: t('toolbar.sponsors.help'),
            command: toggleSponsorship(ctx, sponsor),
            run: (view) => {
              const here = sponsorshipAt(view.state)
              if (!here) return
              void askText(t('toolbar.sponsors.title'), t('toolbar.sponsors.prompt'), '', MAX_DELEGATION_LENGTH).then((name) => {
                const delegation = name?.trim()
                if (delegation) sponsor({ target: here.target, delegation, join: !here.sponsors.includes(delegation) })
                view.focus()
              })
            },
          }
        : { id: 'sponsor', label: t('toolbar.cosponsor.label'), shortcut: 'Mod-Alt-s', help: t('toolbar.cosponsor.help'), command: toggleSponsorship(ctx, sponsor) },
    )
  }
  if (may(ctx.role, 'clean')) {
    actions.push(
      { id: 'unbracket', label: t('toolbar.unbracket.label'), shortcut: 'Mod-Alt-u', help: t('toolbar.unbracket.help'), command: removeBracket(ctx) },
      { id: 'choose', label: t('toolbar.choose.label'), shortcut: 'Mod-Alt-k', help: t('toolbar.choose.help'), command: chooseAlternative(ctx) },
    )
  }
  const { status, reserve } = hooks
  if (reserve) {
    actions.push({
      id: 'reserve',
      label: t('toolbar.reserve.label'),
      shortcut: 'Mod-Alt-r',
      help: t('toolbar.reserve.help'),
      command: reservationCommand(ctx.role, reserve.hasOwn, (id, record) => (record ? reserve.record(id) : reserve.withdraw(id))),
    })
  }
  if (status) {
    for (const action of STATUS_ACTIONS) {
      actions.push({
        id: `status-${action}`,
        label: STATUS_ACTION_LABEL[action] + (action === 'moveToAnnex' ? '…' : ''),
        shortcut: STATUS_SHORTCUT[action],
        help: t(STATUS_HELP[action]),
        command: statusCommand(action, ctx.role, status.lookup, status.run),
        why: statusRefusal(action, status.lookup, numbersOf),
      })
    }
  }
  // K2: everyone comments, observers too.
  actions.push({
    id: 'comment',
    label: t('toolbar.comment.label'),
    shortcut: 'Mod-Alt-c',
    help: t('toolbar.comment.help'),
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
      host.setAttribute('aria-label', t('toolbar.label'))
      const buttons = actions.map((a) => {
        const b = document.createElement('button')
        b.type = 'button'
        b.className = `draft-action draft-action-${a.id}`
        b.dataset.action = a.id
        b.title = t('toolbar.buttonTitle', { help: a.help, shortcut: shortcutLabel(a.shortcut) })
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
      help.textContent = t('toolbar.shortcuts')
      const panel = helpPanel(actions)
      help.addEventListener('click', () => (panel.hidden = !panel.hidden))
      host.append(help, panel)
      const update = (state: EditorState): void => {
        for (const { a, b } of buttons) {
          const why = whyNot(a, state)
          b.setAttribute('aria-disabled', String(why !== null))
          b.title = why ?? t('toolbar.buttonTitle', { help: a.help, shortcut: shortcutLabel(a.shortcut) })
          if (why) b.setAttribute('aria-description', why)
          else b.removeAttribute('aria-description')
          if (a.id === 'sponsor' && !may(ctx.role, 'nameAnyDelegation')) b.textContent = sponsorsHere(state, ctx) ? t('toolbar.cosponsor.withdraw') : t('toolbar.cosponsor.label')
          if (a.id === 'reserve') b.textContent = reservedHere(state) ? t('toolbar.reserve.withdraw') : t('toolbar.reserve.label')
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
    dd.textContent = t('toolbar.helpEntry', { label: a.label, help: a.help })
    list.append(dt, dd)
  }
  const undo = document.createElement('dt')
  undo.textContent = `${shortcutLabel('Mod-z')} / ${shortcutLabel('Mod-Shift-z')}`
  const undoHelp = document.createElement('dd')
  undoHelp.textContent = t('toolbar.undoHelp')
  const send = document.createElement('dt')
  send.textContent = shortcutLabel('Mod-Enter')
  const sendHelp = document.createElement('dd')
  sendHelp.textContent = t('toolbar.sendHelp')
  list.append(undo, undoHelp, send, sendHelp)
  panel.append(list)
  return panel
}

const mac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform)

export function shortcutLabel(shortcut: string): string {
  return shortcut
    .replace('Mod', mac ? '⌘' : t('keys.ctrl'))
    .replace('Alt', mac ? '⌥' : t('keys.alt'))
    .replace(/-/g, '+')
}
