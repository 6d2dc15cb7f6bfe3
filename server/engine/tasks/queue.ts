import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { describeFailure } from './failure.js';
import { endTask } from './finalize.js';
import { TASK_KINDS, type TaskKind } from './kinds.js';
import type { TaskRow } from './repository.js';
import { abortRunningJob, taskHandlerOf, wakeTaskRunner } from './runner.js';
import { ACTIVE_SQL } from './sql.js';

export interface EnqueueTask {
  /** `{dataset_id}_{random}` for dataset tasks. */
  id: string;
  kind: TaskKind;
  datasetId: string | null;
  /**
   * The API request body as the user sent it (snake_case, defaults filled in) plus `dataset_id`; fields
   * only the engine needs start with `_` (the task center hides them).
   */
  params: Record<string, unknown>;
  /** Initial counters (e.g. zeros, so that a poll before the first report reads numbers). */
  result?: Record<string, unknown>;
  /** Higher runs first (default 0). */
  priority?: number;
  /** A repeated request with the same key (per kind) finds the task the first one created. */
  idempotencyKey?: string;
  /** Default: the kind's handler's `maxAttempts`, else 3. */
  maxAttempts?: number;
}

/** The task an idempotency key already created for a kind, if any. */
export function findIdempotentTask(ctx: EngineContext, kind: TaskKind, key: string | undefined): string | undefined {
  if (!key) return undefined;
  const row = ctx.sqlite.prepare('SELECT id FROM tasks WHERE kind = ? AND idempotency_key = ?').get(kind, key) as { id: string } | undefined;
  return row?.id;
}

/**
 * Queues a task: inserts its row with the kind's queued status. Synchronous — call it inside the
 * `ctx.sqlite.transaction` that also changes the dataset (its status …). With an idempotency key already
 * used for the kind nothing is inserted and the existing task's id comes back with `created: false`. The
 * runner looks for the row after the current turn (a rolled-back insert is simply not found).
 */
export function enqueueTask(ctx: EngineContext, t: EnqueueTask): { id: string; created: boolean } {
  const existing = findIdempotentTask(ctx, t.kind, t.idempotencyKey);
  if (existing) return { id: existing, created: false };
  const now = ctx.now();
  const maxAttempts = Math.max(1, t.maxAttempts ?? taskHandlerOf(ctx, t.kind)?.maxAttempts ?? 3);
  ctx.sqlite
    .prepare(
      `INSERT INTO tasks (id, dataset_id, kind, status, params, result, progress, create_time, update_time,
         priority, attempts, max_attempts, next_run_at, idempotency_key)
       VALUES (@id, @dataset_id, @kind, @status, @params, @result, 0, @now, @now, @priority, 0, @max_attempts, 0, @key)`,
    )
    .run({
      id: t.id,
      dataset_id: t.datasetId,
      kind: t.kind,
      status: TASK_KINDS[t.kind].queued,
      params: JSON.stringify(t.params),
      result: JSON.stringify(t.result ?? {}),
      now,
      priority: Math.trunc(t.priority ?? 0),
      max_attempts: maxAttempts,
      key: t.idempotencyKey ?? null,
    });
  wakeTaskRunner(ctx);
  return { id: t.id, created: true };
}

const isActive = (ctx: EngineContext, id: string): TaskRow | undefined =>
  ctx.sqlite.prepare(`SELECT * FROM tasks WHERE id = ? AND ${ACTIVE_SQL}`).get(id) as TaskRow | undefined;

/**
 * Stops a task. Running in this engine → its signal aborts with `reason`, and the runner ends it FAILED
 * when the job returns. Queued (or claimed by a runner elsewhere, whose next lease renewal then finds the
 * row no longer its own) → ended FAILED at once, with the kind's `finish(…, 'failed')`. The reason
 * defaults to ModelArts.4393 "Task stopped". Returns false when the task does not exist or has ended.
 */
export function stopTask(ctx: EngineContext, id: string, reason?: ModelArtsError): boolean {
  const error = reason ?? new ModelArtsError('4393');
  const row = isActive(ctx, id);
  if (!row) return false;
  if (abortRunningJob(ctx, id, error)) return true;
  const failure = describeFailure(ctx, error);
  return endTask(ctx, { row, handler: taskHandlerOf(ctx, row.kind), failure });
}

/** Stops every unfinished task of a dataset (it is being deleted …). Returns how many were stopped. */
export function abortDatasetTasks(ctx: EngineContext, datasetId: string, reason?: ModelArtsError): number {
  const rows = ctx.sqlite.prepare(`SELECT id FROM tasks WHERE dataset_id = ? AND ${ACTIVE_SQL}`).all(datasetId) as { id: string }[];
  return rows.filter((r) => stopTask(ctx, r.id, reason)).length;
}

/** Stops every unfinished task, queued or running. Returns how many were stopped. */
export function abortAllTasks(ctx: EngineContext, reason?: ModelArtsError): number {
  const rows = ctx.sqlite.prepare(`SELECT id FROM tasks WHERE ${ACTIVE_SQL}`).all() as { id: string }[];
  return rows.filter((r) => stopTask(ctx, r.id, reason)).length;
}
