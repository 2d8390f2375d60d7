/**
 * Reads the text of a Y.Doc as ProseMirror nodes without writing to it (SPEC R11, Y5).
 *
 * y-prosemirror's own conversion (`yXmlFragmentToProseMirrorRootNode`) "repairs" a node the schema
 * rejects by deleting it from the Y.Doc, under its own origin. Server code must never write to the
 * authoritative document that way, so it reads through here: the same checks ProseMirror makes
 * (`createChecked`: every node's content expression, its marks), and a `TextShapeError` that says
 * what does not fit instead of a write.
 *
 * `shapeProblem` is the guard's side of the same rule: whether one element, as it stands now, would
 * be accepted by an honest editor, checking deeply only the children `isNew` names (an update's
 * new subtrees) so that a keystroke costs one paragraph, not the whole document.
 */
import * as Y from 'yjs'
import type { ContentMatch, Mark, Node as PMNode, NodeType } from 'prosemirror-model'
import { schema } from './schema.ts'

/** The text does not fit the schema; `message` says where and how, in the room's words. */
export class TextShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TextShapeError'
  }
}

/** What each node must hold, as a person would say it. */
const HOLDS: Record<string, string> = {
  doc: 'the title, one or more topics, then the annex',
  title: 'plain text',
  topic: 'its heading first, then its paragraphs',
  topicHeading: 'plain text',
  annex: 'paragraphs only',
  recommendation: 'text, brackets and alternatives',
  bracket: 'text, brackets and alternatives',
  alternatives: 'one or more options',
  option: 'text, brackets and alternatives',
}

/** The node's name as people say it ("the topic heading", "a group of alternatives"). */
const NAMES: Record<string, string> = {
  doc: 'the document',
  title: 'the title',
  topic: 'a topic',
  topicHeading: 'a topic heading',
  annex: 'the annex',
  recommendation: 'a paragraph',
  bracket: 'a bracket',
  alternatives: 'a group of alternatives',
  option: 'an option',
}

/** The whole text as a checked ProseMirror doc. Throws TextShapeError; never writes. */
export function readText(fragment: Y.XmlFragment): PMNode {
  const children = fragment.toArray().map((child) => {
    if (!(child instanceof Y.XmlElement)) throw new TextShapeError(`${NAMES.doc} holds ${HOLDS.doc}, not loose text`)
    return readElement(child)
  })
  return create(schema.topNodeType, null, children)
}

/** One element and everything in it as a checked ProseMirror node. Throws TextShapeError. */
export function readElement(el: Y.XmlElement): PMNode {
  const type = schema.nodes[el.nodeName]
  if (!type || type.isText || type === schema.topNodeType) throw new TextShapeError(`the document has no element "${el.nodeName}"`)
  const children: PMNode[] = []
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlElement) children.push(readElement(child))
    else if (child instanceof Y.XmlText) children.push(...readTextRun(child))
    else throw new TextShapeError(`${NAMES[type.name]} holds ${HOLDS[type.name]} only`)
  }
  const { ychange: _ignored, ...attrs } = el.getAttributes() as Record<string, unknown>
  return create(type, attrs, children)
}

/** The ProseMirror text nodes of one Y.XmlText (its formatting attributes become marks). */
function readTextRun(text: Y.XmlText): PMNode[] {
  const nodes: PMNode[] = []
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') throw new TextShapeError('text holds only characters and marks')
    if (op.insert.length === 0) continue
    nodes.push(schema.text(op.insert, marksOf(op.attributes)))
  }
  return nodes
}

function marksOf(attributes: Record<string, unknown> | undefined): Mark[] {
  const marks: Mark[] = []
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (key === 'ychange') continue
    const type = schema.marks[key]
    if (!type) throw new TextShapeError(`the document has no mark "${key}"`)
    marks.push(type.create(typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null))
  }
  return marks
}

function create(type: NodeType, attrs: Record<string, unknown> | null, children: PMNode[]): PMNode {
  try {
    return type.createChecked(attrs, children)
  } catch {
    throw new TextShapeError(`${NAMES[type.name] ?? type.name} must hold ${HOLDS[type.name] ?? 'what the schema allows'}`)
  }
}

/**
 * Why `type` (an element, or the root fragment), as it stands, would not fit the schema, or null.
 * Its direct children are checked against its content expression and its text's marks against
 * what it allows; children for which `isNew` holds are read whole (`readElement`).
 */
export function shapeProblem(type: Y.XmlElement | Y.XmlFragment, isNew: (child: Y.XmlElement) => boolean): string | null {
  const nodeType = type instanceof Y.XmlElement ? schema.nodes[type.nodeName] : schema.topNodeType
  if (!nodeType) return `the document has no element "${(type as Y.XmlElement).nodeName}"`
  let match: ContentMatch | null = nodeType.contentMatch
  const step = (child: NodeType, marks: readonly Mark[] = []): boolean => {
    match = match?.matchType(child) ?? null
    return match !== null && (marks.length === 0 || nodeType.allowsMarks(marks))
  }
  try {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlElement) {
        const childType = schema.nodes[child.nodeName]
        if (!childType) return `the document has no element "${child.nodeName}"`
        if (isNew(child)) readElement(child)
        if (!step(childType)) return mustHold(nodeType)
      } else if (child instanceof Y.XmlText) {
        for (const node of readTextRun(child)) if (!step(node.type, node.marks)) return mustHold(nodeType)
      } else return mustHold(nodeType)
    }
  } catch (err) {
    if (err instanceof TextShapeError) return err.message
    throw err
  }
  return (match as ContentMatch | null)?.validEnd ? null : mustHold(nodeType)
}

function mustHold(type: NodeType): string {
  return `${NAMES[type.name] ?? type.name} must hold ${HOLDS[type.name] ?? 'what the schema allows'}`
}
