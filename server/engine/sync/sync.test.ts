import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncStatusResp, isImportTerminal } from '../../contract/import-task.js';
import { insertDataset, vocXml, writeImage, writeText } from '../import-tasks/test-fixtures.js';
import { readCounters, recount } from '../samples/repository.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const syncUrl = (ds: string) => `/datasets/${ds}/sync-data`;

/** A dataset whose input path is `input` (as D2 stores it). */
function datasetOn(input: string, type = 0): string {
  const ds = insertDataset(engine.ctx, { type });
  engine.ctx.sqlite.prepare('UPDATE datasets SET data_sources = ? WHERE id = ?').run(JSON.stringify([{ data_type: 0, data_path: input }]), ds);
  return ds;
}

async function status(ds: string): Promise<SyncStatusResp> {
  const res = await engine.call('GET', `${syncUrl(ds)}/status`);
  expect(res.statusCode).toBe(200);
  return SyncStatusResp.parse(res.json());
}

async function waitForSync(ds: string, taskId: string): Promise<SyncStatusResp> {
  for (;;) {
    const s = await status(ds);
    expect(s.task_id).toBe(taskId);
    if (isImportTerminal(s.status)) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function syncAndWait(ds: string): Promise<SyncStatusResp> {
  const res = await engine.call('POST', syncUrl(ds));
  expect(res.statusCode).toBe(200);
  return waitForSync(ds, (res.json() as { task_id: string }).task_id);
}

const samplePaths = (ds: string) =>
  (engine.ctx.sqlite.prepare('SELECT path FROM samples WHERE dataset_id = ? ORDER BY path').all(ds) as { path: string }[]).map((r) => r.path);
const datasetStatus = (ds: string) => (engine.ctx.sqlite.prepare('SELECT status FROM datasets WHERE id = ?').get(ds) as { status: number }).status;

function expectCountersExact(ds: string) {
  expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
}

describe('Y1 / Y2 sync with the input path', () => {
  it('reports NOT_EXIST before any sync', async () => {
    const ds = datasetOn('/sync0/in/');
    expect(await status(ds)).toEqual({ dataset_id: ds, status: 'NOT_EXIST', add_sample_count: 0, deleted_sample_count: 0, total_sample_count: 0 });
  });

  it('adds the new files and deletes the samples whose file is gone; counters equal a recount', async () => {
    const ds = datasetOn('/sync1/in/');
    await writeImage(engine.ctx, '/sync1/in/cat/1.jpg', undefined, 1);
    await writeImage(engine.ctx, '/sync1/in/cat/2.jpg', undefined, 2);
    await writeImage(engine.ctx, '/sync1/in/dog/3.png', undefined, 3);
    const first = await syncAndWait(ds);
    expect(first).toMatchObject({ status: 'COMPLETED', add_sample_count: 3, deleted_sample_count: 0, total_sample_count: 3 });
    expect(first.duration_time).toBeGreaterThanOrEqual(0);
    expect(datasetStatus(ds)).toBe(1);
    expect(readCounters(engine.ctx, ds).labels).toMatchObject({ cat: { sample_count: 2 }, dog: { sample_count: 1 } });

    rmSync(engine.ctx.store.parse('/sync1/in/cat/2.jpg').fsPath);
    rmSync(engine.ctx.store.parse('/sync1/in/dog/3.png').fsPath);
    await writeImage(engine.ctx, '/sync1/in/dog/4.webp', undefined, 4);
    await writeImage(engine.ctx, '/sync1/in/5.bmp', undefined, 5);
    const second = await syncAndWait(ds);
    expect(second).toMatchObject({ status: 'COMPLETED', add_sample_count: 2, deleted_sample_count: 2, total_sample_count: 3 });
    expect(samplePaths(ds)).toEqual(['/sync1/in/5.bmp', '/sync1/in/cat/1.jpg', '/sync1/in/dog/4.webp']);
    expectCountersExact(ds);
    expect(readCounters(engine.ctx, ds).labels).toMatchObject({ cat: { sample_count: 1 }, dog: { sample_count: 1 } });

    const third = await syncAndWait(ds);
    expect(third).toMatchObject({ status: 'COMPLETED', add_sample_count: 0, deleted_sample_count: 0, total_sample_count: 3 });
  });

  it('reads the VOC annotations of new files in a detection dataset', async () => {
    const ds = datasetOn('/sync2/in/', 1);
    const size = { width: 80, height: 60 };
    await writeImage(engine.ctx, '/sync2/in/JPEGImages/a.jpg', size, 1);
    writeText(engine.ctx, '/sync2/in/Annotations/a.xml', vocXml('a.jpg', size, [{ name: 'car', box: [5, 5, 40, 30] }]));
    expect(await syncAndWait(ds)).toMatchObject({ status: 'COMPLETED', add_sample_count: 1 });
    expect(readCounters(engine.ctx, ds).labels).toEqual({ car: { sample_count: 1, count: 1 } });
  });

  it('fails with 4312, deleting nothing, when the input path is gone', async () => {
    const ds = datasetOn('/sync3/in/');
    await writeImage(engine.ctx, '/sync3/in/1.jpg');
    await syncAndWait(ds);
    rmSync(engine.ctx.store.parse('/sync3/in/').fsPath, { recursive: true });
    expect(await syncAndWait(ds)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4312' });
    expect(samplePaths(ds)).toEqual(['/sync3/in/1.jpg']);
    expect(datasetStatus(ds)).toBe(1);
  });

  it('refuses a second sync while one is queued (4355), a text dataset (4383), an unknown dataset (4352)', async () => {
    const ds = datasetOn('/sync4/in/');
    for (let i = 0; i < 5; i++) await writeImage(engine.ctx, `/sync4/in/${i}.jpg`, undefined, i);
    const first = await engine.call('POST', syncUrl(ds));
    const second = await engine.call('POST', syncUrl(ds));
    expect(second.statusCode).toBe(400);
    expect(second.json()).toEqual({ error_code: 'ModelArts.4355', error_msg: expect.stringContaining(first.json().task_id) });
    expect(datasetStatus(ds)).toBe(5);

    const text = datasetOn('/sync4/in/', 100);
    const textRes = await engine.call('POST', syncUrl(text));
    expect(textRes.statusCode).toBe(501);
    expect(textRes.json().error_code).toBe('ModelArts.4383');
    const unknown = await engine.call('POST', syncUrl('NoSuchDataset000000'));
    expect(unknown.json().error_code).toBe('ModelArts.4352');
    expect((await engine.call('GET', `${syncUrl('NoSuchDataset000000')}/status`)).json().error_code).toBe('ModelArts.4352');
    expect(await waitForSync(ds, first.json().task_id)).toMatchObject({ status: 'COMPLETED', add_sample_count: 5 });
    expect(datasetStatus(ds)).toBe(1);
  });

  it('returns the same task for a repeated request with the same idempotency key', async () => {
    const ds = datasetOn('/sync5/in/');
    await writeImage(engine.ctx, '/sync5/in/1.jpg');
    const headers = { 'idempotency-key': `sync-${ds}` };
    const a = await engine.call('POST', syncUrl(ds), undefined, headers);
    const b = await engine.call('POST', syncUrl(ds), undefined, headers);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json().task_id).toBe(a.json().task_id);
    const count = engine.ctx.sqlite.prepare("SELECT count(*) AS n FROM tasks WHERE dataset_id = ? AND kind = 'sync'").get(ds) as { n: number };
    expect(count.n).toBe(1);
    await waitForSync(ds, a.json().task_id);
  });
});
