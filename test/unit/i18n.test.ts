/**
 * Interface text goes through i18next (client/src/i18n.ts): placeholders are filled, counts too,
 * and every string of the English catalog is reachable by its key (none falls back to the key).
 * And no module of the client writes interface text of its own: every sentence is the catalog's.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { t, type MessageKey } from '../../client/src/i18n.ts'
import { en } from '../../client/src/locales/en.ts'

function keysOf(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : keysOf(v as object, `${prefix}${k}.`)))
}

/** English plural forms and a count that selects each (i18next's `key_one` / `key_other`). */
const PLURAL_COUNT: Record<string, number> = { one: 1, other: 2 }

describe('[M1] interface text through i18next', () => {
  it('fills placeholders and counts, unescaped (the DOM is written with textContent)', () => {
    expect(t('presence.here', { count: 3 })).toBe('Here now (3)')
    expect(t('notFound.body', { docId: 'a<b>&"c' })).toBe('Your working group has no document “a<b>&"c”. The link may be mistyped, or it may belong to another group.')
    expect(t('connection.closed', { reason: t('connection.closedByServer') })).toBe('✕ Disconnected: closed by the server')
    expect(t('records.edits', { count: 1, bytes: 12 })).toBe('1 edit (12 bytes)')
    expect(t('records.edits', { count: 3, bytes: 40 })).toBe('3 edits (40 bytes)')
    expect(t('charCount.left', { count: 0, n: '0' })).toBe('0 characters left')
  })

  it('leaves document text as typed: no nesting nor placeholders read in what is interpolated', () => {
    expect(t('comments.placeWords', { label: 'B.3', quote: '{{label}} $t(common.ok)' })).toBe('B.3 · “{{label}} $t(common.ok)”')
  })

  it('every key of the English catalog gives its own text', () => {
    const entries = keysOf(en)
    expect(entries.length).toBeGreaterThan(10)
    for (const [key, text] of entries) {
      // Plural forms are asked for by their base key and a count that selects them.
      const plural = /^(.*)_(zero|one|two|few|many|other)$/.exec(key)
      expect(plural === null || plural[2]! in PLURAL_COUNT, `${key}: a plural form English does not use`).toBe(true)
      const askFor = plural ? plural[1]! : key
      // Every placeholder gets a value of its own, so a text that is not this entry's shows.
      const values: Record<string, string | number> = {}
      for (const [, name] of text.matchAll(/\{\{(\w+)\}\}/g)) values[name!] = `<${name}>`
      if (plural) values.count = PLURAL_COUNT[plural[2]!]!
      const expected = text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(values[name]))
      const got = t(askFor as MessageKey, values)
      expect(got, key).not.toBe(askFor)
      expect(got, key).toBe(expected)
    }
  })
})

// --- No interface text outside the catalog ------------------------------------------------------

const CLIENT = path.resolve(import.meta.dirname, '../../client/src')

function clientModules(dir = CLIENT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'locales' ? [] : clientModules(file)
    return e.name.endsWith('.ts') ? [file] : []
  })
}

