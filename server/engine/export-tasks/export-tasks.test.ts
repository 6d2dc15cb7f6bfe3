import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleLabel } from '../../contract/sample.js';
import { insertNumberedSamples } from '../versions/test-helpers.js';
import type { TestEngine } from '../test-utils.js';
import { sampleIdFor } from '../samples/repository.js';
import { datasetOver, exportEngine, exportStatus, labeledDataset, samplesOf, startExport, waitExport } from './test-helpers.js';

const cls = (name: string): SampleLabel => ({ name, type: 0 });

describe('export tasks E1–E3', () => {
  let engine: TestEngine;
  let ds: string;
  const lines = (manifestPath: string) =>
    readFileSync(engine.ctx.store.parse(manifestPath).fsPath, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const exported = async (body: Record<string, unknown>) => {
    const id = await startExport(engine, ds, { path: '/bucket/out/', ...body });
    const done = await waitExport(engine, ds, id);
    expect(done.status, JSON.stringify(done)).toBe('SUCCESSED');
    return { done, names: lines(done.manifest_path!).map((l) => String(l.source).split('/').pop()).sort() };
  };

  beforeAll(async () => {
    engine = await exportEngine();
    ds = await labeledDataset(engine, 'mixed', 0, [
      { name: 'cat1.jpg', labels: [cls('cat')] },
      { name: 'cat2.jpg', labels: [cls('cat')] },
      { name: 'dog1.jpg', labels: [cls('dog')] },
      { name: 'none1.jpg', labels: [] },
      { name: 'none2.jpg', labels: [] },
    ]);
  }, 60_000);
  afterAll(() => engine.close());

  it('export_type 0 / 1 / 2 take labeled, unlabeled, all samples; sample_state narrows them', async () => {
    expect((await exported({ export_type: 0 })).names).toEqual(['cat1.jpg', 'cat2.jpg', 'dog1.jpg']);
    expect((await exported({ export_type: 1 })).names).toEqual(['none1.jpg', 'none2.jpg']);
    expect((await exported({ export_type: 2 })).names).toHaveLength(5);
    expect((await exported({ export_type: 2, sample_state: '__NONE__' })).names).toEqual(['none1.jpg', 'none2.jpg']);
    const contradictory = await exported({ export_type: 0, export_params: { sample_state: '__NONE__' } });
    expect(contradictory.done.total_sample_count).toBe(0);
  });

  it('export_type 3 ORs its search conditions; export_params.samples picks ids', async () => {
    const byCondition = await exported({
      export_type: 3,
      export_params: { search_conditions: [{ label_list: { labels: [{ name: 'dog' }] } }, { sample_name: 'none2' }] },
    });
    expect(byCondition.names).toEqual(['dog1.jpg', 'none2.jpg']);
    const ids = ['cat2.jpg', 'none1.jpg'].map((n) => sampleIdFor(`/bucket/src-mixed/${n}`));
    const byIds = await exported({ export_type: 2, export_params: { samples: [...ids, 'f'.repeat(32)] } });
    expect(byIds.names).toEqual(['cat2.jpg', 'none1.jpg']);
    expect(byIds.done.total_sample_count).toBe(2);
  });

  it('manifest: source_type_header, TRAIN/EVAL from train_sample_ratio, labels inline', async () => {
    const { done } = await exported({
      export_type: 0,
      source_type_header: 's3://',
      export_params: { ratio_sample_usage: true, train_sample_ratio: '0.67' },
    });
    const manifest = lines(done.manifest_path!);
    expect(manifest.every((l) => String(l.source).startsWith('s3://bucket/out/'))).toBe(true);
    expect(manifest.map((l) => l.usage).sort()).toEqual(['EVAL', 'TRAIN', 'TRAIN']);
    expect(manifest.flatMap((l) => (l.annotation as { name: string }[]).map((a) => a.name)).sort()).toEqual(['cat', 'cat', 'dog']);
  });

  it('E1 lists with total_count and the export_type filter; E3 echoes the request', async () => {
    const all = (await engine.call('GET', `/datasets/${ds}/export-tasks?limit=100`)).json() as { total_count: number; export_tasks: { export_type: number }[] };
    expect(all.total_count).toBe(all.export_tasks.length);
    const ones = (await engine.call('GET', `/datasets/${ds}/export-tasks?export_type=1`)).json() as { total_count: number; export_tasks: { export_type: number }[] };
    expect(ones.total_count).toBe(1);
    expect(ones.export_tasks[0].export_type).toBe(1);
    const page = (await engine.call('GET', `/datasets/${ds}/export-tasks?limit=2&offset=1`)).json() as { export_tasks: unknown[] };
    expect(page.export_tasks).toHaveLength(2);
  });

  it('an idempotency key returns the first task', async () => {
    const headers = { 'idempotency-key': 'export-once-1' };
    const first = await startExport(engine, ds, { path: '/bucket/out/', export_type: 2 }, headers);
    const again = await startExport(engine, ds, { path: '/bucket/out/', export_type: 1 }, headers);
    expect(again).toBe(first);
    await waitExport(engine, ds, first);
  });

  it('bad inputs answer 4xx with codes, and queue nothing', async () => {
    const post = (id: string, body: unknown) => engine.call('POST', `/datasets/${id}/export-tasks`, body);
    const code = async (id: string, body: unknown) => (await post(id, body)).json() as { error_code: string };
    expect(await code(ds, { export_type: 2 })).toMatchObject({ error_code: 'ModelArts.4358' });
    expect(await code(ds, { path: '/bucket/missing-folder/' })).toMatchObject({ error_code: 'ModelArts.4312' });
    expect(await code(ds, { path: '/nobucket/x/' })).toMatchObject({ error_code: 'ModelArts.4311' });
    expect(await code(ds, { path: '/bucket/../etc/' })).toMatchObject({ error_code: 'ModelArts.4313' });
    expect(await code(ds, { path: '/bucket/src-mixed/cat1.jpg' })).toMatchObject({ error_code: 'ModelArts.4358' });
    expect(await code(ds, { path: '/bucket/out/', export_type: 3 })).toMatchObject({ error_code: 'ModelArts.4384' });
    expect(await code(ds, { path: '/bucket/out/', export_params: { export_dest: 'NEW_DATASET' } })).toMatchObject({ error_code: 'ModelArts.4384' });
    expect(await code(ds, { path: '/bucket/out/', version_format: 'CSV' })).toMatchObject({ error_code: 'ModelArts.4384' });
    expect(await code('A'.repeat(19), { path: '/bucket/out/' })).toMatchObject({ error_code: 'ModelArts.4352' });
    expect(await code(ds, { path: '/bucket/out/', version_id: 'B'.repeat(19) })).toMatchObject({ error_code: 'ModelArts.4353' });
    const missing = await engine.call('GET', `/datasets/${ds}/export-tasks/${'C'.repeat(19)}`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error_code: 'ModelArts.4359' });
  });

  it('NEW_DATASET: a dataset of the same type and labels holding copies of the samples', async () => {
    const id = await startExport(engine, ds, {
      path: '/bucket/copies/',
      export_type: 0,
      export_params: { export_dest: 'NEW_DATASET', export_new_dataset_name: 'mixed-copy', export_new_dataset_work_path: '/bucket/work-copy/' },
    });
    const done = await waitExport(engine, ds, id);
    expect(done.status, JSON.stringify(done)).toBe('SUCCESSED');
    const created = (await engine.call('GET', `/datasets/${done.new_dataset_id}`)).json() as { dataset_type: number; status: number; dataset_name: string };
    expect(created).toMatchObject({ dataset_type: 0, status: 1, dataset_name: 'mixed-copy' });
    const copies = await samplesOf(engine, done.new_dataset_id!);
    const originals = await samplesOf(engine, ds);
    expect([...copies.keys()].sort()).toEqual(['cat1.jpg', 'cat2.jpg', 'dog1.jpg']);
    for (const [name, labels] of copies) expect(labels).toEqual(originals.get(name));
    expect(existsSync(engine.ctx.store.parse(`${done.output_path!}cat1.jpg`).fsPath)).toBe(true);
  });
});

