import type { EngineContext } from '../context.js';
import { insertSamples, sampleIdFor, type NewSample } from '../samples/repository.js';
import { labelsFor, type AnnotationContext } from './annotations.js';
import { annotateExistingSamples } from './existing-samples.js';
import type { ImageSize } from './image-files.js';
import type { ImageHeader } from '../workers/functions.js';
import { runInWorker } from '../workers/pool.js';
import { placeInFolder } from './import-folder.js';
import type { ImportStats } from './import-stats.js';
import { filterLabels, isHardExample } from './label-filter.js';
import type { ImportOptions } from './options.js';
import type { ImageCandidate } from './sources.js';

/** Samples written per transaction. */
export const IMPORT_BATCH = 500;
/** Files copied and annotations read at once (libuv's pool has 4 threads; a few more keep it busy while JS works). */
const READ_CONCURRENCY = 8;

/** Everything one import (or sync) needs to turn candidates into samples. */
export interface BatchContext {
  ctx: EngineContext;
  datasetId: string;
  options: ImportOptions;
  annotations: AnnotationContext;
  stats: ImportStats;
  signal: AbortSignal;
  /** `import_folder`: the folder files are copied into, and each file's path inside it. */
  placement?: { folder: string; relativeOf: (image: ImageCandidate) => string; tempDir: string };
  /** A resumed run: samples with a higher `seq` were written by this task's cut-off run and count as imported. */
  insertedAfterSeq?: number;
}

/** Where a sample's file is: the source itself, or its copy in the import folder. */
interface Target {
  image: ImageCandidate;
  objectPath: string;
  fsPath: string;
  size: number;
  mtimeMs: number;
}

/**
 * Imports one batch of files. Each file is handled on its own: one that cannot be read, copied or
 * annotated is counted and reported, never fatal. With `import_samples` (default) new files become samples
 * (files already in the dataset are not read again); without it, the annotations found replace the labels
 * of the samples the dataset already has and other files are skipped.
 */
export async function importBatch(b: BatchContext, batch: readonly ImageCandidate[]): Promise<void> {
  await commitBatch(b, await prepareBatch(b, batch));
}

/** A batch whose files are placed and whose image headers are read, ready to be written. */
export interface PreparedBatch {
  todo: { target: Target; id: string; header: ImageHeader }[];
}

/**
 * The first half of a batch (copies into the import folder, which files are new, image headers on the
 * worker threads). The import prepares the next batch while it writes the current one.
 */
export async function prepareBatch(b: BatchContext, batch: readonly ImageCandidate[]): Promise<PreparedBatch> {
  const { stats, options, signal } = b;
  signal.throwIfAborted();
  const placed = await mapConcurrent(batch, READ_CONCURRENCY, (image) => place(b, image));
  const targets = placed.filter((t): t is Target => t !== undefined);
  const ids = targets.map((t) => sampleIdFor(t.objectPath));
  const present = existingSampleIds(b.ctx, b.datasetId, ids);

  const todo: { target: Target; id: string }[] = [];
  targets.forEach((target, i) => {
    const known = present.has(ids[i]);
    if (options.importSamples && known) {
      stats.finished(target.size);
      const earlier = present.get(ids[i]);
      if (b.insertedAfterSeq !== undefined && earlier && earlier.seq > b.insertedAfterSeq) {
        stats.imported_sample_count++;
        if (earlier.labeled) stats.annotated_sample_count++;
        if (earlier.labeled && !options.finalAnnotation) stats.unconfirmed_sample_count++;
        earlier.seq = 0; // the same file twice in one batch: counted once
      }
    }
    else if (!options.importSamples && !known) stats.skipped(target.size);
    else {
      if (options.importSamples) present.set(ids[i], { seq: 0, labeled: false }); // the same file twice in one batch: one sample
      todo.push({ target, id: ids[i] });
    }
  });

  // Headers are decoded on the worker threads, one message per batch, so the event loop stays free.
  const headers = todo.length > 0 ? await runInWorker(b.ctx, 'imageHeaders', todo.map((t) => t.target.fsPath), { signal }) : [];
  return { todo: todo.map((t, i) => ({ ...t, header: headers[i] })) };
}

