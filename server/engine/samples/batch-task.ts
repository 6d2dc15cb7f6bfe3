import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EngineContext } from '../context.js';
import { defineTaskHandler } from '../tasks/handler.js';
import { getTask } from '../tasks/repository.js';
import { batchFilterSpec, batchTarget, changeFor, type BatchTaskParams } from './batch-by-filter.js';
import { deleteSamplesBySeq, readSampleStates, removeSourceFiles, writeSampleChanges, type SampleChange, type SourceFile } from './repository.js';
import { matchingSeqsAfter } from './search-plan.js';
import { inTransaction, parseJson } from './sql.js';

/** Samples per transaction (tests lower it to cut a batch into several chunks). */
export const batchTuning = { chunk: 1000 };

/** Where the walk is: the last seq done (internal), samples visited and changed so far. */
interface Walk {
  _cursor: number;
  visited: number;
  changed: number;
}

/** The task row's counters: a resumed task goes on from the last chunk it committed. */
function walkSoFar(ctx: EngineContext, taskId: string): Walk & { matched: number } {
  const r = parseJson<Partial<Walk> & { matched?: number }>(getTask(ctx, taskId)?.result, {});
  return { _cursor: r._cursor ?? 0, visited: r.visited ?? 0, changed: r.changed ?? 0, matched: r.matched ?? 0 };
}

/**
 * One chunk in one transaction: the next matching samples above the cursor (the filter evaluated again,
 * so each sample is visited once even when the action changes what matches), the action applied through
 * the repository (counters move with the rows), and the walk's position written to the task row in the
 * same transaction — a resume after a crash starts exactly after the last chunk committed.
 */
function runChunk(ctx: EngineContext, p: BatchTaskParams, taskId: string, walk: Walk): { walk: Walk; files: SourceFile[] } | undefined {
  return inTransaction(ctx, () => {
    const { target, given } = batchTarget(ctx, p.dataset_id, p);
    const spec = batchFilterSpec(ctx, p.dataset_id, p);
    const seqs = spec ? matchingSeqsAfter(ctx, spec, walk._cursor, batchTuning.chunk) : [];
    if (seqs.length === 0) return undefined;
    let files: SourceFile[] = [];
    let changed: number;
    if (p.action === 'delete') {
      files = deleteSamplesBySeq(ctx, p.dataset_id, seqs);
      changed = files.length;
    } else {
      const changes = readSampleStates(ctx, seqs)
        .map((before) => changeFor(target, p.action, before, given))
        .filter((c): c is SampleChange => c !== undefined);
      changed = writeSampleChanges(ctx, p.dataset_id, changes);
    }
    const next: Walk = { _cursor: seqs[seqs.length - 1], visited: walk.visited + seqs.length, changed: walk.changed + changed };
    ctx.sqlite
      .prepare('UPDATE tasks SET result = json_patch(result, ?), update_time = ? WHERE id = ? AND end_time IS NULL')
      .run(JSON.stringify(next), ctx.now(), taskId);
    return { walk: next, files };
  });
}

/**
 * The batch-by-filter extension on the durable queue. Every action is idempotent (a label added twice is
 * there once, a deleted sample stays deleted), and the cursor is committed with each chunk, so a task cut
 * off by a restart resumes after its last chunk. A stop takes effect between chunks: the chunks done stay
 * applied. Result: `{ matched, changed }` (`visited` while it runs; progress = visited / matched).
 */
export const batchTaskHandler = defineTaskHandler<BatchTaskParams>({
  kind: 'batch',
  onRestart: 'resume',
  run: async (ctx, p, task) => {
    const { matched, ...start } = walkSoFar(ctx, task.id);
    let walk: Walk = start;
    task.running();
    for (;;) {
      task.signal.throwIfAborted();
      const step = runChunk(ctx, p, task.id, walk);
      if (!step) break;
      walk = step.walk;
      if (p.delete_source && step.files.length > 0) removeSourceFiles(ctx, step.files);
      task.report({ progress: matched > 0 ? Math.min(99, (100 * walk.visited) / matched) : 0, result: { ...walk } });
      // Other requests are served between two chunks.
      await nextTurn();
    }
    return { ...walk, matched: walk.visited };
  },
});
