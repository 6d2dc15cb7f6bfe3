import { sql, type Kysely } from 'kysely';

/**
 * The durable task queue (issue #4): tasks become claimable rows. A runner claims the next runnable row
 * (highest priority, then oldest) by writing a fresh `claim_token` and a `lease_until`, renews the lease
 * while the job runs, and writes only while its token is still the row's. A row whose lease has passed
 * belongs to a runner that died and may be claimed again. `next_run_at` delays a retry (backoff);
 * `idempotency_key` makes a repeated request find the task it already created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE tasks ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 3`.execute(db);
  await sql`ALTER TABLE tasks ADD COLUMN next_run_at INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE tasks ADD COLUMN claim_token TEXT`.execute(db);
  await sql`ALTER TABLE tasks ADD COLUMN lease_until INTEGER`.execute(db);
  await sql`ALTER TABLE tasks ADD COLUMN idempotency_key TEXT`.execute(db);
  // Rows written before the queue existed and already ended carry an end time; unfinished ones do not.
  await sql`UPDATE tasks SET end_time = update_time WHERE end_time IS NULL AND status IN ('COMPLETED', 'SUCCESSED', 'FAILED')`.execute(db);
  await sql`CREATE UNIQUE INDEX tasks_idempotency ON tasks (kind, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);
  // Claiming reads the unfinished rows in claim order only: finished rows (end_time set) are not in it.
  await sql`CREATE INDEX tasks_claim ON tasks (priority DESC, create_time) WHERE end_time IS NULL`.execute(db);
  // The task center lists unfinished tasks first, then the newest.
  await sql`CREATE INDEX tasks_created ON tasks (create_time)`.execute(db);
}
