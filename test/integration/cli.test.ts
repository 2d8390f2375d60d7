/**
 * The operator's command line (SPEC A5): it reads the server's configuration, says which database
 * it opened, never creates one, and prints usage on a mistake.
 */
import fs from 'node:fs'
import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../server/cli.ts'
import { AccordServer } from '../../server/AccordServer.ts'
import { databasePath, readConfig } from '../../server/config.ts'
import { SqliteStore } from '../../server/storage/SqliteStore.ts'
import { tempDataDir } from '../helpers/testServer.ts'
import { DEMO_DOCUMENT, DEMO_GROUP } from '../../server/demo/demoDocument.ts'
import { consensusOf } from '../../shared/ydoc.ts'
import { readConsensusEntry } from '../../shared/consensus.ts'

interface Run {
  code: number
  out: string[]
  err: string[]
}

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, (line) => out.push(line), { env, err: (line) => err.push(line) })
  return { code, out, err }
}

/** A database as the server leaves it, with groups of our choosing. */
function databaseWith(groups: { id: string; name: string }[]): string {
  const dataDir = tempDataDir()
  const store = new SqliteStore({ filename: databasePath({ dataDir }) })
  for (const g of groups) store.createGroup({ ...g, createdAt: new Date().toISOString() })
  store.close()
  return dataDir
}

