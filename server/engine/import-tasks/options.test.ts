import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportTaskStatusResp, isImportTerminal } from '../../contract/import-task.js';
import type { SampleLabel } from '../../contract/sample.js';
import { readCounters, recount } from '../samples/repository.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { insertDataset, vocXml, writeImage, writeText } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const tasksUrl = (ds: string) => `/datasets/${ds}/import-tasks`;
const size = { width: 100, height: 80 };

async function start(ds: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return engine.call('POST', tasksUrl(ds), body, headers);
}

async function waitForTask(ds: string, taskId: string): Promise<ImportTaskStatusResp> {
  for (;;) {
    const task = ImportTaskStatusResp.parse((await engine.call('GET', `${tasksUrl(ds)}/${taskId}`)).json());
    if (isImportTerminal(task.status)) return task;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs an I2 import to its end; the request must be accepted. */
async function importAndWait(ds: string, body: Record<string, unknown>): Promise<ImportTaskStatusResp> {
  const res = await start(ds, body);
  expect(res.json()).toEqual({ task_id: expect.any(String) });
  const task = await waitForTask(ds, res.json().task_id);
  expect(task).toMatchObject({ status: 'COMPLETED' });
  return task;
}

function samplesOf(ds: string): Map<string, { status: string; labels: SampleLabel[]; metadata: Record<string, unknown> }> {
  const rows = engine.ctx.sqlite.prepare('SELECT path, status, labels, metadata FROM samples WHERE dataset_id = ? ORDER BY seq').all(ds) as {
    path: string;
    status: string;
    labels: string;
    metadata: string;
  }[];
  return new Map(rows.map((r) => [r.path, { status: r.status, labels: JSON.parse(r.labels), metadata: JSON.parse(r.metadata) }]));
}

const names = (labels: SampleLabel[] | undefined) => (labels ?? []).map((l) => l.name);

function expectCountersExact(ds: string) {
  expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
}

describe('I2 import_samples false', () => {
  it('writes the annotations onto the samples the dataset has, and skips other files', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/ann-only/in/1.jpg', size, 1);
    await writeImage(engine.ctx, '/ann-only/in/2.jpg', size, 2);
    await importAndWait(ds, { import_path: '/ann-only/in/', import_annotations: false });
    writeText(engine.ctx, '/ann-only/in/1.xml', vocXml('1.jpg', size, [{ name: 'car', box: [1, 1, 50, 40] }]));
    await writeImage(engine.ctx, '/ann-only/in/3.jpg', size, 3);
    writeText(engine.ctx, '/ann-only/in/3.xml', vocXml('3.jpg', size, [{ name: 'bus', box: [1, 1, 50, 40] }]));

    const task = await importAndWait(ds, { import_path: '/ann-only/in/', import_samples: false });
    expect(task).toMatchObject({ total_file_count: 3, finished_file_count: 3, imported_sample_count: 0, annotated_sample_count: 1, skipped_file_count: 1 });
    const samples = samplesOf(ds);
    expect([...samples.keys()]).toEqual(['/ann-only/in/1.jpg', '/ann-only/in/2.jpg']);
    expect(samples.get('/ann-only/in/1.jpg')).toMatchObject({ status: 'MANUAL_ANNOTATION', labels: [expect.objectContaining({ name: 'car' })] });
    expect(samples.get('/ann-only/in/2.jpg')).toMatchObject({ status: 'UN_ANNOTATION', labels: [] });
    expectCountersExact(ds);
    expect(readCounters(engine.ctx, ds).labels).toEqual({ car: { sample_count: 1, count: 1 } });
  });
});

describe('I2 final_annotation false', () => {
  it('imports labels as "to be confirmed" and counts the unconfirmed samples', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/auto/in/cat/1.jpg', undefined, 1);
    await writeImage(engine.ctx, '/auto/in/dog/2.jpg', undefined, 2);
    await writeImage(engine.ctx, '/auto/in/3.jpg', undefined, 3);
    const task = await importAndWait(ds, { import_path: '/auto/in/', final_annotation: false });
    expect(task).toMatchObject({ imported_sample_count: 3, annotated_sample_count: 2, unconfirmed_sample_count: 2 });
    expect(samplesOf(ds).get('/auto/in/cat/1.jpg')?.status).toBe('AUTO_ANNOTATION');
    expect(samplesOf(ds).get('/auto/in/3.jpg')?.status).toBe('UN_ANNOTATION');
    expectCountersExact(ds);
    expect(readCounters(engine.ctx, ds).samples).toMatchObject({ total: 3, auto_annotation: 2, manual_annotation: 0, un_annotation: 1 });
  });
});

