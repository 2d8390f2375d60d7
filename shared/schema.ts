/**
 * The ProseMirror schema of a rolling document (SPEC M1-M9).
 *
 * doc      = title topic+ annex
 * topic    = topicHeading recommendation*      (lettered A, B, C ... by position)
 * annex    = recommendation*                    (points moved out for lack of consensus)
 * recommendation: a textblock with a stable `id` and its `sponsors` (delegations).
 *
 * Brackets are inline nodes, not characters: `bracket` holds inline content (so brackets nest),
 * `alternatives` holds two or more `option`s. Neither the paragraph number nor the consensus
 * status is stored in this tree: numbers derive from position (numbering.ts) and status lives in
 * the server-written consensus map (consensus.ts). Every client writes only this tree.
 */
import { Schema, type DOMOutputSpec, type Node as PMNode } from 'prosemirror-model'

/** Bumped whenever the schema changes incompatibly; stored in the Y.Doc and checked on connect. */
export const SCHEMA_VERSION = 1

const sponsorsAttr = { default: [] as string[] }

const readSponsors = (el: HTMLElement): string[] => {
  const raw = el.getAttribute('data-sponsors')
  return raw ? raw.split('|').filter(Boolean) : []
}

export const schema = new Schema({
  nodes: {
    doc: { content: 'title topic+ annex' },
    title: {
      content: 'text*',
      marks: '',
      defining: true,
      parseDOM: [{ tag: 'h1' }],
      toDOM: (): DOMOutputSpec => ['h1', { class: 'doc-title', dir: 'auto' }, 0],
    },
    topic: {
      attrs: { id: { default: null } },
      content: 'topicHeading recommendation*',
      defining: true,
      parseDOM: [{ tag: 'section.topic', getAttrs: (el) => ({ id: (el as HTMLElement).getAttribute('data-id') }) }],
      toDOM: (node): DOMOutputSpec => ['section', { class: 'topic', 'data-id': node.attrs.id }, 0],
    },
    topicHeading: {
      content: 'text*',
      marks: '',
      defining: true,
      parseDOM: [{ tag: 'h2' }],
      toDOM: (): DOMOutputSpec => ['h2', { class: 'topic-heading', dir: 'auto' }, 0],
    },
    annex: {
      content: 'recommendation*',
      parseDOM: [{ tag: 'section.annex' }],
      toDOM: (): DOMOutputSpec => ['section', { class: 'annex' }, 0],
    },
    recommendation: {
      attrs: { id: { default: null }, sponsors: sponsorsAttr },
      content: 'inline*',
      defining: true,
      parseDOM: [
        {
          tag: 'p.recommendation',
          getAttrs: (el) => ({
            id: (el as HTMLElement).getAttribute('data-id'),
            sponsors: readSponsors(el as HTMLElement),
          }),
        },
        { tag: 'p' },
      ],
      toDOM: (node): DOMOutputSpec => [
        'p',
        // dir=auto: a paragraph in Arabic reads right to left, one in French left to right.
        { class: 'recommendation', 'data-id': node.attrs.id, 'data-sponsors': sponsorsString(node), dir: 'auto' },
        0,
      ],
    },
    bracket: {
      inline: true,
      group: 'inline',
      attrs: { id: { default: null }, sponsors: sponsorsAttr, note: { default: null } },
      content: 'inline*',
      parseDOM: [
        {
          tag: 'span.bracket',
          getAttrs: (el) => ({
            id: (el as HTMLElement).getAttribute('data-id'),
            sponsors: readSponsors(el as HTMLElement),
            note: (el as HTMLElement).getAttribute('data-note'),
          }),
        },
      ],
      toDOM: (node): DOMOutputSpec => [
        'span',
        {
          class: node.attrs.note === 'delete' ? 'bracket bracket-delete' : 'bracket',
          'data-id': node.attrs.id,
          'data-sponsors': sponsorsString(node),
          'data-sponsor-label': sponsorsLabel(node),
          ...(node.attrs.note ? { 'data-note': node.attrs.note } : {}),
          title: bracketTitle(node),
        },
        0,
      ],
    },
    alternatives: {
      inline: true,
      group: 'inline',
      // One option is tolerated (a concurrent deletion can leave one); commands create two or more.
      content: 'option+',
      attrs: { id: { default: null }, form: { default: 'inline' } },
      parseDOM: [
        {
          tag: 'span.alternatives',
          getAttrs: (el) => ({
            id: (el as HTMLElement).getAttribute('data-id'),
            form: (el as HTMLElement).getAttribute('data-form') === 'paragraph' ? 'paragraph' : 'inline',
          }),
        },
      ],
      toDOM: (node): DOMOutputSpec => [
        'span',
        { class: `alternatives alternatives-${node.attrs.form}`, 'data-id': node.attrs.id, 'data-form': node.attrs.form },
        0,
      ],
    },
    option: {
      inline: true,
      attrs: { sponsors: sponsorsAttr },
      content: 'inline*',
      parseDOM: [{ tag: 'span.option', getAttrs: (el) => ({ sponsors: readSponsors(el as HTMLElement) }) }],
      toDOM: (node): DOMOutputSpec => [
        'span',
        {
          class: 'option',
          'data-sponsors': sponsorsString(node),
          'data-sponsor-label': sponsorsLabel(node),
          title: sponsorsTitle(node),
        },
        0,
      ],
    },
    text: { group: 'inline' },
  },
  marks: {
    em: {
      parseDOM: [{ tag: 'em' }, { tag: 'i' }],
      toDOM: (): DOMOutputSpec => ['em', 0],
    },
  },
})

function sponsorsString(node: PMNode): string {
  return (node.attrs.sponsors as string[]).join('|')
}

/** Sponsors as shown after a bracket: `EU, G77`. */
function sponsorsLabel(node: PMNode): string {
  return (node.attrs.sponsors as string[]).join(', ')
}

function sponsorsTitle(node: PMNode): string {
  const sponsors = node.attrs.sponsors as string[]
  return sponsors.length ? `Proposed by ${sponsors.join(', ')}` : ''
}

function bracketTitle(node: PMNode): string {
  const parts = [node.attrs.note === 'delete' ? 'Proposed deletion' : 'Bracketed text']
  const sponsors = sponsorsTitle(node)
  if (sponsors) parts.push(sponsors)
  return parts.join(' · ')
}

/** Node types that carry a stable unique `id` (SPEC M3). */
export const ID_NODE_TYPES: ReadonlySet<string> = new Set(['topic', 'recommendation', 'bracket', 'alternatives'])
