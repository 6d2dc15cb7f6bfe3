import { rmSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EngineContext } from '../context.js';
import type { TaskHandle } from '../tasks/handler.js';
import { VersionDiff, DigestWriter, digestRecord, type DiffCounts } from './digests.js';
import { CHUNK, takesSplitUsage, writeManifest } from './manifest-file.js';
import { usesVocFiles } from './manifest-lines.js';
import { DIGESTS_FILE, versionPaths, type VersionStats } from './repository.js';
import { Snapshot } from './snapshot.js';
import { KeyList, Split, parseRatio, splitKey } from './split.js';

/** Everything the background work needs to know, fixed when the publish is asked for. */
export interface PublishPlan {
  versionId: string;
  datasetId: string;
  datasetType: number;
  versionName: string;
  /** Object path of the version folder (`{inner_annotation_path}{version_name}/`). */
  folder: string;
  /** Object path of the folder written first (`{inner_temp_path}publish-{version_id}/`). */
  tempFolder: string;
  ratio: string;
  clearHard: boolean;
  removeUsage: boolean;
  exportImages: boolean;
  previous?: { id: string; folder: string; name: string; stats: VersionStats };
}

/** The version's statistics, once its folder is in place. */
export interface PublishResult {
  stats: VersionStats;
  previousVersionId?: string;
}

const fsPathOf = (ctx: EngineContext, objectPath: string) => {
  const { fsPath } = ctx.store.parse(objectPath);
  ctx.store.assertInside(fsPath);
  return fsPath;
};

/** Pass 1: the split keys of the samples the split assigns, then the exact threshold. */
async function planSplit(snapshot: Snapshot, plan: PublishPlan, task: TaskHandle, progress: (n: number) => number): Promise<Split> {
  const keys = new KeyList();
  let after = 0;
  let seen = 0;
  for (;;) {
    task.signal.throwIfAborted();
    const rows = snapshot.splitCandidates(after, CHUNK);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].seq;
    for (const r of rows) if (takesSplitUsage(plan.removeUsage, r.usage)) keys.push(splitKey(r.id));
    seen += rows.length;
    task.report({ progress: progress(seen) });
    await nextTurn();
  }
  return Split.plan(keys, parseRatio(plan.ratio));
}

/** Pass 3: digests of every sample in id order, compared with the previous version's as they are written. */
async function writeDigests(
  ctx: EngineContext,
  snapshot: Snapshot,
  plan: PublishPlan,
  tempDir: string,
  task: TaskHandle,
  progress: (n: number) => number,
): Promise<DiffCounts> {
  const writer = await DigestWriter.create(path.join(tempDir, DIGESTS_FILE));
  const diff = await VersionDiff.against(plan.previous ? fsPathOf(ctx, versionPaths(plan.previous).digests) : undefined);
  try {
    let after = '';
    let seen = 0;
    for (;;) {
      task.signal.throwIfAborted();
      const rows = snapshot.annotations(after, CHUNK);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      for (const r of rows) {
        const record = digestRecord(r.id, r.status === 'MANUAL_ANNOTATION' ? r.labels : '');
        await writer.add(record);
        await diff.add(record);
      }
      seen += rows.length;
      task.report({ progress: progress(seen) });
      await nextTurn();
    }
    await writer.close();
    return await diff.finish();
  } catch (err) {
    await Promise.all([writer.discard(), diff.close()]);
    throw err;
  }
}

/**
 * The publish: a consistent snapshot of the dataset is read three times in chunks — split keys, manifest
 * lines (with VOC files), sample digests — into a folder under the dataset's temp path, which is renamed
 * to the version folder only when everything is written. An abort or a crash before that leaves no part
 * of the version visible; the temp folder is removed on failure (and at the next start after a crash).
 */
export async function runPublish(ctx: EngineContext, plan: PublishPlan, task: TaskHandle): Promise<PublishResult> {
  task.running();
  const tempDir = fsPathOf(ctx, plan.tempFolder);
  const finalDir = fsPathOf(ctx, plan.folder);
  let placed = false;
  const snapshot = Snapshot.open(ctx, plan.datasetId);
  try {
    await rm(tempDir, { recursive: true, force: true });
    await mkdir(path.join(tempDir, 'data'), { recursive: true });
    if (usesVocFiles(plan.datasetType)) await mkdir(path.join(tempDir, 'annotations'));

    const total = Math.max(1, snapshot.total());
    const split = await planSplit(snapshot, plan, task, (n) => (10 * n) / total);
    const job = { ...plan, tempDir };
    const counts = await writeManifest(ctx, snapshot, job, split, task, (n) => 10 + (75 * n) / total);
    const diff = await writeDigests(ctx, snapshot, plan, tempDir, task, (n) => 85 + (14 * n) / total);
    snapshot.close();

    task.signal.throwIfAborted();
    await mkdir(path.dirname(finalDir), { recursive: true });
    // A folder already there belongs to no version (names are unique): a leftover, replaced.
    await rm(finalDir, { recursive: true, force: true });
    await rename(tempDir, finalDir);
    placed = true;
    const previous = plan.previous?.stats;
    return {
      previousVersionId: plan.previous?.id,
      stats: {
        ...counts,
        ...diff,
        previous_total_sample_count: previous?.total_sample_count ?? 0,
        previous_annotated_sample_count: previous?.annotated_sample_count ?? 0,
      },
    };
  } finally {
    snapshot.close();
    if (!placed) await rm(tempDir, { recursive: true, force: true });
  }
}

/** Removes the version folder of a publish that failed after placing it (sync: runs in the finishing transaction). */
export function removeVersionFolder(ctx: EngineContext, folder: string): void {
  rmSync(fsPathOf(ctx, folder), { recursive: true, force: true });
}