describe('I2 difficult_only', () => {
  it('imports only the hard examples: a VOC object flagged difficult, a manifest line marked hard', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/hard/in/1.jpg', size, 1);
    writeText(engine.ctx, '/hard/in/1.xml', vocXml('1.jpg', size, [{ name: 'car', box: [1, 1, 9, 9], difficult: 1 }, { name: 'car', box: [10, 10, 20, 20] }]));
    await writeImage(engine.ctx, '/hard/in/2.jpg', size, 2);
    writeText(engine.ctx, '/hard/in/2.xml', vocXml('2.jpg', size, [{ name: 'car', box: [1, 1, 9, 9], difficult: 0 }]));
    await writeImage(engine.ctx, '/hard/in/3.jpg', size, 3);
    const task = await importAndWait(ds, { import_path: '/hard/in/', difficult_only: true });
    expect(task).toMatchObject({ total_file_count: 3, imported_sample_count: 1, skipped_file_count: 2 });
    expect(samplesOf(ds).get('/hard/in/1.jpg')?.labels).toHaveLength(2);

    const mds = insertDataset(engine.ctx, { type: 0 });
    writeText(
      engine.ctx,
      '/hard/list.manifest',
      [
        JSON.stringify({ source: 's3://hard/in/2.jpg', hard: 'true', annotation: [{ type: 'modelarts/image_classification', name: 'odd' }] }),
        JSON.stringify({ source: 's3://hard/in/3.jpg', annotation: [{ type: 'modelarts/image_classification', name: 'plain' }] }),
      ].join('\n'),
    );
    const fromManifest = await importAndWait(mds, { import_path: '/hard/list.manifest', difficult_only: true });
    expect(fromManifest).toMatchObject({ imported_sample_count: 1, skipped_file_count: 1 });
    expect(samplesOf(mds).get('/hard/in/2.jpg')).toMatchObject({ labels: [expect.objectContaining({ name: 'odd' })], metadata: { '@modelarts:hard': true } });
    expect(readCounters(engine.ctx, mds).samples.key_sample).toBe(1);
  });
});

describe('I2 included_labels / excluded_labels', () => {
  it('keeps only the included labels (strings or label objects); a sample left with none is imported unlabeled', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    for (const [i, f] of ['cat/1.jpg', 'dog/2.jpg', 'bird/3.jpg'].entries()) await writeImage(engine.ctx, `/incl/in/${f}`, undefined, i);
    const task = await importAndWait(ds, { import_path: '/incl/in/', included_labels: ['cat', { name: 'dog', type: 0 }] });
    expect(task).toMatchObject({ imported_sample_count: 3, annotated_sample_count: 2, excluded_annotation_count: 1 });
    expect(names(samplesOf(ds).get('/incl/in/bird/3.jpg')?.labels)).toEqual([]);
    expect(Object.keys(readCounters(engine.ctx, ds).labels).sort()).toEqual(['cat', 'dog']);
    expectCountersExact(ds);
  });

  it('drops the excluded labels’ boxes', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/excl/in/1.jpg', size, 1);
    writeText(engine.ctx, '/excl/in/1.xml', vocXml('1.jpg', size, [{ name: 'car', box: [1, 1, 9, 9] }, { name: 'person', box: [10, 10, 20, 20] }]));
    await writeImage(engine.ctx, '/excl/in/2.jpg', size, 2);
    writeText(engine.ctx, '/excl/in/2.xml', vocXml('2.jpg', size, [{ name: 'person', box: [1, 1, 9, 9] }]));
    const task = await importAndWait(ds, { import_path: '/excl/in/', excluded_labels: [{ name: 'person' }] });
    expect(task).toMatchObject({ imported_sample_count: 2, annotated_sample_count: 1, excluded_annotation_count: 2 });
    expect(names(samplesOf(ds).get('/excl/in/1.jpg')?.labels)).toEqual(['car']);
    expect(samplesOf(ds).get('/excl/in/2.jpg')).toMatchObject({ status: 'UN_ANNOTATION', labels: [] });
    expectCountersExact(ds);
  });
});

