import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ImportTaskStatusResp, isImportTerminal } from '../server/contract/import-task.js';
import { createEngineClient, type EngineClient } from '../scripts/engine-client.js';
import { signedGet, type EngineTarget } from './engine-figures.js';
import type { LoadProcess } from './load-process.js';
import { ROOT, freePort, sampleRss, startServer, type ServerProcess } from './processes.js';
import type { ReportRow } from './stats.js';
import { measureBffMemory } from './bff-memory.js';

/**
 * P3: an import of N small images through the engine's API (the engine in its own process, as `npm run
 * engine` runs it) against a bare loop reading each file's header with sharp at the import's concurrency,
 * both on the same folder in the same run. P8: the engine's peak RSS during that import, and the BFF's
 * (its own process too) under load. The images are generated once per N and kept under `.tmp/bench-p3/`.
 */
export interface ImportFigureOptions {
  count: number;
  /** Header reads in flight, as in the import (server/engine/import-tasks). */
  concurrency: number;
  connections: number;
  loadMs: number;
  log: (line: string) => void;
}

const BUCKET = 'bench-p3';
const IMAGES = `/${BUCKET}/images/`;
const MB = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);

async function mapConcurrent<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The cached DATA_DIR holding `obs/bench-p3/images/` with `count` tiny JPEGs; written once, then reused. */
async function ensureImages(count: number, log: (line: string) => void): Promise<string> {
  const dataDir = path.join(ROOT, '.tmp', 'bench-p3', `n${count}`);
  const images = path.join(dataDir, 'obs', BUCKET, 'images');
  if (existsSync(path.join(dataDir, 'ready'))) return dataDir;
  const t0 = performance.now();
  const partial = `${images}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  // A few dozen distinct encodings (sizes and colours) cycled over the files: headers differ, writing stays fast.
  const variants = await Promise.all(
    Array.from({ length: 48 }, (_, i) =>
      sharp({ create: { width: 32 + (i % 8) * 8, height: 24 + (i % 6) * 8, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53) % 256 } } })
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  );
  const indexes = Array.from({ length: count }, (_, i) => i);
  await mapConcurrent(indexes, 64, (i) => writeFile(path.join(partial, `img-${String(i).padStart(6, '0')}.jpg`), variants[i % variants.length]));
  await rm(images, { recursive: true, force: true });
  await rename(partial, images);
  await writeFile(path.join(dataDir, 'ready'), `${count}\n`);
  log(`P3: ${count.toLocaleString('en')} images written to ${images} in ${((performance.now() - t0) / 1000).toFixed(1)} s (kept for later runs)`);
  return dataDir;
}

/** Everything but the cached images goes: each run imports into a fresh engine database. */
async function resetEngineState(dataDir: string): Promise<void> {
  for (const entry of await readdir(dataDir)) if (entry !== 'obs' && entry !== 'ready') await rm(path.join(dataDir, entry), { recursive: true, force: true });
  const obs = path.join(dataDir, 'obs');
  for (const entry of await readdir(obs)) if (entry !== BUCKET) await rm(path.join(obs, entry), { recursive: true, force: true });
  for (const entry of await readdir(path.join(obs, BUCKET))) if (entry !== 'images') await rm(path.join(obs, BUCKET, entry), { recursive: true, force: true });
  await mkdir(path.join(obs, BUCKET, 'empty'), { recursive: true });
}

/** The bare loop: sharp reads each header (as the import does, no decode), `concurrency` in flight. */
async function timeHeaderLoop(dataDir: string, concurrency: number): Promise<{ seconds: number; files: number }> {
  const dir = path.join(dataDir, 'obs', BUCKET, 'images');
  const files = (await readdir(dir)).filter((n) => n.endsWith('.jpg'));
  const t0 = performance.now();
  await mapConcurrent(files, concurrency, async (name) => {
    const meta = await sharp(path.join(dir, name)).metadata();
    if (!meta.width || !meta.height) throw new Error(`no size in ${name}`);
  });
  return { seconds: (performance.now() - t0) / 1000, files: files.length };
}

async function waitImport(client: EngineClient, datasetId: string, taskId: string, log: (line: string) => void): Promise<ImportTaskStatusResp> {
  let lastLog = performance.now();
  for (;;) {
    const task = ImportTaskStatusResp.parse(await client.request('GET', `/datasets/${datasetId}/import-tasks/${taskId}`));
    if (isImportTerminal(task.status)) return task;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`P3: import ${task.status}, ${task.finished_file_count.toLocaleString('en')} / ${task.total_file_count.toLocaleString('en')} files`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Times one import of the image folder into a new dataset, sampling the engine's RSS meanwhile. */
async function timeImport(engine: ServerProcess, client: EngineClient, log: (line: string) => void) {
  const created = await client.request<{ dataset_id: string; import_task_id?: string }>('POST', '/datasets', {
    dataset_name: `p3-${Date.now()}`,
    dataset_type: 0,
    // An empty input folder: the import on create ends at once; the timed import is the one below.
    data_sources: [{ data_type: 0, data_path: `/${BUCKET}/empty/` }],
    work_path: `/${BUCKET}/work/`,
    work_path_type: 0,
  });
  if (created.import_task_id) await waitImport(client, created.dataset_id, created.import_task_id, log);
  const rss = sampleRss(engine.child.pid!);
  const t0 = performance.now();
  const { task_id } = await client.request<{ task_id: string }>('POST', `/datasets/${created.dataset_id}/import-tasks`, { import_path: IMAGES, import_type: 'dir' });
  const task = await waitImport(client, created.dataset_id, task_id, log);
  const seconds = (performance.now() - t0) / 1000;
  return { datasetId: created.dataset_id, task, seconds, peakRss: rss.stop() };
}

export async function measureImportFigures(load: LoadProcess, opts: ImportFigureOptions): Promise<{ rows: ReportRow[]; errors: string[] }> {
  const dataDir = await ensureImages(opts.count, opts.log);
  await resetEngineState(dataDir);
  const bare = await timeHeaderLoop(dataDir, opts.concurrency);
  opts.log(`P3: bare header loop ${bare.files.toLocaleString('en')} files in ${bare.seconds.toFixed(1)} s`);

  const port = await freePort();
  const target: EngineTarget = { url: `http://127.0.0.1:${port}`, projectId: randomBytes(16).toString('hex'), ak: 'BENCHP3AK001', sk: randomBytes(24).toString('base64url') };
  const engine = await startServer(
    'server/engine/server.ts',
    { DATA_DIR: dataDir, ENGINE_PORT: String(port), PROJECT_ID: target.projectId, ENGINE_AK: target.ak, ENGINE_SK: target.sk },
    port,
    '/v2/openapi.json',
  );
  const rows: ReportRow[] = [];
  const errors: string[] = [];
  try {
    const client = createEngineClient({ engineUrl: target.url, ...target });
    const imported = await timeImport(engine, client, opts.log);
    opts.log(`P3: import ${imported.task.status} in ${imported.seconds.toFixed(1)} s`);
    const bareRate = bare.files / bare.seconds;
    const importRate = imported.task.imported_sample_count / imported.seconds;
    const ratio = importRate / bareRate;
    const complete = imported.task.status === 'COMPLETED' && imported.task.imported_sample_count === opts.count;
    if (!complete) {
      errors.push(`P3 import ended ${imported.task.status} with ${imported.task.imported_sample_count} of ${opts.count} samples ${imported.task.error_msg ?? ''}`);
    }
    rows.push({
      id: 'P3',
      measure: `import of ${opts.count.toLocaleString('en')} small JPEGs vs bare sharp header loop (${opts.concurrency} in flight)`,
      value: `${importRate.toFixed(0)} / ${bareRate.toFixed(0)} files/s = ${ratio.toFixed(2)}`,
      bar: '≥ 0.70',
      result: complete ? (ratio >= 0.7 ? 'PASS' : 'FAIL') : 'FAIL',
    });
    rows.push({
      id: 'P8',
      measure: `engine peak RSS during the ${opts.count.toLocaleString('en')}-image import`,
      value: MB(imported.peakRss),
      bar: '≤ 500 MB',
      result: imported.peakRss === undefined ? 'n/a' : imported.peakRss <= 500 ? 'PASS' : 'FAIL',
    });
    const listPath = `/datasets/${imported.datasetId}/data-annotations/samples?offset=0&limit=100`;
    const bff = await measureBffMemory(target, signedGet(target, 'engine', listPath), listPath, load, opts);
    rows.push(bff.row);
    errors.push(...bff.errors);
  } catch (err) {
    const why = `not measured: ${(err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 160)}`;
    const missing: ReportRow[] = [
      { id: 'P3', measure: 'import vs bare header loop', value: why, bar: '≥ 0.70', result: 'n/a' },
      { id: 'P8', measure: 'engine peak RSS during the import', value: why, bar: '≤ 500 MB', result: 'n/a' },
      { id: 'P8', measure: 'BFF peak RSS under load', value: why, bar: '≤ 200 MB', result: 'n/a' },
    ];
    for (const row of missing) if (!rows.some((r) => r.id === row.id && r.measure.split(' ')[0] === row.measure.split(' ')[0])) rows.push(row);
    const tail = engine.stderr().trim();
    if (tail) opts.log(`engine stderr: ${tail.slice(-500)}`);
  } finally {
    await engine.stop();
  }
  return { rows, errors };
}
