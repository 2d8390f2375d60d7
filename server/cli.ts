/**
 * The operator's command line: `npm run accord -- <command>`. It reads the server's configuration
 * (readConfig) and opens the server's database file (databasePath), which WAL lets both use at
 * once, so it works while the server runs. It never creates a database: only the server does, on
 * its first start, so a mistyped DATA_DIR cannot leave an empty database behind.
 *
 * Members and groups live in SQLite alone, so the CLI writes them there. A document lives in the
 * running server's memory too, and a change written beside it would be lost at its next compaction,
 * so `command` goes through the running server: it opens a short session for the member it acts as
 * and sends the command to the server's one command entry (POST /api/documents/:id/commands), which
 * decides, applies and audits it as for that member's page.
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { SqliteStore } from './storage/SqliteStore.ts'
import { AccessStore } from './access/AccessStore.ts'
import { databasePath, readConfig, type ServerConfig } from './config.ts'
import { isRole, ROLES } from '../shared/roles.ts'
import { newId } from '../shared/ids.ts'
import { DEMO_GROUP } from './demo/demoDocument.ts'
import { inviteLink, issueDemoLinks } from './access/demoMembers.ts'
import { SESSION_COOKIE } from './http/auth.ts'

interface CommandSpec {
  args: string
  about: string
  /** Positional arguments after the command name; the last one may take several words when max is Infinity. */
  min: number
  max: number
}

const COMMANDS = {
  'list-groups': { args: '', about: 'working groups', min: 0, max: 0 },
  'create-group': { args: '<name>', about: 'a new working group (prints its id)', min: 1, max: Infinity },
  'list-members': { args: '<groupId>', about: 'members with role, delegation and status', min: 1, max: 1 },
  invite: {
    args: '<groupId> <role> <name> <delegation>',
    about: `a new member; prints their sign-in link\n${' '.repeat(52)}(role: ${ROLES.join(', ')})`,
    min: 4,
    max: Infinity,
  },
  'new-link': { args: '<memberId>', about: 'a fresh sign-in link for an existing member', min: 1, max: 1 },
  revoke: { args: '<memberId>', about: 'revoke a member (ends their sessions)', min: 1, max: 1 },
  'list-documents': { args: '[groupId]', about: 'documents', min: 0, max: 1 },
  'demo-links': { args: '', about: "fresh sign-in links for the demo group's members", min: 0, max: 0 },
  command: {
    args: '<documentId> <memberId> <json>',
    about: `a command on a document, as that member, through the running\n${' '.repeat(52)}server (the JSON of docs/API.md, "Any command as one value")`,
    min: 3,
    max: Infinity,
  },
} as const satisfies Record<string, CommandSpec>

type CommandName = keyof typeof COMMANDS

const usageOf = (name: CommandName): string => `npm run accord -- ${name}${COMMANDS[name].args ? ` ${COMMANDS[name].args}` : ''}`

const HELP = `Accord operator commands (npm run accord -- <command> ...):

${`  help, --help`.padEnd(52)}this list
${(Object.keys(COMMANDS) as CommandName[])
  .map((name) => `${`  ${name} ${COMMANDS[name].args}`.padEnd(52)}${COMMANDS[name].about}`)
  .join('\n')}

Every command but help first prints, on stderr, the database it opened:
  accord: using database /path/to/data/accord.sqlite (from DATA_DIR)
No command creates a database, create-group included: the server creates it, with the demo
group, on its first start (npm start). Without one, a command changes nothing and exits with 2.

Example: npm run accord -- command d-demo m-chair '{"kind":"status","paragraphId":"r-...","action":"agree"}'

Exit codes: 0 done; 1 the server refused the command (its reason is printed); 2 a mistake in the
command, no database, or nothing to act on; 3 the server does not answer (command needs it running).
Configuration: the server's environment, read the same way: DATA_DIR (default ./data of the
current folder), PUBLIC_URL (base of the links; default http://localhost:$PORT).`