/** A string literal: '…', "…" or a template literal (on one line) without a backquote inside. */
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\\n]|\\.)*`/g

/** What a literal says, its interpolations (`${…}`) taken out. */
const inner = (literal: string): string => literal.slice(1, -1).replace(/\$\{[^}]*\}/g, '')

/** A catalog key ('records.edits'), as given to `t`: no text of its own. */
const isKey = (literal: string): boolean => /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/.test(literal.slice(1, -1))

/** Words, of two letters or more. Symbols and numbers ('', '×', ' · ', '✎', '2') are no words. */
const hasWords = (literal: string): boolean => !isKey(literal) && /[A-Za-z]{2,}/.test(inner(literal))

/**
 * Words that read as text, not as a CSS class, an event or an id ('comment-toggle', 'click',
 * 'status-badge status-badge-'): a capital, or two words that are not all hyphenated names.
 */
function readsAsText(literal: string): boolean {
  if (!hasWords(literal)) return false
  // A template nested in a template is not read as one literal here: no judgement on a part of it.
  if (/\$\{[^}]*$/.test(literal.slice(1, -1))) return false
  const words = inner(literal).trim().split(/\s+/)
  // An HTTP method, a CSS variable, a storage key or a path, a key binding: no text.
  if (words.length === 1 && /^(?:GET|POST|PUT|DELETE|PATCH|--.*|[\w-]*[:/][\w:/.-]*|(?:Mod|Ctrl|Alt|Shift)-.*)$/.test(words[0]!)) return false
  const names = words.every((w) => /^[a-z0-9]+(-[a-z0-9]*)*$/.test(w)) && (words.length === 1 || words.every((w) => w.includes('-')))
  return !names
}

/**
 * The expression that starts at `from` in `line`: to the end of the call's arguments (`call`), or
 * to the first comma, semicolon or closing bracket outside brackets and strings.
 */
function expressionAt(line: string, from: number, call: boolean): string {
  let depth = 0
  let i = from
  while (i < line.length) {
    const c = line[i]!
    if (c === "'" || c === '"' || c === '`') {
      LITERAL.lastIndex = i
      const m = LITERAL.exec(line)
      // matchAll starts where the regex's lastIndex stands: leave it at the start for the others.
      LITERAL.lastIndex = 0
      i = m && m.index === i ? i + m[0].length : line.length
      continue
    }
    if ('([{'.includes(c)) depth++
    else if (')]}'.includes(c)) {
      if (depth === 0) break
      depth--
    } else if (depth === 0 && (c === ';' || (c === ',' && !call))) break
    i++
  }
  return line.slice(from, i)
}

interface Sink {
  name: string
  /** Where the text goes; the expression after the match is judged. */
  re: RegExp
  call: boolean
  /** Words that read as text (for sinks that also take CSS classes or ids), or any words. */
  judge: (literal: string) => boolean
}

/** The client's own helpers that put their text arguments on the page (after a CSS class, some). */
const HELPERS = 'showNotice|say|onBlocked|explain|onError|askText|checkboxFilter|headButton|button|badge|paragraph|labelled|failureMessage|notDone|fail'

