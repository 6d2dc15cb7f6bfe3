import { ModelArtsError } from '../../contract/errors.js';
import { isImageDatasetType } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import { insertSamples, sampleIdFor, type NewSample } from '../samples/repository.js';
import type { TaskHandle } from '../tasks/runner.js';
import { labelsFor, type AnnotationContext } from './annotations.js';
import { readImageSize } from './image-files.js';
import { ImportStats } from './import-stats.js';
import { assertDatasetExists } from './read-model.js';
import { collectDir, collectManifest, type ImageCandidate } from './sources.js';

export type ImportType = 'dir' | 'manifest';

export interface ImportParams {
  datasetId: string;
  importPath: string;
  importType: ImportType;
  importAnnotations: boolean;
}

/** Samples written per transaction. */
export const IMPORT_BATCH = 500;
/** Image headers read at once (libuv's pool has 4 threads; a few more keep it busy while JS works). */
const READ_CONCURRENCY = 8;

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
  const stats = new ImportStats();
  const source =
    p.importType === 'manifest'
      ? await collectManifest(ctx, p.importPath, stats, task.signal)
      : await collectDir(ctx, p.importPath, p.importAnnotations, stats, task.signal);
  task.running();
  task.report({ progress: stats.progress(), result: stats.toResult() });

  const annotations: AnnotationContext = { ctx, labelType: dataset.type, xmlFiles: source.xmlFiles, stats };
  for (let i = 0; i < source.images.length; i += IMPORT_BATCH) {
    task.signal.throwIfAborted();
    await importBatch(ctx, p, source.images.slice(i, i + IMPORT_BATCH), annotations, task.signal);
    task.report({ progress: stats.progress(), result: stats.toResult() });
  }
  return stats.toResult();
}

async function importBatch(
  ctx: EngineContext,
  p: ImportParams,
  batch: ImageCandidate[],
  annotations: AnnotationContext,
  signal: AbortSignal,
): Promise<void> {
  const { stats } = annotations;
  // Files already in the dataset (an earlier import) are not read again.
  const ids = batch.map((c) => sampleIdFor(c.objectPath));
  const present = existingSampleIds(ctx, p.datasetId, ids);
  const fresh: { image: ImageCandidate; id: string }[] = [];
  batch.forEach((image, i) => {
    if (present.has(ids[i])) stats.finished(image.size);
    else {
      present.add(ids[i]);
      fresh.push({ image, id: ids[i] });
    }
  });

  const built = await mapConcurrent(fresh, READ_CONCURRENCY, async ({ image, id }) => {
    if (signal.aborted) return undefined;
    let size: [number, number, number];
    try {
      size = await readImageSize(image.fsPath);
    } catch (err) {
      stats.fileFailed(image.objectPath, image.size, `not a readable image: ${(err as Error).message}`);
      return undefined;
    }
    const labels = p.importAnnotations ? await labelsFor(annotations, image, size) : [];
    stats.finished(image.size);
    return toNewSample(image, id, size, labels, p.importAnnotations);
  });
  signal.throwIfAborted();

  const samples = built.filter((s): s is NewSample => s !== undefined);
  if (samples.length === 0) return;
  const { inserted } = insertSamples(ctx, p.datasetId, samples);
  stats.imported_sample_count += inserted;
  // Only a concurrent writer could make `inserted` smaller; never report more annotated than imported.
  const annotated = samples.filter((s) => s.labels.length > 0).length;
  stats.annotated_sample_count += Math.min(annotated, inserted);
}

function toNewSample(
  image: ImageCandidate,
  id: string,
  size: [number, number, number],
  labels: NewSample['labels'],
  withAnnotations: boolean,
): NewSample {
  const slash = image.objectPath.lastIndexOf('/');
  const usage = withAnnotations ? image.manifest?.usage : undefined;
  return {
    id,
    name: image.objectPath.slice(slash + 1),
    dir: image.objectPath.slice(0, slash + 1),
    path: image.objectPath,
    type: 0,
    size: image.size,
    sample_time: Math.round(image.mtimeMs),
    labels,
    metadata: { '@modelarts:size': size },
    ...(usage ? { usage } : {}),
  };
}

function existingSampleIds(ctx: EngineContext, datasetId: string, ids: string[]): Set<string> {
  const rows = ctx.sqlite
    .prepare('SELECT id FROM samples WHERE dataset_id = ? AND id IN (SELECT value FROM json_each(?))')
    .all(datasetId, JSON.stringify(ids)) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** `items.map(fn)` with at most `limit` calls in flight; results keep the items' order. */
async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
