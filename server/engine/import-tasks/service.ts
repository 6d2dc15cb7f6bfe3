import { DATASET_STATUS, isImageDatasetType } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { CreateImportTaskBody } from '../../contract/import-task.js';
import type { EngineContext } from '../context.js';
import { enqueueTask, findIdempotentTask } from '../tasks/queue.js';
import { findActiveTask, randomAlphanumeric } from '../tasks/repository.js';
import type { ImportTaskRunParams } from './handler.js';
import type { ImportType } from './import-job.js';
import { ImportStats } from './import-stats.js';
import { assertDatasetExists } from './read-model.js';
import { assertHasImages } from './preflight.js';
import { checkImportOptions } from './options.js';

export interface StartImportOptions {
  datasetId: string;
  importPath: string;
  importAnnotations: boolean;
  /** Default: `manifest` when the path ends with `.manifest`, else `dir`. */
  importType?: ImportType;
  /** The I2 body as the user sent it, kept in the task's params (the task center re-sends it to retry). */
  body?: Partial<CreateImportTaskBody>;
  /** A repeated start with the same key returns the task the first one created (nothing else happens). */
  idempotencyKey?: string;
}

/**
 * Queues an import and returns its task id at once; `importTaskHandler` runs it in the background. The
 * task row (QUEUING) and the dataset's status 8 (importing) are written in one transaction; the dataset is
 * given back status 1 when the task ends, completed or failed. A known `idempotencyKey` returns its task.
 * Throws 4352 (no dataset), 4356 (an import is already running), 4344 / 4343 (dataset deleting / publishing).
 */
export function startImport(ctx: EngineContext, opts: StartImportOptions): string {
  const importType = opts.importType ?? (/\.manifest$/i.test(opts.importPath) ? 'manifest' : 'dir');
  const id = `${opts.datasetId}_${randomAlphanumeric(10)}`;
  const params: ImportTaskRunParams = {
    ...opts.body,
    import_path: opts.importPath,
    import_type: importType,
    import_annotations: opts.importAnnotations,
    dataset_id: opts.datasetId,
  };
  return ctx.sqlite.transaction(() => {
    const known = findIdempotentTask(ctx, 'import', opts.idempotencyKey);
    if (known) return known;
    const dataset = assertDatasetExists(ctx, opts.datasetId);
    assertCanImport(ctx, opts.datasetId, dataset.status);
    enqueueTask(ctx, { id, kind: 'import', datasetId: opts.datasetId, params, result: new ImportStats().toResult(), idempotencyKey: opts.idempotencyKey });
    ctx.sqlite
      .prepare('UPDATE datasets SET status = ?, import_task_id = ? WHERE id = ?')
      .run(DATASET_STATUS.IMPORTING, id, opts.datasetId);
    return id;
  })();
}

function assertCanImport(ctx: EngineContext, datasetId: string, status: number): void {
  const running = findActiveTask(ctx, datasetId, 'import');
  if (running) throw new ModelArtsError('4356', `Import task ${running.id} is still running for dataset ${datasetId}`);
  const syncing = findActiveTask(ctx, datasetId, 'sync');
  if (syncing) throw new ModelArtsError('4355', `Sync task ${syncing.id} is running for dataset ${datasetId}; import once it ends`);
  if (status === DATASET_STATUS.DELETING) throw new ModelArtsError('4344');
  if (status === DATASET_STATUS.RELEASING) throw new ModelArtsError('4343');
}

/**
 * I2: checks the request, the dataset and the path before anything is queued, so that a client gets a
 * precise error at once: 4352, 4383 (not an image dataset), 0101 (an option for table or text sources, a
 * bad import_folder, options that contradict each other), 4356 / 4355 (an import / a sync runs),
 * 4311 / 4312 / 4313 (path), 4340 (no image there).
 */
export async function createImportTask(
  ctx: EngineContext,
  datasetId: string,
  body: CreateImportTaskBody,
  opts: { idempotencyKey?: string } = {},
): Promise<string> {
  // A repeated request (same idempotency key) gets its task back, whatever changed since.
  const known = findIdempotentTask(ctx, 'import', opts.idempotencyKey);
  if (known) return known;
  const dataset = assertDatasetExists(ctx, datasetId);
  if (!isImageDatasetType(dataset.type)) {
    throw new ModelArtsError('4383', `Importing files into a dataset of type ${dataset.type} is not supported yet`);
  }
  checkImportOptions(ctx, dataset.type, body);
  assertCanImport(ctx, datasetId, dataset.status);
  const ref = await ctx.store.resolveExisting(body.import_path);
  const importType = body.import_type ?? (ref.isDirectory ? 'dir' : 'manifest');
  await assertHasImages(ctx, body.import_path, importType);
  return startImport(ctx, {
    datasetId,
    importPath: body.import_path,
    importAnnotations: body.import_annotations ?? true,
    importType,
    body,
    idempotencyKey: opts.idempotencyKey,
  });
}
