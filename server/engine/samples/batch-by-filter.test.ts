import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabels } from '../labels/service.js';
import { taskRow, waitFor } from '../tasks/test-kit.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { insertSamples, readCounters, recount } from './repository.js';
import { searchTuning } from './search-pages.js';
import { addImageSamples, createTestDataset, newSample } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

/**
 * A classification dataset of 30 samples in two folders: i % 3 == 0 → cat, i % 3 == 1 → cat + dog,
 * i % 3 == 2 unlabeled; samples 0–4 are auto-labeled (to be confirmed).
 */
async function seeded() {
  const ds = await createTestDataset(engine.ctx);
  createLabels(engine.ctx, ds, 0, [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }]);
  const samples = Array.from({ length: 30 }, (_, i) => ({
    ...newSample(`/bucket/${i < 15 ? 'one' : 'two'}/img-${String(i).padStart(2, '0')}.jpg`, i % 3 === 0 ? ['cat'] : i % 3 === 1 ? ['cat', 'dog'] : []),
    final: i >= 5,
  }));
  insertSamples(engine.ctx, ds, samples);
  return ds;
}

const post = (ds: string, body: unknown) => engine.call('POST', `/datasets/${ds}/data-annotations/samples/batch-by-filter`, body);
/** Posts a batch, waits for its task in the task center, and answers the task's `{ matched, changed }`. */
async function batch(ds: string, body: unknown) {
  const res = await post(ds, body);
  expect(res.statusCode).toBe(200);
  const { task_id, matched } = res.json();
  await waitFor(() => taskRow(engine.ctx, task_id).end_time !== null, 'the batch task');
  const task = (await engine.call('GET', `/task-center/tasks/${task_id}`)).json();
  expect(task).toMatchObject({ kind: 'batch', phase: 'succeeded', status: 'COMPLETED', progress: 100 });
  expect(task.result.matched).toBe(matched);
  return { matched: task.result.matched, changed: task.result.changed };
}
const list = async (ds: string, query: string) => (await engine.call('GET', `/datasets/${ds}/data-annotations/samples?limit=100&${query}`)).json();
const inDir = (dir: string) => [{ sample_dir: dir }];
const exact = (ds: string) => expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));

describe('batch-by-filter (local extension)', () => {
  it('add_labels: every matching sample gets the label once; auto-labeled ones are confirmed', async () => {
    const ds = await seeded();
    const res = await batch(ds, { search_conditions: inDir('/bucket/one/'), action: 'add_labels', labels: [{ name: 'bird' }], expected_count: 15 });
    expect(res).toEqual({ matched: 15, changed: 15 });
    expect((await list(ds, 'label_name=bird')).sample_count).toBe(15);
    // Again: nothing left to change.
    expect(await batch(ds, { search_conditions: inDir('/bucket/one/'), action: 'add_labels', labels: [{ name: 'bird' }] })).toEqual({ matched: 15, changed: 0 });
    const stats = (await engine.call('GET', `/datasets/${ds}/data-annotations/stats`)).json();
    expect(stats.sample_stats).toMatchObject({ total: 30, auto_annotation: 0, un_annotation: 5, manual_annotation: 25 });
    exact(ds);
  });

  it('remove_labels: by name, within the filter; samples left without labels become unlabeled', async () => {
    const ds = await seeded();
    const res = await batch(ds, { label_name: 'dog', action: 'remove_labels', labels: [{ name: 'cat' }, { name: 'dog' }] });
    expect(res).toEqual({ matched: 10, changed: 10 });
    expect((await list(ds, 'label_name=dog')).sample_count).toBe(0);
    expect((await list(ds, 'label_name=cat')).sample_count).toBe(10);
    expect((await list(ds, 'sample_state=__NONE__')).sample_count).toBe(20);
    exact(ds);
  });

  it('set_labels: the complete list, on the samples in a state; an empty list unlabels them', async () => {
    const ds = await seeded();
    expect(await batch(ds, { sample_state: '__NONE__', action: 'set_labels', labels: [{ name: 'bird' }] })).toEqual({ matched: 10, changed: 10 });
    expect((await list(ds, 'label_name=bird')).sample_count).toBe(10);
    expect(await batch(ds, { sample_state: '__AUTO_ANNOTATION__', action: 'set_labels', labels: [] })).toEqual({ matched: 4, changed: 4 });
    expect((await list(ds, 'sample_state=__AUTO_ANNOTATION__')).sample_count).toBe(0);
    exact(ds);
  });

  it('delete: removes every matching sample, and its files with delete_source', async () => {
    const ds = await seeded();
    const res = await batch(ds, { search_conditions: [{ sample_name: 'img-1' }], action: 'delete' });
    expect(res).toEqual({ matched: 10, changed: 10 });
    expect((await list(ds, '')).sample_count).toBe(20);
    const withFiles = await createTestDataset(engine.ctx);
    await addImageSamples(engine.ctx, withFiles, [{ path: '/bucket/del/a.png', labels: ['cat'] }, { path: '/bucket/del/b.png' }]);
    expect(await batch(withFiles, { label_name: 'cat', action: 'delete', delete_source: true })).toEqual({ matched: 1, changed: 1 });
    expect(existsSync(engine.ctx.store.parse('/bucket/del/a.png').fsPath)).toBe(false);
    expect(existsSync(engine.ctx.store.parse('/bucket/del/b.png').fsPath)).toBe(true);
    exact(ds);
    exact(withFiles);
  });

  it('applies to every match beyond any page, also when matches are read through the index in order', async () => {
    const ds = await seeded();
    searchTuning.listMax = 0;
    try {
      expect(await batch(ds, { search_conditions: [{ sample_name: 'IMG' }], action: 'add_labels', labels: [{ name: 'bird' }] })).toEqual({ matched: 30, changed: 30 });
    } finally {
      searchTuning.listMax = 100_000;
    }
    exact(ds);
  });

  it('refuses with 4396 when the filter no longer matches the confirmed count, changing nothing', async () => {
    const ds = await seeded();
    const res = await post(ds, { label_name: 'cat', action: 'delete', expected_count: 19 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4396');
    expect(res.json().error_msg).toContain('20');
    expect((await list(ds, '')).sample_count).toBe(30);
    // Nothing was queued.
    expect((await engine.call('GET', `/task-center/tasks?kind=batch&dataset_id=${ds}`)).json().total_count).toBe(0);
  });

  it.each([
    [{ action: 'add_labels', labels: [{ name: 'whale' }] }, 'ModelArts.4410'],
    [{ action: 'add_labels' }, 'ModelArts.0101'],
    [{ action: 'rename' }, 'ModelArts.0101'],
    [{ action: 'delete', search_conditions: [{ sample_time: '20240101-20240301' }] }, 'ModelArts.0101'],
    [{ action: 'delete', sample_state: '__SOMETHING__' }, 'ModelArts.0101'],
  ])('refuses %j with %s', async (body, code) => {
    const ds = await seeded();
    const res = await post(ds, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe(code);
    expect((await list(ds, '')).sample_count).toBe(30);
  });
});