describe('stop, progress and versions', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await exportEngine();
  });
  afterAll(() => engine.close());

  it('a stop while running publishes nothing and ends FAILED 4393; progress only grows', async () => {
    const empty = 'big-src';
    const fs = await import('node:fs');
    fs.mkdirSync(engine.ctx.store.parse(`/bucket/${empty}/`).fsPath, { recursive: true });
    const ds = await datasetOver(engine, 'big', 0, empty);
    // Rows whose files do not exist: each is counted as failed, but the pages still take time to go through.
    insertNumberedSamples(engine, ds, 20_000, (i) => [i % 2 ? 'odd' : 'even']);
    const id = await startExport(engine, ds, { path: '/bucket/big-out/', export_type: 2 });
    const seen: number[] = [];
    let status = await exportStatus(engine, ds, id);
    while (status.finished_sample_count === 0 && status.status !== 'FAILED') {
      await new Promise((r) => setTimeout(r, 5));
      status = await exportStatus(engine, ds, id);
    }
    seen.push(status.finished_sample_count);
    expect(status.status).toBe('RUNNING');
    expect(status.total_sample_count).toBe(20_000);
    const stop = await engine.call('POST', `/task-center/tasks/${id}/stop`);
    if (stop.statusCode === 404) {
      const { stopTask } = await import('../tasks/queue.js');
      stopTask(engine.ctx, id);
    }
    const done = await waitExport(engine, ds, id);
    seen.push(done.finished_sample_count);
    expect(done).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4393' });
    expect(seen[1]).toBeGreaterThanOrEqual(seen[0]);
    expect(readdirSync(engine.ctx.store.parse('/bucket/big-out/').fsPath)).toEqual([]);
    const temp = engine.ctx.store.parse(`/bucket/work-big/`).fsPath;
    expect(JSON.stringify(readdirSync(temp, { recursive: true }))).not.toContain('export-');
  });

  it('a version as source exports what was published', async () => {
    const ds = await labeledDataset(engine, 'ver', 1, [
      { name: 'v1.jpg', labels: [{ name: 'car', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[1, 1], [20, 20]] } }] },
      { name: 'v2.jpg', labels: [] },
    ]);
    const published = await engine.call('POST', `/datasets/${ds}/versions`, {});
    const versionId = (published.json() as { version_id: string }).version_id;
    for (let i = 0; i < 400; i++) {
      const v = (await engine.call('GET', `/datasets/${ds}/versions/${versionId}`)).json() as { status: number };
      if (v.status !== 0) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    // The live sample changes after the publish; the export still reads the version.
    await engine.call('PUT', `/datasets/${ds}/data-annotations/samples`, { samples: [{ sample_id: sampleIdFor('/bucket/src-ver/v1.jpg'), labels: [] }] });
    const id = await startExport(engine, ds, { path: '/bucket/ver-out/', export_type: 0, version_id: versionId, export_format: 2 });
    const done = await waitExport(engine, ds, id);
    expect(done).toMatchObject({ status: 'SUCCESSED', total_sample_count: 1, version_id: versionId });
    const xml = readFileSync(engine.ctx.store.parse(`${done.output_path!}v1.xml`).fsPath, 'utf8');
    expect(xml).toContain('<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>20</xmax><ymax>20</ymax></bndbox>');
  });
});
