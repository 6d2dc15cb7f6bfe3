import { rmSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DATASET_STATUS } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { findDataset } from '../datasets/repository.js';
import { parseJson } from '../samples/sql.js';
import type { TaskHandle } from '../tasks/handler.js';
import { findVersion } from '../versions/repository.js';
import { Snapshot, type SnapshotLabel } from '../versions/snapshot.js';
import { KeyList, Split, parseRatio, splitKey } from '../versions/split.js';
import { DirWriter } from './dir-writer.js';
import { LiveSource, isAnnotated, selectionOf, type ExportSample } from './live-source.js';
import { NewDatasetWriter, removeExportDataset, unfinishedExportDataset } from './new-dataset.js';
import { requestedState, type ExportTaskParams } from './params.js';
import { VersionSource } from './version-source.js';

interface Source {
  count(signal: AbortSignal): Promise<number>;
  pages(signal: AbortSignal): AsyncGenerator<ExportSample[]>;
}

const fsPathOf = (ctx: EngineContext, objectPath: string) => {
  const { fsPath } = ctx.store.parse(objectPath);
  ctx.store.assertInside(fsPath);
  return fsPath;
};

/** Removes a folder of the store, if it is there. */
export function removeQuietly(ctx: EngineContext, objectPath: string): void {
  try {
    rmSync(fsPathOf(ctx, objectPath), { recursive: true, force: true });
  } catch {
    // A path that no longer parses held nothing of ours.
  }
}

/** Removes whatever an earlier run of this task left (a retry, a resume after a crash) or a failed run wrote. */
export function removeExportOutput(ctx: EngineContext, p: Pick<ExportTaskParams, '_temp' | '_output' | '_new_dataset_id'>): void {
  const quietly = (objectPath: string) => removeQuietly(ctx, objectPath);
  quietly(p._temp);
  const created = unfinishedExportDataset(ctx, p._new_dataset_id);
  if (created) removeExportDataset(ctx, created);
  // The published folder (DIR) is named after the task: only this task can have written it.
  else quietly(p._output);
}

/** With `ratio_sample_usage`, labeled samples are split TRAIN / EVAL exactly at the ratio (as a publish does). */
async function planUsage(source: Source, p: ExportTaskParams, signal: AbortSignal): Promise<(s: ExportSample) => string | undefined> {
  if (!p.export_params.ratio_sample_usage) return (s) => s.usage ?? undefined;
  const keys = new KeyList();
  for await (const page of source.pages(signal)) {
    for (const s of page) if (isAnnotated(s)) keys.push(splitKey(s.id));
    await nextTurn();
  }
  const split = Split.plan(keys, parseRatio(p.export_params.train_sample_ratio ?? '1.00'));
  return (s) => (isAnnotated(s) ? split.usageOf(splitKey(s.id)) : undefined);
}

function openSource(ctx: EngineContext, p: ExportTaskParams, datasetType: number): { source: Source; labels: () => SnapshotLabel[]; close: () => void } {
  const selection = selectionOf(p.export_type, requestedState(p), p.export_params.samples, p.export_params.search_conditions as never);
  if (p.version_id) {
    const version = findVersion(ctx, p.dataset_id, p.version_id);
    if (!version) throw new ModelArtsError('4353', `Dataset version ${p.version_id} does not exist`);
    const source = new VersionSource(ctx, version, datasetType, selection);
    return { source, labels: () => source.labels(), close: () => undefined };
  }
  const snapshot = Snapshot.open(ctx, p.dataset_id);
  return { source: new LiveSource(snapshot, p.dataset_id, selection, ctx.now()), labels: () => snapshot.labels(), close: () => snapshot.close() };
}

/**
 * The export: counts the samples it takes, then reads them page by page (abortable between pages) into a
 * DIR output — written under the dataset's temp path and renamed into `<path>/<dataset>-<task>/` only when
 * complete — or into a new dataset. Returns the result fields of ExportTaskStatusResp.
 */
export async function runExport(ctx: EngineContext, p: ExportTaskParams, task: TaskHandle): Promise<Record<string, unknown>> {
  const dataset = findDataset(ctx, p.dataset_id);
  if (!dataset || dataset.status === DATASET_STATUS.DELETED) throw new ModelArtsError('4352', `Dataset ${p.dataset_id} does not exist`);
  removeExportOutput(ctx, p);
  const { source, labels, close } = openSource(ctx, p, dataset.type);
  let dir: DirWriter | undefined;
  try {
    const total = await source.count(task.signal);
    task.running();
    const counters = { total_sample_count: total, finished_sample_count: 0 };
    task.report({ progress: 0, result: counters, message: `Writing ${total} samples` });
    const usage = await planUsage(source, p, task.signal);
    const clearHard = p.export_params.clear_hard_property ?? true;
    const labelRows = labels();

    let writer: { add(page: ExportSample[]): Promise<void> };
    if (p.export_params.export_dest === 'NEW_DATASET') {
      writer = await NewDatasetWriter.create(ctx, {
        id: p._new_dataset_id!,
        name: p.export_params.export_new_dataset_name!,
        taskId: task.id,
        source: dataset,
        workPath: p._new_work_path!,
        dataFolder: p._output,
        labels: labelRows,
        clearHard,
        usage,
      });
    } else {
      const colours = new Map(labelRows.map((l) => [l.name, String(parseJson<Record<string, unknown>>(l.property, {})['@modelarts:color'] ?? '')]));
      dir = await DirWriter.open(ctx, {
        datasetType: dataset.type,
        exportFormat: p.export_format,
        annotationFormat: p.annotation_format,
        sourceHeader: p.source_type_header,
        clearHard,
        finalFolder: p._output,
        tempDir: fsPathOf(ctx, p._temp),
        labelNames: labelRows.map((l) => l.name),
        colours,
        usage,
      });
      writer = dir;
    }

    for await (const page of source.pages(task.signal)) {
      await writer.add(page);
      counters.finished_sample_count = Math.min(total, counters.finished_sample_count + page.length);
      task.report({ progress: total === 0 ? 99 : (99 * counters.finished_sample_count) / total, result: counters });
      await nextTurn();
    }
    close();

    if (!dir) {
      const nd = writer as NewDatasetWriter;
      task.signal.throwIfAborted();
      return { ...counters, new_dataset_id: p._new_dataset_id, output_path: p._output, failed_sample_count: nd.failed };
    }
    await dir.close();
    task.signal.throwIfAborted();
    const finalDir = fsPathOf(ctx, p._output);
    await mkdir(path.dirname(finalDir), { recursive: true });
    await rename(fsPathOf(ctx, p._temp), finalDir);
    return {
      ...counters,
      manifest_path: dir.manifestPath,
      output_path: p._output,
      failed_sample_count: dir.counts.failed,
      skipped_annotation_count: dir.counts.skippedAnnotations,
    };
  } catch (err) {
    close();
    await dir?.discard();
    await rm(fsPathOf(ctx, p._temp), { recursive: true, force: true });
    throw err;
  }
}
