import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * The BFF's own database, `DATA_DIR/console.sqlite`: console accounts, sessions, audit log.
 * Migrations are numbered SQL scripts applied in order; `PRAGMA user_version` records the last one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE users (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'reviewer', 'labeler')),
    email TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    create_time INTEGER NOT NULL,
    last_login_time INTEGER
  );
  -- Only a hash of the session id is stored: a copy of this file does not hand out live sessions.
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE ON UPDATE CASCADE,
    csrf_token TEXT NOT NULL,
    create_time INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (username);
  CREATE INDEX sessions_by_last_seen ON sessions (last_seen);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time INTEGER NOT NULL,
    username TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    ip TEXT
  );
  `,
];

export type ConsoleDb = SQLite.Database;

export function openConsoleDb(dataDir: string): ConsoleDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new SQLite(path.join(dataDir, 'console.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let i = applied; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return db;
}
