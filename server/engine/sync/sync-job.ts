import { isImageDatasetType } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { IMPORT_BATCH, importBatch, type BatchContext } from '../import-tasks/import-batch.js';
import { ImportStats } from '../import-tasks/import-stats.js';
import { importOptionsOf } from '../import-tasks/options.js';
import { assertDatasetExists } from '../import-tasks/read-model.js';
import { collectDir, collectManifest } from '../import-tasks/sources.js';
import { readCounters } from '../samples/repository.js';
import { parseJson } from '../samples/sql.js';
import type { TaskHandle } from '../tasks/handler.js';
import { deleteVanishedSamples } from './vanished.js';

/** The dataset's input path (`data_sources[0].data_path`) and whether its imports read annotations. */
export function syncSource(ctx: EngineContext, datasetId: string): { dataPath: string; importAnnotations: boolean } {
  const row = ctx.sqlite.prepare('SELECT data_sources, extra FROM datasets WHERE id = ?').get(datasetId) as
    | { data_sources: string; extra: string }
    | undefined;
  const dataPath = parseJson<{ data_path?: string }[]>(row?.data_sources, [])[0]?.data_path;
  if (!dataPath) throw new ModelArtsError('4312', `Dataset ${datasetId} has no input path to sync from`);
  const extra = parseJson<{ import_annotations?: boolean }>(row?.extra, {});
  return { dataPath, importAnnotations: extra.import_annotations ?? true };
}

/** Y1's counters, kept in the task row's result (SyncStatusResp reads them). */
export interface SyncResult extends Record<string, unknown> {
  add_sample_count: number;
  deleted_sample_count: number;
  total_sample_count: number;
}

/**
 * Y1's work: lists the files under the dataset's input path (a folder, or the manifest file the dataset
 * was created from), deletes the samples whose file no longer exists, then imports the new image files
 * with their annotations as the dataset's creation did. A missing input path fails the task (4312) before
 * anything is deleted. Safe to run again after a crash: both steps skip what is already done.
 */
export async function runSync(ctx: EngineContext, datasetId: string, task: TaskHandle): Promise<SyncResult> {
  const dataset = assertDatasetExists(ctx, datasetId);
  if (!isImageDatasetType(dataset.type)) throw new ModelArtsError('4383', `Syncing a dataset of type ${dataset.type} is not supported`);
  const { dataPath, importAnnotations } = syncSource(ctx, datasetId);
  const stats = new ImportStats();
  const ref = await ctx.store.resolveExisting(dataPath);
  const source = ref.isDirectory
    ? await collectDir(ctx, dataPath, importAnnotations, stats, task.signal)
    : await collectManifest(ctx, dataPath, stats, task.signal);
  task.running();

  let deleted = 0;
  const result = (): SyncResult => ({
    ...stats.toResult(),
    add_sample_count: stats.imported_sample_count,
    deleted_sample_count: deleted,
    total_sample_count: readCounters(ctx, datasetId).samples.total,
  });
  task.report({ message: 'Removing the samples whose file is gone' });
  deleted = await deleteVanishedSamples(ctx, datasetId, new Set(source.images.map((i) => i.objectPath)), task.signal);
  task.report({ progress: 0, result: result(), message: 'Importing the new files' });

  const batch: BatchContext = {
    ctx,
    datasetId,
    options: importOptionsOf({ import_annotations: importAnnotations }),
    annotations: { ctx, labelType: dataset.type, xmlFiles: source.xmlFiles, coco: source.coco, stats },
    stats,
    signal: task.signal,
  };
  for (let i = 0; i < source.images.length; i += IMPORT_BATCH) {
    task.signal.throwIfAborted();
    await importBatch(batch, source.images.slice(i, i + IMPORT_BATCH));
    task.report({ progress: stats.progress(), result: result() });
  }
  return result();
}
