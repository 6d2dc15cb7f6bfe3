import { DATASET_STATUS } from '../../contract/dataset.js';
import { VERSION_STATUS } from '../../contract/version.js';
import type { EngineContext } from '../context.js';
import { defineTaskHandler } from '../tasks/handler.js';
import { getTask } from '../tasks/repository.js';
import { removeVersionFolder, runPublish, type PublishPlan } from './publish-job.js';
import { endVersion, setCurrentVersion, type VersionStats } from './repository.js';

/** A publish task's params: the V2 body as sent, the dataset, and the plan fixed when it was asked for. */
export interface PublishTaskParams {
  dataset_id: string;
  _plan?: PublishPlan;
  [field: string]: unknown;
}

/** What `run` leaves in the row's result for `finish` (fields with `_` are internal). */
interface PublishTaskResult {
  _stats?: VersionStats;
  _previous_version_id?: string;
}

/** A failed publish shows the task's code; an unexpected error reads as "publish failed" (4712). */
function failureOf(ctx: EngineContext, taskId: string): { code: string; message: string } {
  const task = getTask(ctx, taskId);
  const code = task?.error_code ?? 'ModelArts.4712';
  const message = task?.error_msg ?? 'Publishing the version failed';
  return code === 'ModelArts.4392' && message.startsWith('Task failed')
    ? { code: 'ModelArts.4712', message: message.replace(/^Task failed/, 'Publishing failed') }
    : { code, message };
}

function removeQuietly(ctx: EngineContext, folder: string): void {
  try {
    removeVersionFolder(ctx, folder);
  } catch {
    // The folder is then removed with the version (V4) or replaced by the next publish of this name.
  }
}

/**
 * V2's background work. Not retried and not resumed after a restart: a failed publish leaves an error
 * version (4) with the code, and the user publishes again.
 */
export const publishTaskHandler = defineTaskHandler<PublishTaskParams>({
  kind: 'publish',
  onRestart: 'fail',
  maxAttempts: 1,
  run: async (ctx, params, task) => {
    const plan = params._plan;
    if (!plan) throw new Error('publish task without a plan');
    const result = await runPublish(ctx, plan, task);
    return {
      version_id: plan.versionId,
      total_sample_count: result.stats.total_sample_count,
      annotated_sample_count: result.stats.annotated_sample_count,
      _stats: result.stats,
      ...(result.previousVersionId ? { _previous_version_id: result.previousVersionId } : {}),
    };
  },
  // The version becomes normal (1) and the dataset's current version, or error (4) with the failure's code
  // and nothing of it left on disk; the dataset goes back to normal either way.
  finish: (ctx, params, outcome, taskId) => {
    const plan = params._plan;
    const row = getTask(ctx, taskId);
    if (plan) {
      const result = JSON.parse(row?.result ?? '{}') as PublishTaskResult;
      if (outcome === 'succeeded' && result._stats) {
        const ended = endVersion(ctx, plan.versionId, { status: VERSION_STATUS.NORMAL, stats: result._stats, previous_version_id: result._previous_version_id });
        if (ended) setCurrentVersion(ctx, plan.datasetId, plan.versionId);
      } else {
        endVersion(ctx, plan.versionId, { status: VERSION_STATUS.ERROR, ...failureOf(ctx, taskId) });
        removeQuietly(ctx, plan.folder);
        removeQuietly(ctx, plan.tempFolder);
      }
    }
    ctx.sqlite
      .prepare('UPDATE datasets SET status = ? WHERE id = ? AND status = ?')
      .run(DATASET_STATUS.NORMAL, params.dataset_id ?? row?.dataset_id, DATASET_STATUS.RELEASING);
  },
});
