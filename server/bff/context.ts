import type { SessionStore } from './auth/sessions.js';
import type { UserStore } from './auth/users.js';
import type { ConsoleDb } from './db.js';
import type { Upstream } from './proxy/upstream.js';

/** What every BFF route plugin is given: built once in app.ts. */
export interface BffContext {
  db: ConsoleDb;
  users: UserStore;
  sessions: SessionStore;
  upstream: Upstream;
  now: () => number;
}

export interface BffRouteOptions {
  ctx: BffContext;
}
