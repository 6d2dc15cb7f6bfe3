import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-sample-list-index.js';
import * as m003 from './migrations/003-sample-search.js';
import * as m004 from './migrations/004-versions.js';
import * as m005 from './migrations/005-task-queue.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

const migrations: Record<string, Migration> = { '001-initial': m001, '002-sample-list-index': m002, '003-sample-search': m003, '004-versions': m004, '005-task-queue': m005 };

export interface OpenedDb {
  db: Db;
  /** The raw connection, for synchronous transactions where many rows change at once. */
  sqlite: SQLite.Database;
}

/** Opens (or creates) the engine database: WAL, foreign keys, migrations applied. */
export async function openDb(file: string): Promise<OpenedDb> {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Lists of a million-sample dataset page through large indexes: a 64 MB page cache keeps them warm.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Migrations written in parallel may land out of order (004 applied before 003 existed): apply the missing ones.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return { db, sqlite };
}
