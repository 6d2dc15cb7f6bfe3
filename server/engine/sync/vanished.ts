import { stat } from 'node:fs/promises';
import type { EngineContext } from '../context.js';
import { mapConcurrent } from '../import-tasks/import-batch.js';
import { deleteSamples } from '../samples/repository.js';

/** Samples looked at per page (and deleted per transaction). */
const PAGE = 1000;
const STAT_CONCURRENCY = 16;

/** Whether a file is certainly gone (not merely unreadable for a moment). */
async function isGone(ctx: EngineContext, objectPath: string): Promise<boolean> {
  try {
    const st = await stat(ctx.store.parse(objectPath).fsPath);
    return !st.isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

/**
 * Deletes the samples whose source file no longer exists, page by page through the dataset (counters move
 * with the rows, through samples/repository). `present` holds object paths known to exist (the files the
 * sync just listed), which are not checked again. Returns how many samples were deleted.
 */
export async function deleteVanishedSamples(
  ctx: EngineContext,
  datasetId: string,
  present: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<number> {
  const page = ctx.sqlite.prepare('SELECT seq, id, path FROM samples WHERE dataset_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  let after = 0;
  let deleted = 0;
  for (;;) {
    signal.throwIfAborted();
    const rows = page.all(datasetId, after, PAGE) as { seq: number; id: string; path: string }[];
    if (rows.length === 0) return deleted;
    after = rows[rows.length - 1].seq;
    const unknown = rows.filter((r) => !present.has(r.path));
    const gone = await mapConcurrent(unknown, STAT_CONCURRENCY, async (r) => ((await isGone(ctx, r.path)) ? r.id : undefined));
    const ids = gone.filter((id): id is string => id !== undefined);
    signal.throwIfAborted();
    if (ids.length === 0) continue;
    const outcome = deleteSamples(ctx, datasetId, ids, { deleteSource: false });
    deleted += (outcome.results ?? []).filter((r) => r.success).length;
  }
}
