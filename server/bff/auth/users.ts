import type { Role, User } from '../../contract/bff.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { ConsoleDb } from '../db.js';
import { hashPassword } from './passwords.js';

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  email: string | null;
  disabled: number;
  create_time: number;
  last_login_time: number | null;
}

/** The public view of a row: never the password hash. */
function toUser(row: UserRow): User {
  return {
    username: row.username,
    role: row.role,
    ...(row.email ? { email: row.email } : {}),
    disabled: row.disabled === 1,
    create_time: row.create_time,
    ...(row.last_login_time ? { last_login_time: row.last_login_time } : {}),
  };
}

const notFound = (username: string) => new ModelArtsError('0104', `User ${JSON.stringify(username)} does not exist`);

/** Console accounts (SQL lives here; routes only parse and reply). */
export class UserStore {
  constructor(
    private readonly db: ConsoleDb,
    private readonly now: () => number,
  ) {}

  private row(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  /** The stored hash, for the login check only. */
  credentials(username: string): { username: string; passwordHash: string; disabled: boolean } | undefined {
    const row = this.row(username);
    return row && { username: row.username, passwordHash: row.password_hash, disabled: row.disabled === 1 };
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY create_time, username').all() as UserRow[]).map(toUser);
  }

  get(username: string): User {
    const row = this.row(username);
    if (!row) throw notFound(username);
    return toUser(row);
  }

  async create(input: { username: string; password: string; role: Role; email?: string }): Promise<User> {
    const hash = await hashPassword(input.password);
    const result = this.db
      .prepare(
        `INSERT INTO users (username, password_hash, role, email, create_time) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (username) DO NOTHING`,
      )
      .run(input.username, hash, input.role, input.email ?? null, this.now());
    if (result.changes === 0) throw new ModelArtsError('0107', `User ${JSON.stringify(input.username)} already exists`);
    return this.get(input.username);
  }

  /** Role, e-mail and disabled flag; the last active admin keeps the admin role and stays enabled. */
  update(username: string, patch: { role?: Role; disabled?: boolean; email?: string }): User {
    const apply = this.db.transaction(() => {
      const row = this.row(username);
      if (!row) throw notFound(username);
      const losesAdmin =
        row.role === 'admin' && row.disabled === 0 && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
      if (losesAdmin && this.activeAdmins() <= 1) {
        throw new ModelArtsError('0107', 'The last active admin cannot be demoted or disabled');
      }
      this.db
        .prepare('UPDATE users SET role = ?, disabled = ?, email = ? WHERE username = ?')
        .run(
          patch.role ?? row.role,
          patch.disabled === undefined ? row.disabled : Number(patch.disabled),
          patch.email ?? row.email,
          row.username,
        );
      if (patch.disabled) this.db.prepare('DELETE FROM sessions WHERE username = ?').run(row.username);
    });
    apply();
    return this.get(username);
  }

  /** A new password ends every session of that user. */
  async resetPassword(username: string, password: string): Promise<void> {
    if (!this.row(username)) throw notFound(username);
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(hash, username);
      this.db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
    })();
  }

  recordLogin(username: string): void {
    this.db.prepare('UPDATE users SET last_login_time = ? WHERE username = ?').run(this.now(), username);
  }

  private activeAdmins(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }
}