describe('I2 import_folder', () => {
  it('copies the files under the dataset storage once, however often they are imported', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    engine.ctx.sqlite.prepare('UPDATE datasets SET data_sources = ? WHERE id = ?').run(JSON.stringify([{ data_type: 0, data_path: '/store/ds/' }]), ds);
    await writeImage(engine.ctx, '/store/src/cat/1.jpg', undefined, 1);
    await writeImage(engine.ctx, '/store/src/2.png', undefined, 2);
    const first = await importAndWait(ds, { import_path: '/store/src/', import_folder: 'batch-1' });
    expect(first).toMatchObject({ imported_sample_count: 2, annotated_sample_count: 1 });
    expect([...samplesOf(ds).keys()].sort()).toEqual(['/store/ds/batch-1/2.png', '/store/ds/batch-1/cat/1.jpg']);
    expect(names(samplesOf(ds).get('/store/ds/batch-1/cat/1.jpg')?.labels)).toEqual(['cat']);
    const copy = engine.ctx.store.parse('/store/ds/batch-1/cat/1.jpg').fsPath;
    expect(readFileSync(copy)).toEqual(readFileSync(engine.ctx.store.parse('/store/src/cat/1.jpg').fsPath));

    const again = await importAndWait(ds, { import_path: '/store/src/', import_folder: 'batch-1/' });
    expect(again).toMatchObject({ imported_sample_count: 0, finished_file_count: 2 });
    expect(readdirSync(engine.ctx.store.parse('/store/ds/batch-1/').fsPath).sort()).toEqual(['2.png', 'cat']);

    // Another file with a name already taken is copied beside it, never over it.
    await writeImage(engine.ctx, '/store/other/2.png', undefined, 5);
    const other = await importAndWait(ds, { import_path: '/store/other/', import_folder: 'batch-1' });
    expect(other).toMatchObject({ imported_sample_count: 1 });
    const files = readdirSync(engine.ctx.store.parse('/store/ds/batch-1/').fsPath);
    expect(files).toHaveLength(3);
    expect(files).toContainEqual(expect.stringMatching(/^2-[0-9a-f]{8}\.png$/));
    expect(samplesOf(ds).size).toBe(3);
    expectCountersExact(ds);
  });

  it.each(['../escape', '/abs/folder', 'obs://b/x', '.'])('rejects import_folder %s (0101)', async (folder) => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/store/bad/1.jpg');
    const res = await start(ds, { import_path: '/store/bad/', import_folder: folder });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error_code: 'ModelArts.0101', error_msg: expect.stringContaining('import_folder') });
  });
});

describe('I2 options for table and text sources', () => {
  it.each([
    ['import_origin', { import_origin: 'dws' }],
    ['data_source', { data_source: { data_type: 1, data_path: '/opts/in/' } }],
    ['label_format', { label_format: { label_type: '0' } }],
    ['with_column_header', { with_column_header: true }],
    ['final_annotation', { final_annotation: false }, 3],
    ['import_annotations', { import_samples: false, import_annotations: false }],
  ] as [string, Record<string, unknown>, number?][])('rejects %s with 0101 and says why', async (option, extra, type = 0) => {
    await writeImage(engine.ctx, '/opts/in/1.jpg');
    const ds = insertDataset(engine.ctx, { type });
    const res = await start(ds, { import_path: '/opts/in/', ...extra });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error_code: 'ModelArts.0101', error_msg: expect.stringContaining(option) });
    expect((await engine.call('GET', tasksUrl(ds))).json().total_count).toBe(0);
  });
});

describe('I2 idempotency-key', () => {
  it('returns the first task for a repeated request with the same key', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/idem/in/1.jpg');
    const headers = { 'idempotency-key': `import-${ds}` };
    const a = await start(ds, { import_path: '/idem/in/' }, headers);
    const b = await start(ds, { import_path: '/idem/in/' }, headers);
    expect(a.statusCode).toBe(200);
    expect(b.json()).toEqual({ task_id: a.json().task_id });
    expect((await engine.call('GET', tasksUrl(ds))).json().total_count).toBe(1);
    await waitForTask(ds, a.json().task_id);
  });
});
