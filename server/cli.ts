/**
 * The operator's command line: `npm run accord -- <command>`. It opens the same SQLite file as the
 * server (WAL allows both at once), so it works while the server runs.
 */
import path from 'node:path'
import fs from 'node:fs'
import { SqliteStore } from './storage/SqliteStore.ts'
import { AccessStore } from './access/AccessStore.ts'
import { readConfig } from './config.ts'
import { isRole, ROLES } from '../shared/roles.ts'
import { newId } from '../shared/ids.ts'
import { DocumentService } from './documents/DocumentService.ts'
import { DEMO_GROUP } from './demo/demoDocument.ts'
import { inviteLink, issueDemoLinks } from './access/demoMembers.ts'

const HELP = `Accord operator commands (npm run accord -- <command> ...):

  help                                              this list
  list-groups                                       working groups
  create-group <name>                               a new working group (prints its id)
  list-members <groupId>                            members with role, delegation and status
  invite <groupId> <role> <name> <delegation>       a new member; prints their sign-in link
                                                    (role: ${ROLES.join(', ')})
  new-link <memberId>                               a fresh sign-in link for an existing member
  revoke <memberId>                                 revoke a member (ends their sessions)
  list-documents [groupId]                          documents
  demo-links                                        fresh sign-in links for the demo group's members

Environment: DATA_DIR (default ./data), PUBLIC_URL (default http://localhost:$PORT).`

export function runCli(argv: readonly string[], out: (line: string) => void = console.log): number {
  const [command = 'help', ...args] = argv
  const config = readConfig()
  if (command === 'help' || command === '--help') {
    out(HELP)
    return 0
  }
  fs.mkdirSync(config.dataDir, { recursive: true })
  const store = new SqliteStore({ filename: path.join(config.dataDir, 'accord.sqlite') })
  const access = new AccessStore(store.db)
  const base = config.publicUrl
  const need = (n: number, usage: string): void => {
    if (args.length < n) throw new UsageError(`usage: ${usage}`)
  }
  try {
    switch (command) {
      case 'list-groups':
        for (const g of store.listGroups()) out(`${g.id}\t${g.name}`)
        return 0
      case 'create-group': {
        need(1, 'create-group <name>')
        const id = newId('g')
        store.createGroup({ id, name: args.join(' '), createdAt: new Date().toISOString() })
        out(id)
        return 0
      }
      case 'list-members': {
        need(1, 'list-members <groupId>')
        for (const m of access.listMembers(args[0]!)) {
          out(`${m.id}\t${m.role}\t${m.displayName}\t${m.delegation}${m.revokedAt ? '\t(revoked)' : ''}`)
        }
        return 0
      }
      case 'invite': {
        need(4, 'invite <groupId> <role> <name> <delegation>')
        const [groupId, role, displayName, ...delegation] = args as [string, string, string, ...string[]]
        if (!store.getGroup(groupId)) throw new UsageError(`no working group ${groupId} (see list-groups)`)
        if (!isRole(role)) throw new UsageError(`role must be one of ${ROLES.join(', ')}, got ${role}`)
        const member = access.addMember({ groupId, role, displayName, delegation: delegation.join(' ') })
        const { token, expiresAt } = access.invite(member.id)
        out(`${member.displayName} (${member.delegation}, ${member.role}): ${inviteLink(base, token)}  (expires ${expiresAt})`)
        return 0
      }
      case 'new-link': {
        need(1, 'new-link <memberId>')
        const member = access.getMember(args[0]!)
        if (!member || member.revokedAt) throw new UsageError(`no active member ${args[0]}`)
        const { token, expiresAt } = access.invite(member.id)
        out(`${member.displayName}: ${inviteLink(base, token)}  (expires ${expiresAt})`)
        return 0
      }
      case 'revoke':
        need(1, 'revoke <memberId>')
        if (!access.revoke(args[0]!)) throw new UsageError(`no active member ${args[0]}`)
        out(`revoked ${args[0]}; their open connections close within seconds`)
        return 0
      case 'list-documents':
        for (const d of store.listDocuments().filter((d) => !args[0] || d.groupId === args[0])) {
          out(`${d.id}\t${d.groupId}\t${d.title}`)
        }
        return 0
      case 'demo-links': {
        new DocumentService(store).seedDemoIfEmpty()
        if (!store.getGroup(DEMO_GROUP.id)) throw new UsageError('there is no demo group in this database')
        for (const line of issueDemoLinks(access, base)) out(line)
        return 0
      }
      default:
        throw new UsageError(`unknown command ${command}; try: npm run accord -- help`)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      out(err.message)
      return 2
    }
    throw err
  } finally {
    store.close()
  }
}

class UsageError extends Error {}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = runCli(process.argv.slice(2))
}