export interface CliOptions {
  /** Where the database line, usage and errors go (stderr by default, so stdout stays parseable). */
  err?: (line: string) => void
  /** The environment the configuration is read from, as the server reads it. */
  env?: NodeJS.ProcessEnv
}

/** Runs one command; `out` receives its results. Resolves with the exit code. */
export async function runCli(argv: readonly string[], out: (line: string) => void = console.log, options: CliOptions = {}): Promise<number> {
  const { err = console.error, env = process.env } = options
  const parsed = parseCommand(argv)
  if (parsed.kind === 'help') {
    out(HELP)
    return 0
  }
  if (parsed.kind === 'mistake') {
    err(`accord: ${parsed.message}`)
    err('')
    err(HELP)
    return 2
  }
  let config: ServerConfig
  try {
    config = readConfig(env)
  } catch (e) {
    if (!(e instanceof RangeError)) throw e
    err(`accord: ${e.message}`)
    return 2
  }
  const file = databasePath(config)
  err(`accord: using database ${file} (${env.DATA_DIR ? 'from DATA_DIR' : 'default ./data of the current folder; DATA_DIR is not set'})`)
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    err(
      `accord: there is no database at ${file}; nothing was created. ` +
        'The server creates it on its first start (npm start); set DATA_DIR to use the database in another folder.',
    )
    return 2
  }
  const store = new SqliteStore({ filename: file })
  try {
    return await runCommand(parsed.name, parsed.args, { store, access: new AccessStore(store.db), base: config.publicUrl, server: serverUrl(config), file, out, err })
  } catch (e) {
    if (!(e instanceof CommandError)) throw e
    err(`accord: ${e.message}`)
    return e.exitCode
  } finally {
    store.close()
  }
}

type Parsed = { kind: 'help' } | { kind: 'mistake'; message: string } | { kind: 'command'; name: CommandName; args: string[] }

