import type SQLite from 'better-sqlite3';
import type { Db } from './db/index.js';
import type { ObjectStore } from './storage/object-store.js';

/** What every engine module is given: built once in app.ts, passed to route plugins as options. */
export interface EngineContext {
  db: Db;
  sqlite: SQLite.Database;
  store: ObjectStore;
  dataDir: string;
  projectId: string;
  /** Key pairs the engine accepts (AK → SK). */
  credentials: ReadonlyMap<string, string>;
  /** Secret for the signed file URLs (samples' `source`). */
  urlSecret: string;
  /** Background work started by requests (imports …); awaited on close. */
  background: Set<Promise<unknown>>;
  now: () => number;
}

export interface EngineRouteOptions {
  ctx: EngineContext;
}
