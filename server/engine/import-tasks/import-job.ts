import { ModelArtsError } from '../../contract/errors.js';
import { isImageDatasetType } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import type { TaskHandle } from '../tasks/handler.js';
import { IMPORT_BATCH, importBatch, type BatchContext } from './import-batch.js';
import { datasetStorageFolder } from './import-folder.js';
import { ImportStats } from './import-stats.js';
import type { ImportOptions } from './options.js';
import { assertDatasetExists } from './read-model.js';
import { collectDir, collectManifest, resolveFolder, type ImageCandidate } from './sources.js';

export type ImportType = 'dir' | 'manifest';
export { IMPORT_BATCH };

export interface ImportParams {
  datasetId: string;
  importPath: string;
  importType: ImportType;
  options: ImportOptions;
}

/**
 * The import work: counts the files (STARTING), then reads each image header and its annotations and writes
 * the samples in batches (RUNNING), reporting counters after every batch. A file that cannot be read is
 * counted and reported; only a missing path, a missing dataset or an abort fail the task.
 */
export async function runImport(ctx: EngineContext, p: ImportParams, task: TaskHandle): Promise<Record<string, unknown>> {
  const dataset = assertDatasetExists(ctx, p.datasetId);
  if (!isImageDatasetType(dataset.type)) {
    throw new ModelArtsError('4383', `Importing files into a dataset of type ${dataset.type} is not supported yet`);
  }
  const { options } = p;
  const stats = new ImportStats();
  const folder = options.importFolder ? `${ctx.store.parse(`${datasetStorageFolder(ctx, p.datasetId)}${options.importFolder}`).objectPath.replace(/\/$/, '')}/` : undefined;
  const readAnnotations = options.importAnnotations || options.difficultOnly;
  const root = p.importType === 'dir' ? (await resolveFolder(ctx, p.importPath)).objectPath : undefined;
  const source =
    p.importType === 'manifest'
      ? await collectManifest(ctx, p.importPath, stats, task.signal)
      : await collectDir(ctx, p.importPath, readAnnotations, stats, task.signal, folder);
  task.running();
  task.report({ progress: stats.progress(), result: stats.toResult() });

  // Copies keep their place below the import root (class folders stay); a manifest's files keep their name.
  const relativeOf = (image: ImageCandidate) =>
    root && image.objectPath.startsWith(root) ? image.objectPath.slice(root.length) : image.objectPath.slice(image.objectPath.lastIndexOf('/') + 1);
  const batch: BatchContext = {
    ctx,
    datasetId: p.datasetId,
    options,
    annotations: { ctx, labelType: dataset.type, xmlFiles: source.xmlFiles, coco: source.coco, stats },
    stats,
    signal: task.signal,
    ...(folder ? { placement: { folder, relativeOf } } : {}),
  };
  for (let i = 0; i < source.images.length; i += IMPORT_BATCH) {
    task.signal.throwIfAborted();
    await importBatch(batch, source.images.slice(i, i + IMPORT_BATCH));
    task.report({ progress: stats.progress(), result: stats.toResult() });
  }
  return stats.toResult();
}
