import { mkdir, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { isImportTerminal } from '../server/contract/import-task.js';
import type { EngineContext } from '../server/engine/context.js';
import { insertSamples, sampleIdFor, type NewSample } from '../server/engine/samples/repository.js';
import { SHAPE_CLASSES, SHAPE_COLORS, generateShapeImages, type ShapeImage } from '../scripts/demo-images.js';
import type { EngineClient } from '../scripts/engine-client.js';

/**
 * A large dataset for the speed figures: created through the API from a small pool of real images (so
 * the import path is the real one), then grown to `samples` rows inserted directly with the samples
 * repository's own `insertSamples`, in batches inside one transaction, so labels and counters are exact.
 * Every row points at a real image: folders `data/dNNNNN` are symlinks to the pool, giving each row its
 * own object path (sample ids are md5 of the path) while the disk holds only the pool.
 */
export const BENCH_LABELS = SHAPE_CLASSES;
const POOL_SIZE = 64;
const BATCH = 10_000;

export interface BenchDataset {
  datasetId: string;
  samples: number;
  /** What the rows hold, counted while inserting (checked against the API's counters by the caller). */
  expected: { labeled: number; unlabeled: number; perLabel: Record<string, number> };
}

async function waitForImport(client: EngineClient, datasetId: string, taskId: string): Promise<{ status: string; imported: number }> {
  for (;;) {
    const task = await client.request<{ status: string; imported_sample_count: number; error_msg?: string }>(
      'GET',
      `/datasets/${datasetId}/import-tasks/${taskId}`,
    );
    if (task.status === 'FAILED') throw new Error(`bench import failed: ${task.error_msg ?? ''}`);
    if (isImportTerminal(task.status)) return { status: task.status, imported: task.imported_sample_count };
    await new Promise((r) => setTimeout(r, 100));
  }
}

function rowsFor(pool: ShapeImage[], poolMeta: { size: number; mtimeMs: number }[], from: number, to: number): NewSample[] {
  const rows: NewSample[] = [];
  for (let i = from; i < to; i++) {
    const k = i % pool.length;
    const image = pool[k];
    const objectPath = `/bench/data/d${String(Math.floor(i / pool.length)).padStart(5, '0')}/${image.relPath}`;
    const slash = objectPath.lastIndexOf('/');
    // Two rows in three are labeled (with the class the image really shows), one in three is not.
    const labeled = i % 3 !== 2;
    rows.push({
      id: sampleIdFor(objectPath),
      name: objectPath.slice(slash + 1),
      dir: objectPath.slice(0, slash + 1),
      path: objectPath,
      type: 0,
      size: poolMeta[k].size,
      sample_time: poolMeta[k].mtimeMs,
      labels: labeled ? [{ name: image.label, type: 0 }] : [],
      metadata: {},
    });
  }
  return rows;
}

export async function seedBenchDataset(ctx: EngineContext, client: EngineClient, samples: number): Promise<BenchDataset> {
  const bucket = path.join(ctx.dataDir, 'obs', 'bench');
  const pool = await generateShapeImages(path.join(bucket, 'pool'), { count: POOL_SIZE, seed: 1 });
  const poolMeta = await Promise.all(pool.map((p) => stat(path.join(bucket, 'pool', p.relPath))));
  await mkdir(path.join(bucket, 'output'), { recursive: true });

  const created = await client.request<{ dataset_id: string; import_task_id?: string }>('POST', '/datasets', {
    dataset_name: 'bench-samples',
    dataset_type: 0,
    data_sources: [{ data_type: 0, data_path: '/bench/pool/' }],
    work_path: '/bench/output/',
    work_path_type: 0,
    import_annotations: true,
    labels: BENCH_LABELS.map((name) => ({ name, type: 0, property: { '@modelarts:color': SHAPE_COLORS[name] } })),
  });
  const datasetId = created.dataset_id;
  const imported = created.import_task_id ? (await waitForImport(client, datasetId, created.import_task_id)).imported : 0;

  // The pool sits in class folders: the import labels every pool image with its class.
  const expected: BenchDataset['expected'] = { labeled: imported, unlabeled: 0, perLabel: {} };
  for (const name of BENCH_LABELS) expected.perLabel[name] = imported === pool.length ? pool.filter((p) => p.label === name).length : Number.NaN;
  const extra = Math.max(0, samples - imported);
  const dirs = Math.ceil(extra / pool.length);
  await mkdir(path.join(bucket, 'data'), { recursive: true });
  for (let d = 0; d < dirs; d++) {
    await symlink('../pool', path.join(bucket, 'data', `d${String(d).padStart(5, '0')}`), 'dir');
  }

  ctx.sqlite.transaction(() => {
    for (let from = 0; from < extra; from += BATCH) {
      const rows = rowsFor(pool, poolMeta, from, Math.min(extra, from + BATCH));
      const { inserted } = insertSamples(ctx, datasetId, rows);
      if (inserted !== rows.length) throw new Error(`bench seeding inserted ${inserted} of ${rows.length} rows`);
      for (const r of rows) {
        if (r.labels.length === 0) expected.unlabeled++;
        else {
          expected.labeled++;
          expected.perLabel[r.labels[0].name]++;
        }
      }
    }
  })();
  return { datasetId, samples: imported + extra, expected };
}
