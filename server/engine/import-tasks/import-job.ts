import { mkdir, rm } from 'node:fs/promises';
import { ModelArtsError } from '../../contract/errors.js';
import { isImageDatasetType } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import { getTask } from '../tasks/repository.js';
import type { TaskHandle } from '../tasks/handler.js';
import { IMPORT_BATCH, commitBatch, prepareBatch, type BatchContext } from './import-batch.js';
import { copyTempDir, datasetStorageFolder } from './import-folder.js';
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
  const firstSeq = firstRunSeq(ctx, task);
  const folder = options.importFolder ? `${ctx.store.parse(`${datasetStorageFolder(ctx, p.datasetId)}${options.importFolder}`).objectPath.replace(/\/$/, '')}/` : undefined;
  const readAnnotations = options.importAnnotations || options.difficultOnly;
  const root = p.importType === 'dir' ? (await resolveFolder(ctx, p.importPath)).objectPath : undefined;
  task.report({ message: 'Listing the files to import' });
  const source =
    p.importType === 'manifest'
      ? await collectManifest(ctx, p.importPath, stats, task.signal)
      : await collectDir(ctx, p.importPath, readAnnotations, stats, task.signal, folder);
  task.running();
  const result = () => ({ ...stats.toResult(), [FIRST_SEQ]: firstSeq });
  task.report({ progress: stats.progress(), result: result(), message: `Reading ${stats.total_file_count} files: image headers and annotations` });

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
    insertedAfterSeq: task.attempt > 1 ? firstSeq : undefined,
    ...(folder ? { placement: { folder, relativeOf, tempDir: await freshCopyTemp(ctx, p.datasetId, task.id) } } : {}),
  };
  // Two batches in flight: the next one's headers are read on the worker threads while this one is written.
  const slice = (i: number) => source.images.slice(i, i + IMPORT_BATCH);
  let next = source.images.length > 0 ? prepareBatch(batch, slice(0)) : undefined;
  for (let i = 0; next; i += IMPORT_BATCH) {
    const current = await next;
    next = i + IMPORT_BATCH < source.images.length ? prepareBatch(batch, slice(i + IMPORT_BATCH)) : undefined;
    // A failure of this batch ends the run; the one being prepared must not become an unhandled rejection.
    next?.catch(() => undefined);
    task.signal.throwIfAborted();
    await commitBatch(batch, current);
    task.report({ progress: stats.progress(), result: result() });
  }
  return result();
}

/** Internal result field (hidden by the task center): the last sample `seq` before the first run. */
const FIRST_SEQ = '_first_seq';

/**
 * The import's first run records the highest sample `seq`; a run resumed after a restart finds the samples
 * the cut-off run wrote (seq above it) and counts them as imported by this task, not as already present.
 */
function firstRunSeq(ctx: EngineContext, task: TaskHandle): number {
  if (task.attempt > 1) {
    const row = getTask(ctx, task.id);
    const recorded = row ? (JSON.parse(row.result) as Record<string, unknown>)[FIRST_SEQ] : undefined;
    if (typeof recorded === 'number') return recorded;
  }
  const { seq } = ctx.sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM samples').get() as { seq: number };
  return seq;
}

/** The copy temp folder, emptied of what a run cut off by a crash left there (the task's `finish` removes it). */
async function freshCopyTemp(ctx: EngineContext, datasetId: string, taskId: string): Promise<string> {
  const dir = copyTempDir(ctx, datasetId, taskId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}