const running: AccordServer[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

describe('the operator CLI', () => {
  it('[A5] reads the configuration the server reads and opens the database the server created', async () => {
    const env = { DATA_DIR: tempDataDir(), PUBLIC_URL: 'https://accord.example.org' }
    const server = new AccordServer({ ...readConfig(env), port: 0, host: '127.0.0.1' })
    running.push(server)
    await server.start() // the first start creates the database and the demo group

    const run = await cli(['demo-links'], env)
    expect(run.code).toBe(0)
    expect(run.err[0]).toBe(`accord: using database ${path.join(env.DATA_DIR, 'accord.sqlite')} (from DATA_DIR)`)
    expect(run.out).toHaveLength(4)
    for (const line of run.out) expect(line).toMatch(/https:\/\/accord\.example\.org\/join#\S+$/)
  })

  it('[A5] names the default database when DATA_DIR is not set (an empty DATA_DIR counts as unset)', async () => {
    const before = process.cwd()
    process.chdir(tempDataDir()) // an empty folder, so no developer's ./data is opened
    try {
      const expected = path.resolve('data', 'accord.sqlite')
      expect(databasePath(readConfig({ DATA_DIR: '' }))).toBe(expected)
      for (const env of [{}, { DATA_DIR: '' }]) {
        const run = await cli(['list-groups'], env)
        expect(run.code).toBe(2)
        expect(run.err[0]).toBe(`accord: using database ${expected} (default ./data of the current folder; DATA_DIR is not set)`)
      }
      expect(fs.existsSync('data')).toBe(false)
    } finally {
      process.chdir(before)
    }
  })

  it('[A5] creates no database: every command stops with code 2 and says where the server would create it', async () => {
    const dataDir = path.join(tempDataDir(), 'typo')
    const file = path.join(dataDir, 'accord.sqlite')
    const commands = [
      ['demo-links'],
      ['list-groups'],
      ['list-members', 'g1'],
      ['list-documents'],
      ['new-link', 'm1'],
      ['revoke', 'm1'],
      ['invite', 'g1', 'member', 'Amina Diallo', 'Kenya'],
      ['create-group', 'Working Group on Data'],
    ]
    for (const argv of commands) {
      const run = await cli(argv, { DATA_DIR: dataDir })
      expect(run.code, argv[0]).toBe(2)
      expect(run.out, argv[0]).toEqual([])
      expect(run.err[0]).toBe(`accord: using database ${file} (from DATA_DIR)`)
      expect(run.err[1]).toContain(`there is no database at ${file}`)
      expect(run.err[1]).toContain('npm start')
      expect(run.err[1]).toContain('DATA_DIR')
    }
    expect(fs.existsSync(file)).toBe(false)
    expect(fs.existsSync(dataDir)).toBe(false)
  })

  it('[A5] demo-links says so when the database has no demo group', async () => {
    const dataDir = databaseWith([{ id: 'g-itu', name: 'Working Group on Data' }])
    const run = await cli(['demo-links'], { DATA_DIR: dataDir })
    expect(run.code).toBe(2)
    expect(run.out).toEqual([])
    expect(run.err[1]).toContain(`the database at ${databasePath({ dataDir })} has no demo group (wgec)`)
    // The CLI does not make the demo itself.
    expect((await cli(['list-groups'], { DATA_DIR: dataDir })).out).toEqual(['g-itu\tWorking Group on Data'])
  })

  it('[A5] prints its results on stdout and the database line on stderr', async () => {
    const dataDir = databaseWith([])
    const created = await cli(['create-group', 'Working', 'Group', 'on', 'Data'], { DATA_DIR: dataDir })
    expect(created.code).toBe(0)
    expect(created.out).toHaveLength(1)
    expect(created.err).toHaveLength(1)
    const id = created.out[0]!
    expect((await cli(['list-groups'], { DATA_DIR: dataDir })).out).toEqual([`${id}\tWorking Group on Data`])
  })

  it('[A5] a mistake prints usage with code 2 and touches no database', async () => {
    const dataDir = path.join(tempDataDir(), 'untouched')
    const mistakes: [string[], string][] = [
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['invite', 'g1', 'member'], 'invite takes at least 4 arguments, got 2; usage: npm run accord -- invite <groupId> <role> <name> <delegation>'],
      [['list-members'], 'list-members takes 1 argument, got none; usage: npm run accord -- list-members <groupId>'],
      [['revoke', 'm1', 'm2'], 'revoke takes 1 argument, got 2'],
      [['list-documents', 'g1', 'g2'], 'list-documents takes at most 1 argument, got 2'],
      [['list-groups', '--verbose'], "Unknown option '--verbose'"],
    ]
    for (const [argv, message] of mistakes) {
      const run = await cli(argv, { DATA_DIR: dataDir })
      expect(run.code, argv.join(' ')).toBe(2)
      expect(run.out).toEqual([])
      expect(run.err[0]).toContain(`accord: ${message}`)
      expect(run.err.join('\n')).toContain('Accord operator commands')
      expect(run.err.filter((line) => line.startsWith('accord: using database'))).toEqual([])
    }
    expect(fs.existsSync(dataDir)).toBe(false)
  })

  it('[A5] help and --help print the commands on stdout and open nothing', async () => {
    for (const argv of [[], ['help'], ['--help'], ['invite', '-h']]) {
      const run = await cli(argv, { DATA_DIR: path.join(tempDataDir(), 'untouched') })
      expect(run.code).toBe(0)
      expect(run.err).toEqual([])
      expect(run.out.join('\n')).toContain('demo-links')
      expect(run.out.join('\n')).toContain('No command creates a database')
    }
  })

  describe('[A5][R10] command: a command on a document goes through the running server', () => {
    async function started(): Promise<{ server: AccordServer; env: NodeJS.ProcessEnv; chair: string; member: string }> {
      const dataDir = tempDataDir()
      const server = new AccordServer({ ...readConfig({ DATA_DIR: dataDir }), port: 0, host: '127.0.0.1' })
      running.push(server)
      const port = await server.start()
      const members = server.access.listMembers(DEMO_GROUP.id)
      const idOf = (role: string): string => members.find((m) => m.role === role)!.id
      return { server, env: { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, chair: idOf('chair'), member: idOf('member') }
    }
    const openSessions = (server: AccordServer, memberId: string): number => {
      const db = new Database(databasePath(server.config), { readonly: true })
      try {
        return (db.prepare('SELECT count(*) AS n FROM sessions WHERE member_id = ? AND ended_at IS NULL').get(memberId) as { n: number }).n
      } finally {
        db.close()
      }
    }
    const statusOf = (server: AccordServer, paragraphId: string): string =>
      server.collab.withDocument(DEMO_DOCUMENT.id, (room) => readConsensusEntry(consensusOf(room.doc).get(paragraphId))?.status ?? 'proposed')

    it('the chair agrees a paragraph: applied by the server, audited as the chair, the session ended', async () => {
      const { server, env, chair } = await started()
      const run = await cli(['command', DEMO_DOCUMENT.id, chair, '{"kind": "status",', '"paragraphId": "r-demo-b3", "action": "agree"}'], env)
      expect(run.err.slice(1)).toEqual([])
      expect(run.code).toBe(0)
      expect(JSON.parse(run.out[0]!)).toMatchObject({ entry: { status: 'agreed' } })
      expect(statusOf(server, 'r-demo-b3')).toBe('agreed')
      const audited = server.store.listAudit(DEMO_DOCUMENT.id).filter((a) => a.kind === 'command')
      expect(audited.map((a) => a.memberId)).toEqual([chair])
      expect(openSessions(server, chair)).toBe(0)
    })

    it('a refusal is the server\'s, in its words, with code 1; nothing changes', async () => {
      const { server, env, member } = await started()
      const run = await cli(['command', DEMO_DOCUMENT.id, member, '{"kind":"status","paragraphId":"r-demo-b3","action":"agree"}'], env)
      expect(run.code).toBe(1)
      expect(run.out).toEqual([])
      expect(run.err[1]).toMatch(/^accord: refused \(403\): .*chair/)
      expect(statusOf(server, 'r-demo-b3')).toBe('proposed')
      expect(server.store.listAudit(DEMO_DOCUMENT.id).filter((a) => a.kind === 'command')).toEqual([])
      expect(openSessions(server, member)).toBe(0)
    })

    it('a command that is not JSON, an unknown document or a member of another group is a mistake (code 2)', async () => {
      const { env, chair } = await started()
      expect((await cli(['command', DEMO_DOCUMENT.id, chair, 'agree', 'B.3'], env)).err[1]).toMatch(/^accord: the command is not JSON: agree B\.3/)
      expect((await cli(['command', 'd-nowhere', chair, '{}'], env)).err[1]).toBe('accord: no document d-nowhere (see list-documents)')
      expect((await cli(['command', DEMO_DOCUMENT.id, 'm-nobody', '{}'], env)).code).toBe(2)
    })

    it('without a running server it says so (code 3) and changes nothing', async () => {
      const { server, env, chair } = await started()
      await server.stop()
      const run = await cli(['command', DEMO_DOCUMENT.id, chair, '{"kind":"status","paragraphId":"r-demo-b3","action":"agree"}'], env)
      expect(run.code).toBe(3)
      expect(run.err[1]).toMatch(/^accord: the server does not answer at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); start it \(npm start\)/)
    })
  })
})