/** The second half: annotations read, samples written in one transaction, counters updated. */
export async function commitBatch(b: BatchContext, prepared: PreparedBatch): Promise<void> {
  const { stats, options, signal } = b;
  const built = await mapConcurrent(prepared.todo, READ_CONCURRENCY, async ({ target, id, header }) => {
    if (signal.aborted) return undefined;
    if ('error' in header) {
      stats.fileFailed(target.objectPath, target.size, `not a readable image: ${header.error}`);
      return undefined;
    }
    const size: ImageSize = header.size;
    const readLabels = options.importAnnotations || options.difficultOnly;
    const found = readLabels ? await labelsFor(b.annotations, target.image, size) : [];
    if (options.difficultOnly && !isHardExample(found, target.image.manifest?.hard)) {
      stats.skipped(target.size);
      return undefined;
    }
    const labels = options.importAnnotations ? filterLabels(options, found, stats) : [];
    stats.finished(target.size);
    return { sample: toNewSample(target, id, size, labels, options), hadAnnotations: found.length > 0 };
  });
  signal.throwIfAborted();
  const ready = built.filter((s) => s !== undefined);
  if (ready.length === 0) return;

  if (!options.importSamples) {
    const updates = ready.filter((r) => r.hadAnnotations && r.sample.labels.length > 0).map((r) => ({ id: r.sample.id, labels: r.sample.labels }));
    const changed = annotateExistingSamples(b.ctx, b.datasetId, updates, options.finalAnnotation);
    stats.annotated_sample_count += changed;
    if (!options.finalAnnotation) stats.unconfirmed_sample_count += changed;
    return;
  }
  const samples = ready.map((r) => r.sample);
  const { inserted } = insertSamples(b.ctx, b.datasetId, samples);
  stats.imported_sample_count += inserted;
  // Only a concurrent writer could make `inserted` smaller; never report more annotated than imported.
  const annotated = Math.min(samples.filter((s) => s.labels.length > 0).length, inserted);
  stats.annotated_sample_count += annotated;
  if (!options.finalAnnotation) stats.unconfirmed_sample_count += annotated;
}

async function place(b: BatchContext, image: ImageCandidate): Promise<Target | undefined> {
  if (!b.placement) return { image, objectPath: image.objectPath, fsPath: image.fsPath, size: image.size, mtimeMs: image.mtimeMs };
  if (b.signal.aborted) return undefined;
  try {
    const copy = await placeInFolder(b.ctx, b.placement.folder, image, b.placement.relativeOf(image), b.placement.tempDir);
    return { image, ...copy };
  } catch (err) {
    b.stats.fileFailed(image.objectPath, image.size, `could not be copied into the import folder: ${(err as Error).message.split(b.ctx.dataDir).join('')}`);
    return undefined;
  }
}

function toNewSample(t: Target, id: string, size: ImageSize, labels: NewSample['labels'], options: ImportOptions): NewSample {
  const slash = t.objectPath.lastIndexOf('/');
  const usage = options.importAnnotations ? t.image.manifest?.usage : undefined;
  return {
    id,
    name: t.objectPath.slice(slash + 1),
    dir: t.objectPath.slice(0, slash + 1),
    path: t.objectPath,
    type: 0,
    size: t.size,
    sample_time: Math.round(t.mtimeMs),
    labels,
    // A hard example stays marked as one (the dataset's key_sample statistics count it).
    metadata: { '@modelarts:size': size, ...(t.image.manifest?.hard ? { '@modelarts:hard': true } : {}) },
    final: options.finalAnnotation,
    ...(usage ? { usage } : {}),
  };
}

/** The batch's samples the dataset already has, with their `seq` and whether they carry labels. */
function existingSampleIds(ctx: EngineContext, datasetId: string, ids: string[]): Map<string, { seq: number; labeled: boolean }> {
  const rows = ctx.sqlite
    .prepare(
      `SELECT id, seq, status <> 'UN_ANNOTATION' AS labeled FROM samples
       WHERE dataset_id = ? AND id IN (SELECT value FROM json_each(?))`,
    )
    .all(datasetId, JSON.stringify(ids)) as { id: string; seq: number; labeled: number }[];
  return new Map(rows.map((r) => [r.id, { seq: r.seq, labeled: r.labeled === 1 }]));
}

/** `items.map(fn)` with at most `limit` calls in flight; results keep the items' order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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
