import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../contract/bff.js';
import type { ConsoleDb } from '../db.js';

export interface ActiveSession {
  username: string;
  role: Role;
  email?: string;
  csrfToken: string;
}

export interface SessionLimits {
  /** A session unused for this long is gone. */
  idleMs: number;
  /** …and none outlives this, however busy. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 8 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };

/** `last_seen` is rewritten at most this often: the hot path stays a single read. */
const TOUCH_EVERY_MS = 60_000;

const hashId = (id: string) => createHash('sha256').update(id).digest('base64url');

interface SessionRow {
  id_hash: string;
  username: string;
  role: Role;
  email: string | null;
  csrf_token: string;
  create_time: number;
  last_seen: number;
}

/** Server-side sessions: the cookie carries a random id, the table holds everything else. */
export class SessionStore {
  private readonly lookup;
  private readonly touch;
  private readonly remove;

  constructor(
    private readonly db: ConsoleDb,
    private readonly now: () => number,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {
    // Joined with users so that a disabled account's sessions stop working at once and role changes apply.
    this.lookup = db.prepare(
      `SELECT s.id_hash, s.username, s.csrf_token, s.create_time, s.last_seen, u.role, u.email
       FROM sessions s JOIN users u ON u.username = s.username
       WHERE s.id_hash = ? AND u.disabled = 0`,
    );
    this.touch = db.prepare('UPDATE sessions SET last_seen = ? WHERE id_hash = ?');
    this.remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  }

  /** Starts a session; returns the id for the cookie (only its hash is stored). */
  create(username: string): { id: string; csrfToken: string } {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.now();
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM sessions WHERE last_seen < ? OR create_time < ?')
        .run(now - this.limits.idleMs, now - this.limits.absoluteMs);
      this.db
        .prepare('INSERT INTO sessions (id_hash, username, csrf_token, create_time, last_seen) VALUES (?, ?, ?, ?, ?)')
        .run(hashId(id), username, csrfToken, now, now);
    })();
    return { id, csrfToken };
  }

  get(id: string | undefined): ActiveSession | undefined {
    if (!id) return undefined;
    const idHash = hashId(id);
    const row = this.lookup.get(idHash) as SessionRow | undefined;
    if (!row) return undefined;
    const now = this.now();
    if (now - row.last_seen > this.limits.idleMs || now - row.create_time > this.limits.absoluteMs) {
      this.remove.run(idHash);
      return undefined;
    }
    if (now - row.last_seen > TOUCH_EVERY_MS) this.touch.run(now, idHash);
    return { username: row.username, role: row.role, ...(row.email ? { email: row.email } : {}), csrfToken: row.csrf_token };
  }

  destroy(id: string | undefined): void {
    if (id) this.remove.run(hashId(id));
  }
}
