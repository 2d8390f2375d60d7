#!/usr/bin/env node
// Checks the import boundaries of the codebase (STYLE 12). Exits 1 with a list of violations.
// - shared/ imports neither client/ nor server/ (and nothing from express, ws or better-sqlite3);
// - client/ never imports server/;
// - server/collab/ (the transport-agnostic core) imports neither express nor ws;
// - no import cycles among the project's own modules.
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const DIRS = ['shared', 'client/src', 'server', 'test', 'bench', 'soak']
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g

function walk(dir) {
  const abs = path.join(ROOT, dir)
  if (!fs.existsSync(abs)) return []
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(rel)
    return /\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : []
  })
}

const files = DIRS.flatMap(walk)
const graph = new Map()
const problems = []

for (const file of files) {
  const src = fs.readFileSync(path.join(ROOT, file), 'utf8')
  const deps = []
  for (const m of src.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3]
    if (spec.startsWith('.')) {
      const target = path.normalize(path.join(path.dirname(file), spec))
      deps.push(target)
      if (file.startsWith('shared/') && !target.startsWith('shared/')) problems.push(`${file}: shared/ imports ${target}`)
      if (file.startsWith('client/') && target.startsWith('server/')) problems.push(`${file}: client/ imports ${target}`)
    } else {
      const pkg = spec.split('/')[0]
      if (file.startsWith('shared/') && ['express', 'ws', 'better-sqlite3', 'node:fs', 'node:http'].includes(pkg)) {
        problems.push(`${file}: shared/ imports ${spec}`)
      }
      if (file.startsWith('server/collab/') && ['express', 'ws', 'node:http', 'node:net'].includes(pkg)) {
        problems.push(`${file}: the collab core imports ${spec}`)
      }
    }
  }
  graph.set(file, deps)
}

// Cycle detection (depth-first search with colours).
const state = new Map()
function visit(node, stack) {
  state.set(node, 'open')
  for (const dep of graph.get(node) ?? []) {
    if (!graph.has(dep)) continue
    if (state.get(dep) === 'open') problems.push(`import cycle: ${[...stack.slice(stack.indexOf(dep)), dep].join(' -> ')}`)
    else if (!state.has(dep)) visit(dep, [...stack, dep])
  }
  state.set(node, 'done')
}
for (const f of graph.keys()) if (!state.has(f)) visit(f, [f])

if (problems.length) {
  console.error(`Boundary check failed (${problems.length}):\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`Boundary check passed: ${files.length} files, no forbidden imports, no cycles.`)
