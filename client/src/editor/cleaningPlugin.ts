/**
 * Keeps members from cleaning by accident (SPEC R12, D6, D7): a local edit that would remove a
 * bracket, an alternatives group or an option from a paragraph that stays is not applied, and
 * the person is told why. Moving brackets with their text (split, join) and turning a bracket into
 * a group are fine. The chair and the secretariat clean freely; remote changes always pass.
 */
import { Plugin } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { ySyncPluginKey } from 'y-prosemirror'

interface Inventory {
  paragraphs: Set<string>
  /** bracket or group id -> its paragraph and, for a group, how many options it has */
  brackets: Map<string, { paragraph: string; options: number }>
}

function inventory(doc: PMNode): Inventory {
  const paragraphs = new Set<string>()
  const brackets = new Map<string, { paragraph: string; options: number }>()
  doc.descendants((node) => {
    if (node.type.name !== 'recommendation') return true
    const paragraph = node.attrs.id as string
    paragraphs.add(paragraph)
    node.descendants((inner) => {
      if (inner.type.name === 'bracket' || inner.type.name === 'alternatives') {
        brackets.set(inner.attrs.id as string, { paragraph, options: inner.type.name === 'alternatives' ? inner.childCount : 0 })
      }
      return true
    })
    return false
  })
  return { paragraphs, brackets }
}

/** True when going from `before` to `after` cleans a bracket of a paragraph that stays. */
export function cleans(before: PMNode, after: PMNode): boolean {
  const old = inventory(before)
  const now = inventory(after)
  for (const [id, was] of old.brackets) {
    if (!now.paragraphs.has(was.paragraph)) continue // the whole paragraph went: not cleaning
    const is = now.brackets.get(id)
    if (!is || is.options < was.options) return true
  }
  return false
}

export function cleaningPlugin(mayClean: boolean, onBlocked: (why: string) => void): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (mayClean || !tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
      if (!cleans(state.doc, tr.doc)) return true
      onBlocked('Only the chair and the secretariat remove brackets or alternatives. Propose a deletion instead.')
      return false
    },
  })
}
