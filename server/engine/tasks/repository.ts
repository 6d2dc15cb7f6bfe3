import { randomInt } from 'node:crypto';
import type { EngineContext } from '../context.js';
import type { TasksTable } from '../db/schema.js';
import { activeStatuses, type TaskKind } from './kinds.js';

/**
 * SQL on the `tasks` table. Synchronous (better-sqlite3) so that a task row can be written in the same
 * transaction as the change that starts or ends it.
 */
export type TaskRow = TasksTable;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric text (task id suffixes: `{dataset_id}_{random}`). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

export interface NewTask {
  id: string;
  datasetId: string | null;
  kind: TaskKind;
  status: string;
  params: Record<string, unknown>;
  result: Record<string, unknown>;
}

export function insertTask(ctx: EngineContext, task: NewTask): void {
  const now = ctx.now();
  ctx.sqlite
    .prepare(
      `INSERT INTO tasks (id, dataset_id, kind, status, params, result, progress, create_time, update_time)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    )
    .run(task.id, task.datasetId, task.kind, task.status, JSON.stringify(task.params), JSON.stringify(task.result), now, now);
}

export function getTask(ctx: EngineContext, id: string): TaskRow | undefined {
  return ctx.sqlite.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
}

export interface TaskPatch {
  status?: string;
  progress?: number;
  result?: Record<string, unknown>;
  error_code?: string | null;
  error_msg?: string | null;
  start_time?: number;
  end_time?: number;
}

/** Applies a patch and stamps `update_time`. Returns whether the row still exists. */
export function updateTask(ctx: EngineContext, id: string, patch: TaskPatch): boolean {
  return patchRow(ctx, id, patch, '');
}

/** What a claimant may change on its row. */
export interface ClaimedPatch extends TaskPatch {
  lease_until?: number | null;
  claim_token?: null;
  next_run_at?: number;
  attempts?: number;
}

/**
 * A claimant's write: applied only while `token` is still the row's claim and the row is unfinished. A
 * runner whose lease passed and whose row another runner claimed writes nothing. Returns whether it applied.
 */
export function updateClaimedTask(ctx: EngineContext, id: string, token: string, patch: ClaimedPatch): boolean {
  return patchRow(ctx, id, { ...patch, token }, ' AND claim_token = @token AND end_time IS NULL');
}

function patchRow(ctx: EngineContext, id: string, patch: ClaimedPatch & { token?: string }, guard: string): boolean {
  const sets: string[] = ['update_time = @update_time'];
  const values: Record<string, unknown> = { id, update_time: ctx.now() };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key !== 'token') sets.push(`${key} = @${key}`);
    values[key] = key === 'result' ? JSON.stringify(value) : value;
  }
  return ctx.sqlite.prepare(`UPDATE tasks SET ${sets.join(', ')} WHERE id = @id${guard}`).run(values).changes > 0;
}

/** A dataset's tasks of one kind, newest first, `offset` being a page index. */
export function listTasks(
  ctx: EngineContext,
  q: { datasetId: string; kind: TaskKind; offset: number; limit: number },
): { total: number; rows: TaskRow[] } {
  const { n } = ctx.sqlite
    .prepare('SELECT count(*) AS n FROM tasks WHERE dataset_id = ? AND kind = ?')
    .get(q.datasetId, q.kind) as { n: number };
  const rows = ctx.sqlite
    .prepare(
      `SELECT * FROM tasks WHERE dataset_id = ? AND kind = ?
       ORDER BY create_time DESC, rowid DESC LIMIT ? OFFSET ?`,
    )
    .all(q.datasetId, q.kind, q.limit, q.offset * q.limit) as TaskRow[];
  return { total: n, rows };
}

/** The dataset's unfinished task of a kind, if any. */
export function findActiveTask(ctx: EngineContext, datasetId: string, kind: TaskKind): TaskRow | undefined {
  const statuses = activeStatuses(kind);
  return ctx.sqlite
    .prepare(
      `SELECT * FROM tasks WHERE dataset_id = ? AND kind = ? AND status IN (${statuses.map(() => '?').join(', ')})
       ORDER BY create_time DESC LIMIT 1`,
    )
    .get(datasetId, kind, ...statuses) as TaskRow | undefined;
}
