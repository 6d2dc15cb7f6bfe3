import type { EngineContext } from '../context.js';
import { INTERRUPTED_CODE, INTERRUPTED_MSG } from './failure.js';
import { endTask, type AnyTaskHandler } from './finalize.js';
import { TASK_KINDS, type TaskKind } from './kinds.js';
import type { TaskRow } from './repository.js';
import { ACTIVE_SQL, QUEUED_SQL } from './sql.js';

export { INTERRUPTED_CODE, INTERRUPTED_MSG };

/**
 * Called once at engine start, before the runner and any request: a task found claimed (starting or
 * running) belongs to a process that died. When its kind resumes after a restart and it has attempts
 * left, it goes back to the queue (claim cleared) and runs again; otherwise it ends FAILED with
 * ModelArts.4392 "Task interrupted by a restart of the engine" and its kind's `finish(…, 'failed')` (the
 * dataset gets its status back …). Queued tasks stay queued. No task is left running.
 */
export function recoverTasks(ctx: EngineContext, handlers: readonly AnyTaskHandler[]): { resumed: string[]; failed: string[] } {
  const byKind = new Map(handlers.map((h) => [h.kind, h]));
  const rows = ctx.sqlite.prepare(`SELECT * FROM tasks WHERE ${ACTIVE_SQL} AND NOT ${QUEUED_SQL}`).all() as TaskRow[];
  const resumed: string[] = [];
  const failed: string[] = [];
  const requeue = ctx.sqlite.prepare(
    `UPDATE tasks SET status = ?, claim_token = NULL, lease_until = NULL, next_run_at = 0, update_time = ? WHERE id = ?`,
  );
  for (const row of rows) {
    const handler = byKind.get(row.kind as TaskKind);
    if (handler?.onRestart === 'resume' && row.attempts < row.max_attempts) {
      requeue.run(TASK_KINDS[row.kind as TaskKind].queued, ctx.now(), row.id);
      resumed.push(row.id);
    } else {
      // Each in its own transaction: one kind's failing `finish` does not keep the others running.
      endTask(ctx, { row, handler, failure: { code: INTERRUPTED_CODE, msg: INTERRUPTED_MSG } });
      failed.push(row.id);
    }
  }
  return { resumed, failed };
}