/** Reads the command and checks its arguments before anything touches the database. */
function parseCommand(argv: readonly string[]): Parsed {
  let read: { positionals: string[]; values: { help?: boolean } }
  try {
    read = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
  } catch (e) {
    if (e instanceof TypeError && String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      return { kind: 'mistake', message: e.message }
    }
    throw e
  }
  const [name, ...args] = read.positionals
  if (read.values.help || name === undefined || name === 'help') return { kind: 'help' }
  if (!Object.hasOwn(COMMANDS, name)) return { kind: 'mistake', message: `unknown command ${JSON.stringify(name)}` }
  const command = name as CommandName
  const { min, max } = COMMANDS[command]
  if (args.length < min || args.length > max) {
    const count = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`
    const got = args.length === 0 ? 'none' : String(args.length)
    const wanted = max === 0 ? 'no arguments' : min === max ? count(min) : min === 0 ? `at most ${count(max)}` : `at least ${count(min)}`
    return { kind: 'mistake', message: `${command} takes ${wanted}, got ${got}; usage: ${usageOf(command)}` }
  }
  return { kind: 'command', name: command, args }
}

interface Context {
  store: SqliteStore
  access: AccessStore
  /** Base of the links printed (PUBLIC_URL). */
  base: string
  /** Where this machine reaches the running server (its port, on the loopback when it listens everywhere). */
  server: string
  file: string
  out: (line: string) => void
  err: (line: string) => void
}

function serverUrl(config: ServerConfig): string {
  const host = config.host === '0.0.0.0' || config.host === '::' || config.host === '' ? '127.0.0.1' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`
}

async function runCommand(name: CommandName, args: string[], { store, access, base, server, file, out, err }: Context): Promise<number> {
  switch (name) {
    case 'list-groups':
      for (const g of store.listGroups()) out(`${g.id}\t${g.name}`)
      return 0
    case 'create-group': {
      const id = newId('g')
      store.createGroup({ id, name: args.join(' '), createdAt: new Date().toISOString() })
      out(id)
      return 0
    }
    case 'list-members':
      for (const m of access.listMembers(args[0]!)) {
        out(`${m.id}\t${m.role}\t${m.displayName}\t${m.delegation}${m.revokedAt ? '\t(revoked)' : ''}`)
      }
      return 0
    case 'invite': {
      const [groupId, role, displayName, ...delegation] = args as [string, string, string, ...string[]]
      if (!store.getGroup(groupId)) throw new CommandError(`no working group ${groupId} (see list-groups)`)
      if (!isRole(role)) throw new CommandError(`role must be one of ${ROLES.join(', ')}, got ${role}`)
      const member = access.addMember({ groupId, role, displayName, delegation: delegation.join(' ') })
      const { token, expiresAt } = access.invite(member.id)
      out(`${member.displayName} (${member.delegation}, ${member.role}): ${inviteLink(base, token)}  (expires ${expiresAt})`)
      return 0
    }
    case 'new-link': {
      const member = access.getMember(args[0]!)
      if (!member || member.revokedAt) throw new CommandError(`no active member ${args[0]} (see list-members <groupId>)`)
      const { token, expiresAt } = access.invite(member.id)
      out(`${member.displayName}: ${inviteLink(base, token)}  (expires ${expiresAt})`)
      return 0
    }
    case 'revoke':
      if (!access.revoke(args[0]!)) throw new CommandError(`no active member ${args[0]} (see list-members <groupId>)`)
      out(`revoked ${args[0]}; their open connections close within seconds`)
      return 0
    case 'list-documents':
      for (const d of store.listDocuments().filter((d) => !args[0] || d.groupId === args[0])) {
        out(`${d.id}\t${d.groupId}\t${d.title}`)
      }
      return 0
    case 'demo-links':
      // The demo is the server's to create (first start, empty database); the CLI only issues links.
      if (!store.getGroup(DEMO_GROUP.id)) {
        throw new CommandError(
          `the database at ${file} has no demo group (${DEMO_GROUP.id}): the server creates it only on its first ` +
            'start with an empty database. Use list-groups, list-members <groupId> and new-link <memberId> instead.',
        )
      }
      for (const line of issueDemoLinks(access, base)) out(line)
      return 0
    case 'command': {
      const [documentId, memberId, ...words] = args as [string, string, ...string[]]
      const doc = store.getDocument(documentId)
      if (!doc) throw new CommandError(`no document ${documentId} (see list-documents)`)
      const member = access.getMember(memberId)
      if (!member || member.revokedAt) throw new CommandError(`no active member ${memberId} (see list-members ${doc.groupId})`)
      if (member.groupId !== doc.groupId) throw new CommandError(`${member.displayName} is not a member of the working group of "${doc.title}" (see list-members ${doc.groupId})`)
      let command: unknown
      try {
        command = JSON.parse(words.join(' '))
      } catch {
        throw new CommandError(`the command is not JSON: ${words.join(' ')}; usage: ${usageOf('command')}`)
      }
      const session = access.operatorSession(member.id)
      if (!session) throw new CommandError(`no active member ${memberId}`)
      const url = `${server}/api/documents/${encodeURIComponent(doc.id)}/commands`
      try {
        let res: Response
        try {
          res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${session}` },
            body: JSON.stringify(command),
          })
        } catch (e) {
          throw new CommandError(`the server does not answer at ${server} (${causeOf(e)}); start it (npm start): a command on a document goes through the running server`, 3)
        }
        const answer = (await res.json().catch(() => ({}))) as { error?: unknown }
        if (!res.ok) {
          err(`accord: refused (${res.status}): ${typeof answer.error === 'string' ? answer.error : res.statusText}`)
          return 1
        }
        out(JSON.stringify(answer))
        return 0
      } finally {
        access.endSession(session)
      }
    }
  }
}

const causeOf = (e: unknown): string => {
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined
  return typeof cause?.code === 'string' ? cause.code : String(e)
}

/** A command that cannot be done (unknown id, bad role, no demo group, no server); its exit code. */
class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2))
}