/** Ways interface text reaches the page. */
const SINKS: Sink[] = [
  { name: 'text or tooltip', re: /\.(?:textContent|innerText|title|placeholder|ariaLabel|ariaDescription|value)\s*=(?!=)/g, call: false, judge: readsAsText },
  { name: 'accessible name', re: /setAttribute\(\s*['"](?:aria-label|aria-description|aria-placeholder|title|placeholder|alt)['"]\s*,/g, call: true, judge: readsAsText },
  { name: 'dialog', re: /\b(?:confirm|alert|prompt)\(/g, call: true, judge: hasWords },
  { name: 'option', re: /new Option\(/g, call: false, judge: hasWords },
  { name: 'error message', re: /new \w*Error\(/g, call: true, judge: readsAsText },
  { name: 'node', re: /\.(?:append|prepend|replaceChildren|before|after|replaceWith)\(/g, call: true, judge: readsAsText },
  { name: 'generated content', re: /setProperty\(/g, call: true, judge: readsAsText },
  { name: 'text helper', re: new RegExp(`\\b(?:${HELPERS})\\(`, 'g'), call: true, judge: readsAsText },
  { name: 'text property', re: /(?:^|[{,\s])(?:label|help|title|placeholder|'aria-label'|"aria-label"|why|message|text|reason)\s*:/g, call: false, judge: readsAsText },
  { name: 'returned text', re: /\breturn\s/g, call: false, judge: readsAsText },
]

/** Words inside markup written as a string: `<h2>Members</h2>`, `placeholder="Your text"`. */
const MARKUP = [/<([a-z][a-z0-9]*)(?:\s[^<>]*)?>\s*[A-Za-z]{2,}/g, /\s(?:title|placeholder|aria-label|alt)="[^"$]*[A-Za-z]{2,}/g]

/** A sentence anywhere: three words in a row in a literal (a constant of text, a map of messages). */
const SENTENCE = /[A-Za-z]{2,}[,;:]?\s+[A-Za-z']+[,;:]?\s+[A-Za-z']{2,}/

/** The interface text in `source`, by line: what each offending line writes. */
function offenders(source: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = []
  source.split('\n').forEach((raw, i) => {
    // Comments say what the code does: not interface text.
    const line = raw.replace(/^\s*(\/\*\*?|\*|\/\/).*$/, '').replace(/\s\/\/\s.*$/, '')
    // The developer's console is not the interface.
    if (/\bconsole\.\w+\(/.test(line)) return
    const bad = new Set<string>()
    for (const { re, call, judge } of SINKS) {
      for (const m of line.matchAll(re)) {
        const expression = expressionAt(line, m.index + m[0].length, call)
        for (const lit of expression.matchAll(LITERAL)) {
          // A comparison with a value ('Annex') is no text shown.
          const before = expression.slice(0, lit.index).trimEnd()
          const after = expression.slice(lit.index + lit[0].length).trimStart()
          if (/[=!]==?$/.test(before) || /^[=!]==?/.test(after)) continue
          if (judge(lit[0])) bad.add(lit[0])
        }
      }
    }
    for (const lit of line.matchAll(LITERAL)) if (!lit[0].includes('<') && SENTENCE.test(inner(lit[0]))) bad.add(lit[0])
    for (const re of MARKUP) for (const m of line.matchAll(re)) bad.add(m[0])
    for (const text of bad) found.push({ line: i + 1, text })
  })
  return found
}

describe('[M1] no interface text outside the catalog', () => {
  it('finds the patterns it looks for (the check itself works)', () => {
    const bad = [
      `el.textContent = 'Loading documents…'`,
      `el.textContent = "Documents"`,
      'el.textContent = `Revoked ${when}`',
      `b.title = 'Withdraw reservation'`,
      `box.placeholder = 'Reply'`,
      `select.setAttribute('aria-label', 'New comment')`,
      'if (!confirm(`Revoke ${name}? They are disconnected at once.`)) return',
      `alert('Saved')`,
      `headButton('comment-toggle', 'Comment', t('paragraph.commentTitle'), run)`,
      `showNotice(notice, 'This document was written by a newer version of Accord.')`,
      `root.innerHTML = '<h1>Members</h1>'`,
      '<label>Title <input name="title" placeholder="e.g. Draft recommendations"></label>',
      `throw new ApiError(UNREACHABLE, 'the server cannot be reached')`,
      `notice.replaceChildren('Personal sign-in link: ')`,
      `resolve.textContent = next.resolved ? 'Reopen' : 'Resolve'`,
      `{ id: 'propose', label: 'New recommendation', shortcut: 'Mod-Alt-n', help: t('toolbar.propose.help') },`,
      `    if ($pos.depth === 0) return 'in the text'`,
      `const KEPT_HERE = 'your text is kept here'`,
      `  'aria-label': options.editable ? 'Rolling document' : t('editor.documentLabelReadOnly'),`,
      `style.setProperty('--accord-mark-option', '"Option"')`,
    ]
    for (const line of bad) expect(offenders(line), line).not.toEqual([])
    const fine = [
      `el.textContent = ''`,
      `el.textContent = t('documents.title')`,
      'sign.textContent = `✎${n}`',
      `li.append(swatch, name, ' · ', details)`,
      'el.textContent = `${label}.`',
      `headButton('comment-toggle', t('paragraph.comment'), t('paragraph.commentTitle'), run)`,
      `select.setAttribute('aria-label', t('members.roleOf', { name }))`,
      `host.innerHTML = \`<p class="loading">\${tHtml('editor.loading')}</p>\``,
      `const found = numbers.find((n) => n.pos === pos)`,
      `if (text === null) return 'skip'`,
      `left.textContent = topic.letter === 'Annex' ? '' : t('standing.allAgreed')`,
      `{ id: 'propose', label: t('toolbar.propose.label'), shortcut: 'Mod-Alt-n', help: t('toolbar.propose.help') },`,
      `return { text: t('connection.connected'), tone: 'ok' }`,
      `el.className = \`connection connection-\${tone}\``,
      `root.querySelector<HTMLElement>('.notice:not(.read-only-notice)')!`,
      `/** Says why an action does not apply (its button is pressed anyway). */`,
    ]
    for (const line of fine) expect(offenders(line), line).toEqual([])
  })

  it('every module of client/src takes its interface text from the catalog (locales/)', () => {
    const found = clientModules().flatMap((file) =>
      offenders(fs.readFileSync(file, 'utf8')).map(({ line, text }) => `${path.relative(process.cwd(), file)}:${line}: ${text}`),
    )
    expect(found, `interface text written in the code, not taken from client/src/locales/en.ts:\n${found.join('\n')}`).toEqual([])
  })
})
