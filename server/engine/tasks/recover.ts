import type { EngineContext } from '../context.js';
import { TASK_BUSY_DATASET_STATUSES, TASK_KINDS, activeStatuses, type TaskKind } from './kinds.js';

export const INTERRUPTED_CODE = 'ModelArts.4392';
export const INTERRUPTED_MSG = 'Task interrupted by a restart of the engine';

/**
 * Called once at engine start, before any request: a task found unfinished was cut off by a crash or a
 * restart (the queue lives in memory). It is failed with ModelArts.4392 and its dataset, left importing /
 * syncing …, is given back its normal status (1). Returns the ids of the tasks failed.
 */
export function recoverTasks(ctx: EngineContext): string[] {
  const now = ctx.now();
  const busy = TASK_BUSY_DATASET_STATUSES.join(', ');
  return ctx.sqlite.transaction(() => {
    const failed: string[] = [];
    for (const kind of Object.keys(TASK_KINDS) as TaskKind[]) {
      const statuses = activeStatuses(kind);
      const marks = statuses.map(() => '?').join(', ');
      const rows = ctx.sqlite
        .prepare(`SELECT id, dataset_id FROM tasks WHERE kind = ? AND status IN (${marks})`)
        .all(kind, ...statuses) as { id: string; dataset_id: string | null }[];
      const fail = ctx.sqlite.prepare(
        `UPDATE tasks SET status = ?, error_code = ?, error_msg = ?, end_time = ?, update_time = ? WHERE id = ?`,
      );
      const restore = ctx.sqlite.prepare(`UPDATE datasets SET status = 1 WHERE id = ? AND status IN (${busy})`);
      for (const row of rows) {
        fail.run(TASK_KINDS[kind].failed, INTERRUPTED_CODE, INTERRUPTED_MSG, now, now, row.id);
        if (row.dataset_id) restore.run(row.dataset_id);
        failed.push(row.id);
      }
    }
    return failed;
  })();
}
