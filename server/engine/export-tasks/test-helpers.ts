import { mkdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { ExportTaskStatusResp } from '../../contract/export-task.js';
import type { SampleLabel } from '../../contract/sample.js';
import { writeImage } from '../import-tasks/test-fixtures.js';
import { sampleIdFor } from '../samples/repository.js';
import { makeTestEngine, TEST_PROJECT, type TestEngine } from '../test-utils.js';
import { exportTaskHandler } from './handler.js';
import { exportTaskRoutes } from './routes.js';

/** Test helpers for exports: an engine that runs them, datasets made through the API, polling. */

export async function exportEngine(): Promise<TestEngine> {
  const engine = await makeTestEngine({ taskHandlers: [exportTaskHandler], tasks: { pollMs: 20 } });
  // The routes are registered by the engine once wired in app.ts; until then, here.
  if (!engine.app.hasRoute({ method: 'POST', url: '/v2/:project_id/datasets/:dataset_id/export-tasks' })) {
    await engine.app.register(exportTaskRoutes, { prefix: '/v2/:project_id', ctx: engine.ctx });
  }
  return engine;
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Creates a dataset over `/bucket/<folder>/` (its images imported) and waits for its import to end. */
export async function datasetOver(engine: TestEngine, name: string, type: number, folder: string, labels: string[] = []): Promise<string> {
  const res = await engine.call('POST', '/datasets', {
    dataset_name: name,
    dataset_type: type,
    ...(labels.length > 0 ? { labels: labels.map((l) => ({ name: l, type })) } : {}),
    data_sources: [{ data_type: 0, data_path: `/bucket/${folder}/` }],
    work_path: `/bucket/work-${name}/`,
    work_path_type: 0,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { dataset_id: string }).dataset_id;
  await until(
    'import',
    async () => (await engine.call('GET', `/datasets/${id}`)).json() as { status: number },
    (d) => d.status !== 8,
  );
  return id;
}

export interface Picture {
  name: string;
  labels: SampleLabel[];
}

/** Writes the pictures (64×48 images) into `/bucket/<folder>/`, makes a dataset over them and labels them (S3). */
export async function labeledDataset(engine: TestEngine, name: string, type: number, pictures: Picture[], folder = `src-${name}`): Promise<string> {
  for (const [i, p] of pictures.entries()) await writeImage(engine.ctx, `/bucket/${folder}/${p.name}`, { width: 64, height: 48 }, i);
  const names = [...new Set(pictures.flatMap((p) => p.labels.map((l) => l.name)))];
  const id = await datasetOver(engine, name, type, folder, names);
  const samples = pictures
    .filter((p) => p.labels.length > 0)
    .map((p) => ({ sample_id: sampleIdFor(`/bucket/${folder}/${p.name}`), labels: p.labels }));
  if (samples.length > 0) {
    const res = await engine.call('PUT', `/datasets/${id}/data-annotations/samples`, { samples });
    expect(res.statusCode, res.body).toBe(200);
  }
  return id;
}

/** E2, expecting a task id; the output folder named by `path` is made first (E2 requires an existing folder). */
export async function startExport(engine: TestEngine, datasetId: string, body: { path?: string; [key: string]: unknown }, headers?: Record<string, string>): Promise<string> {
  if (body.path) mkdirSync(engine.ctx.store.parse(body.path).fsPath, { recursive: true });
  const res = await engine.call('POST', `/datasets/${datasetId}/export-tasks`, body, headers);
  expect(res.statusCode, res.body).toBe(200);
  const { task_id } = res.json() as { task_id: string };
  expect(task_id).toMatch(/^[A-Za-z0-9]{19}$/);
  return task_id;
}

export async function exportStatus(engine: TestEngine, datasetId: string, taskId: string): Promise<ExportTaskStatusResp> {
  const res = await engine.call('GET', `/datasets/${datasetId}/export-tasks/${taskId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ExportTaskStatusResp;
}

export const waitExport = (engine: TestEngine, datasetId: string, taskId: string) =>
  until('export', () => exportStatus(engine, datasetId, taskId), (s) => s.status === 'SUCCESSED' || s.status === 'FAILED');

/** Imports a folder (I2) into a new dataset and returns that dataset's samples' labels by file name. */
export async function importInto(engine: TestEngine, name: string, type: number, importPath: string): Promise<Map<string, SampleLabel[]>> {
  const empty = `empty-${name}`;
  mkdirSync(engine.ctx.store.parse(`/bucket/${empty}/`).fsPath, { recursive: true });
  const id = await datasetOver(engine, name, type, empty);
  const res = await engine.call('POST', `/datasets/${id}/import-tasks`, { import_path: importPath });
  expect(res.statusCode, res.body).toBe(200);
  const taskId = (res.json() as { task_id: string }).task_id;
  await until(
    'import',
    async () => (await engine.call('GET', `/datasets/${id}/import-tasks/${taskId}`)).json() as { status: string },
    (t) => t.status === 'COMPLETED' || t.status === 'FAILED',
  );
  return samplesOf(engine, id);
}

/** Every sample's labels by file name (name, shape and coordinates only). */
export async function samplesOf(engine: TestEngine, datasetId: string): Promise<Map<string, SampleLabel[]>> {
  const out = new Map<string, SampleLabel[]>();
  for (let page = 0; ; page++) {
    const res = await engine.call('GET', `/datasets/${datasetId}/data-annotations/samples?limit=100&offset=${page}`);
    const body = res.json() as { samples: { sample_name: string; labels: SampleLabel[] }[] };
    for (const s of body.samples) out.set(s.sample_name, shapes(s.labels));
    if (body.samples.length < 100) return out;
  }
}

/** Labels reduced to what a round trip must keep, in a stable order. */
export const shapes = (labels: SampleLabel[]) =>
  labels
    .map((l) => ({
      name: l.name,
      ...(l.property?.['@modelarts:shape'] ? { shape: l.property['@modelarts:shape'], feature: l.property['@modelarts:feature'] } : {}),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) as SampleLabel[];

export { TEST_PROJECT };
