import { DATASET_STATUS, isImageDatasetType } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { SyncStatusResp } from '../../contract/import-task.js';
import { ImportStatus } from '../../contract/import-task.js';
import type { EngineContext } from '../context.js';
import { assertDatasetExists } from '../import-tasks/read-model.js';
import { enqueueTask, findIdempotentTask } from '../tasks/queue.js';
import { findActiveTask, listTasks, randomAlphanumeric } from '../tasks/repository.js';

/** A sync task's params: Y1 has no body, so the dataset alone. */
export interface SyncTaskParams {
  dataset_id: string;
  [field: string]: unknown;
}

const ZERO_RESULT = { add_sample_count: 0, deleted_sample_count: 0, total_sample_count: 0 };

/**
 * Y1: queues a sync of the dataset with its input path and returns the task id. The task row and the
 * dataset's status 5 (syncing) are written in one transaction; `syncTaskHandler` gives status 1 back.
 * Throws 4352 (no dataset), 4383 (not an image dataset: text datasets cannot sync), 4355 (a sync is
 * already queued or running), 4356 (an import runs), 4344 / 4343 (deleting / publishing). A known
 * `idempotencyKey` returns its task.
 */
export function startSync(ctx: EngineContext, datasetId: string, opts: { idempotencyKey?: string } = {}): string {
  return ctx.sqlite.transaction(() => {
    const known = findIdempotentTask(ctx, 'sync', opts.idempotencyKey);
    if (known) return known;
    const dataset = assertDatasetExists(ctx, datasetId);
    if (!isImageDatasetType(dataset.type)) {
      throw new ModelArtsError('4383', `Sync is not available for datasets of type ${dataset.type}: only image datasets sync with their input path`);
    }
    const running = findActiveTask(ctx, datasetId, 'sync');
    if (running) throw new ModelArtsError('4355', `Sync task ${running.id} is still running for dataset ${datasetId}`);
    const importing = findActiveTask(ctx, datasetId, 'import');
    if (importing) throw new ModelArtsError('4356', `Import task ${importing.id} is running for dataset ${datasetId}; sync once it ends`);
    if (dataset.status === DATASET_STATUS.DELETING) throw new ModelArtsError('4344');
    if (dataset.status === DATASET_STATUS.RELEASING) throw new ModelArtsError('4343');
    const id = `${datasetId}_${randomAlphanumeric(10)}`;
    const params: SyncTaskParams = { dataset_id: datasetId };
    enqueueTask(ctx, { id, kind: 'sync', datasetId, params, result: ZERO_RESULT, idempotencyKey: opts.idempotencyKey });
    ctx.sqlite.prepare('UPDATE datasets SET status = ? WHERE id = ?').run(DATASET_STATUS.SYNCING, datasetId);
    return id;
  })();
}

const count = (result: Record<string, unknown>, key: string): number => {
  const v = result[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/** Y2: the dataset's last sync; status NOT_EXIST (and zero counts) when it never synced. */
export function getSyncStatus(ctx: EngineContext, datasetId: string): SyncStatusResp {
  assertDatasetExists(ctx, datasetId);
  const [row] = listTasks(ctx, { datasetId, kind: 'sync', offset: 0, limit: 1 }).rows;
  if (!row) return { dataset_id: datasetId, status: 'NOT_EXIST', add_sample_count: 0, deleted_sample_count: 0, total_sample_count: 0 };
  const result = JSON.parse(row.result) as Record<string, unknown>;
  const status = ImportStatus.safeParse(row.status);
  const started = row.start_time ?? undefined;
  return {
    task_id: row.id,
    dataset_id: datasetId,
    status: status.success ? status.data : 'NOT_EXIST',
    add_sample_count: count(result, 'add_sample_count'),
    deleted_sample_count: count(result, 'deleted_sample_count'),
    total_sample_count: count(result, 'total_sample_count'),
    create_time: row.create_time,
    ...(started !== undefined ? { duration_time: Math.max(0, (row.end_time ?? ctx.now()) - started) } : {}),
    ...(row.error_code ? { error_code: row.error_code, error_msg: row.error_msg ?? '' } : {}),
  };
}
