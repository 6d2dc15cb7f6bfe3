import type { EngineContext } from '../context.js';
import { describeFailure, type TaskFailure } from './failure.js';
import type { TaskHandler, TaskOutcome } from './handler.js';
import { TASK_BUSY_DATASET_STATUSES, TASK_KINDS, type TaskKind } from './kinds.js';
import type { TaskRow } from './repository.js';

/** A handler of any params: the registry calls it with the params its own rows hold. */
export type AnyTaskHandler = TaskHandler<never>;

export interface EndTask {
  row: Pick<TaskRow, 'id' | 'kind' | 'params' | 'dataset_id'>;
  handler: AnyTaskHandler | undefined;
  failure?: TaskFailure;
  result?: Record<string, unknown>;
  /**
   * The claim that must still hold the row for the write to happen: a token (a runner ending its job), or
   * undefined (the row is ended by someone else: a stop of a queued task, the recovery at start).
   */
  token?: string;
}

/**
 * Records a task's final status and runs its handler's `finish` in the same transaction. A throwing
 * `finish` rolls back what it did and the task is failed instead (`finish(…, 'failed')` then, and without
 * it if that throws too), so the row never stays unfinished. Returns false when the row was not ended
 * here: gone (its dataset deleted), already ended, or claimed by someone else.
 */
export function endTask(ctx: EngineContext, e: EndTask): boolean {
  const write = (failure: TaskFailure | undefined, withFinish: boolean) =>
    ctx.sqlite.transaction((): boolean => {
      const statuses = TASK_KINDS[e.row.kind as TaskKind];
      const now = ctx.now();
      const values: Record<string, unknown> = {
        id: e.row.id,
        token: e.token ?? null,
        status: failure ? (statuses?.failed ?? 'FAILED') : statuses.succeeded,
        error_code: failure?.code ?? null,
        error_msg: failure?.msg ?? null,
        now,
      };
      const sets = ['status = @status', 'error_code = @error_code', 'error_msg = @error_msg', 'end_time = @now', 'update_time = @now', 'claim_token = NULL', 'lease_until = NULL'];
      if (!failure) sets.push('progress = 100');
      if (e.result) {
        sets.push('result = @result');
        values.result = JSON.stringify(e.result);
      }
      const guard = e.token === undefined ? '' : ' AND claim_token = @token';
      const changed = ctx.sqlite.prepare(`UPDATE tasks SET ${sets.join(', ')} WHERE id = @id AND end_time IS NULL${guard}`).run(values).changes;
      if (changed === 0) return false;
      const outcome: TaskOutcome = failure ? 'failed' : 'succeeded';
      if (withFinish && e.handler?.finish) {
        e.handler.finish(ctx, JSON.parse(e.row.params) as never, outcome, e.row.id);
      } else if (!e.handler && failure && e.row.dataset_id) {
        // No handler knows this kind: give the dataset back the status a task of it may have set.
        ctx.sqlite
          .prepare(`UPDATE datasets SET status = 1 WHERE id = ? AND status IN (${TASK_BUSY_DATASET_STATUSES.join(', ')})`)
          .run(e.row.dataset_id);
      }
      return true;
    })();

  try {
    return write(e.failure, true);
  } catch (err) {
    const failure = describeFailure(ctx, err);
    try {
      return write(failure, true);
    } catch (again) {
      try {
        return write(describeFailure(ctx, again), false);
      } catch {
        // The database itself is gone (engine closing): the recovery at the next start ends the row.
        return false;
      }
    }
  }
}
