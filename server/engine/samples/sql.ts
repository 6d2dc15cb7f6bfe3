import type SQLite from 'better-sqlite3';
import type { EngineContext } from '../context.js';

const cache = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/** A prepared statement on the engine's raw connection, prepared once per connection and reused. */
export function stmt<T = unknown>(ctx: EngineContext, text: string): SQLite.Statement<unknown[], T> {
  let byText = cache.get(ctx.sqlite);
  if (!byText) {
    byText = new Map();
    cache.set(ctx.sqlite, byText);
  }
  let prepared = byText.get(text);
  if (!prepared) {
    prepared = ctx.sqlite.prepare(text);
    byText.set(text, prepared);
  }
  return prepared as SQLite.Statement<unknown[], T>;
}

/** Runs `fn` in one transaction (nested calls join the outer one, as better-sqlite3 savepoints do). */
export function inTransaction<T>(ctx: EngineContext, fn: () => T): T {
  return ctx.sqlite.transaction(fn)();
}

/** Parses a JSON column, falling back when a row holds something unexpected. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
