/**
 * Tells the person before anything is sent that an edit would pass the text's size limits (SPEC
 * R16): a local transaction that makes a paragraph it changed, or the whole text, longer than the
 * limit is not applied, and the notice says what the limit is. The server judges with its own
 * configured limits; these are the shared defaults. Remote changes always pass.
 */
import { Plugin, type Transaction } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { ySyncPluginKey } from 'y-prosemirror'
import { DEFAULT_LIMITS, documentTooLong, paragraphTooLong, type TextLimits } from '../../../shared/limits.ts'
import { numberDocument } from '../../../shared/numbering.ts'
import type { NumberTable } from '../../../shared/revisions.ts'
import { numberTableIn } from './numberingPlugin.ts'
import { t } from '../i18n.ts'

/** Why `tr` would pass a limit, or null. */
export function limitProblem(tr: Transaction, limits: TextLimits = DEFAULT_LIMITS, table: NumberTable = {}): string | null {
  if (!tr.docChanged) return null
  const doc = tr.doc
  const changed: [number, number][] = []
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1)
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => changed.push([rest.map(newStart, -1), rest.map(newEnd, 1)]))
  })
  let problem: string | null = null
  for (const [from, to] of changed) {
    doc.nodesBetween(from, Math.min(to, doc.content.size), (node, pos) => {
      if (problem || node.type.name !== 'recommendation') return !problem
      if (node.textContent.length > limits.paragraphChars) problem = paragraphTooLong(labelAt(doc, pos, table), node.textContent.length, limits)
      return false
    })
    if (problem) return problem
  }
  // Positions count at least every character: below the limit in positions, below it in characters.
  if (doc.content.size > limits.documentChars) {
    const chars = doc.textContent.length
    if (chars > limits.documentChars) return documentTooLong(chars, limits)
  }
  return null
}

function labelAt(doc: PMNode, pos: number, table: NumberTable): string {
  return numberDocument(doc, table).find((n) => n.pos === pos)?.label ?? t('common.thisParagraph')
}

export function limitsPlugin(onBlocked: (why: string) => void): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (tr.getMeta(ySyncPluginKey)) return true
      const problem = limitProblem(tr, DEFAULT_LIMITS, numberTableIn(state))
      if (!problem) return true
      onBlocked(t('editor.notice.notApplied', { problem }))
      return false
    },
  })
}
