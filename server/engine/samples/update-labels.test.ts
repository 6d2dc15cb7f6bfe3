import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabels } from '../labels/service.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { insertSamples, readCounters, recount } from './repository.js';
import { createTestDataset, newSample } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const SIZE = { '@modelarts:size': [100, 80, 3] };
const box = (name: string, x1: number, y1: number, x2: number, y2: number) => ({
  name,
  property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[x1, y1], [x2, y2]] },
});

/** A detection dataset: a (car), b (car, person), c (unlabeled), d (car, auto-labeled to be confirmed). */
async function seeded() {
  const ds = await createTestDataset(engine.ctx, { type: 1 });
  createLabels(engine.ctx, ds, 1, [{ name: 'car' }, { name: 'person' }, { name: 'dog' }]);
  const a = newSample('/bucket/s3/a.jpg', [box('car', 1, 1, 10, 10)], { ...SIZE });
  const b = newSample('/bucket/s3/b.jpg', [box('car', 1, 1, 10, 10), box('person', 5, 5, 50, 50)], { ...SIZE, '@modelarts:hard': 1 });
  const c = newSample('/bucket/s3/c.jpg', [], { ...SIZE });
  const d = { ...newSample('/bucket/s3/d.jpg', [{ ...box('car', 2, 2, 9, 9), score: 0.7 }], { ...SIZE }), final: false };
  insertSamples(engine.ctx, ds, [a, b, c, d]);
  return { ds, a: a.id, b: b.id, c: c.id, d: d.id };
}

const put = (ds: string, body: unknown) => engine.call('PUT', `/datasets/${ds}/data-annotations/samples`, body);
const sampleOf = async (ds: string, id: string) => (await engine.call('GET', `/datasets/${ds}/data-annotations/samples/${id}`)).json();
const stats = async (ds: string) => (await engine.call('GET', `/datasets/${ds}/data-annotations/stats`)).json();
const labelCounts = async (ds: string) =>
  Object.fromEntries((await stats(ds)).label_stats.map((l: { name: string; sample_count: number; count: number }) => [l.name, [l.sample_count, l.count]]));

describe('S3 batch update of sample labels', () => {
  it('replaces label lists, removes all labels when none are given, confirms auto-labeled samples, with exact counters', async () => {
    const { ds, a, b, c, d } = await seeded();
    const res = await put(ds, {
      email: 'ann@example.com',
      samples: [
        { sample_id: a, labels: [box('person', 0, 0, 100, 80), box('person', 3, 3, 4, 4)], sample_usage: 'TRAIN' },
        { sample_id: b },
        { sample_id: c, labels: [box('dog', 10, 10, 20, 20)], metadata: { weather: 'rain' } },
        { sample_id: d, labels: [{ ...box('car', 2, 2, 9, 9), score: 0.7 }] },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, results: [{ success: true }, { success: true }, { success: true }, { success: true }] });

    expect(await sampleOf(ds, a)).toMatchObject({
      sample_status: 'MANUAL_ANNOTATION',
      sample_usage: 'TRAIN',
      labels: [
        { name: 'person', type: 1 },
        { name: 'person', type: 1 },
      ],
      labelers: [{ email: 'ann@example.com' }],
    });
    const removed = await sampleOf(ds, b);
    expect(removed).toMatchObject({ sample_status: 'UN_ANNOTATION', labels: [], metadata: { '@modelarts:hard': 1 } });
    expect(removed.labelers).toBeUndefined();
    expect(await sampleOf(ds, c)).toMatchObject({ sample_status: 'MANUAL_ANNOTATION', metadata: { ...SIZE, weather: 'rain' } });
    expect(await sampleOf(ds, d)).toMatchObject({ sample_status: 'MANUAL_ANNOTATION', labels: [{ name: 'car', score: 0.7 }] });

    expect((await stats(ds)).sample_stats).toMatchObject({ total: 4, un_annotation: 1, manual_annotation: 3, auto_annotation: 0 });
    expect(await labelCounts(ds)).toEqual({ car: [1, 1], person: [1, 2], dog: [1, 1] });
    expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
  });

  it('merges metadata (null removes a key) and moves the key-sample counter with the hard flag', async () => {
    const { ds, a, b } = await seeded();
    expect((await stats(ds)).key_sample_stats.key_sample).toBe(1);
    await put(ds, {
      samples: [
        { sample_id: a, labels: [box('car', 1, 1, 10, 10)], metadata: { '@modelarts:hard': '1' } },
        { sample_id: b, labels: [box('car', 1, 1, 10, 10)], metadata: { '@modelarts:hard': null } },
      ],
    });
    expect((await sampleOf(ds, b)).metadata).toEqual(SIZE);
    expect((await sampleOf(ds, a)).labelers).toEqual([{ email: 'human' }]);
    expect((await stats(ds)).key_sample_stats.key_sample).toBe(1);
    expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
  });

  it.each([
    ['an unknown label', (ids: Record<string, string>) => [{ sample_id: ids.a, labels: [] }, { sample_id: ids.b, labels: [box('bus', 1, 1, 2, 2)] }], 'ModelArts.4410'],
    ['an unknown sample', (ids: Record<string, string>) => [{ sample_id: ids.a, labels: [] }, { sample_id: 'f'.repeat(32), labels: [] }], 'ModelArts.4420'],
    ['a box outside the image', (ids: Record<string, string>) => [{ sample_id: ids.a, labels: [] }, { sample_id: ids.b, labels: [box('car', 1, 1, 200, 2)] }], 'ModelArts.0107'],
    ['a sample given twice', (ids: Record<string, string>) => [{ sample_id: ids.a, labels: [] }, { sample_id: ids.a }], 'ModelArts.0101'],
  ])('refuses %s with 400 and changes nothing', async (_what, samples, code) => {
    const seed = await seeded();
    const before = await engine.call('GET', `/datasets/${seed.ds}/data-annotations/samples?limit=100`);
    const beforeCounters = readCounters(engine.ctx, seed.ds);
    const res = await put(seed.ds, { samples: samples(seed) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe(code);
    const after = await engine.call('GET', `/datasets/${seed.ds}/data-annotations/samples?limit=100`);
    const strip = (body: string) => JSON.parse(body).samples.map((s: { source?: string }) => ({ ...s, source: undefined }));
    expect(strip(after.body)).toEqual(strip(before.body));
    expect(readCounters(engine.ctx, seed.ds)).toEqual(beforeCounters);
  });
});

describe('S6 search facets', () => {
  it('lists the labels, the labelers and the metadata values samples carry', async () => {
    const { ds, a, c } = await seeded();
    await put(ds, { email: 'ann@example.com', samples: [{ sample_id: a, labels: [box('car', 1, 1, 3, 3)], metadata: { '@modelarts:import_origin': 'obs' } }] });
    await put(ds, { samples: [{ sample_id: c, labels: [box('dog', 1, 1, 3, 3)], metadata: { '@modelarts:import_origin': 'dws', note: 'x' } }] });
    const res = await engine.call('GET', `/datasets/${ds}/data-annotations/search-condition`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.labels.map((l: { name: string; type: number }) => [l.name, l.type])).toEqual([
      ['car', 1],
      ['person', 1],
      ['dog', 1],
    ]);
    expect(body.labelers).toEqual(['human/ann@example.com', 'human']);
    expect(body.metadata).toEqual({ '@modelarts:hard': ['1'], '@modelarts:import_origin': ['dws', 'obs'], note: ['x'] });

    // What S6 lists, S1 finds.
    const q = encodeURIComponent(JSON.stringify([{ labeler: 'human/ann@example.com', metadata: { props: { '@modelarts:import_origin': ['obs'] } } }]));
    const found = (await engine.call('GET', `/datasets/${ds}/data-annotations/samples?search_conditions=${q}`)).json();
    expect(found.samples.map((s: { sample_id: string }) => s.sample_id)).toEqual([a]);
  });

  it('lists metadata keys that look like object internals as plain keys', async () => {
    const { ds, a } = await seeded();
    const metadata = { constructor: 'y', toString: 'z' } as Record<string, unknown>;
    expect((await put(ds, { samples: [{ sample_id: a, labels: [box('car', 1, 1, 3, 3)], metadata }] })).statusCode).toBe(200);
    const res = await engine.call('GET', `/datasets/${ds}/data-annotations/search-condition`);
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata).toMatchObject({ constructor: ['y'], toString: ['z'] });
  });

  it('answers 4352 for a dataset that does not exist', async () => {
    const res = await engine.call('GET', '/datasets/NoSuchDataset000000/data-annotations/search-condition');
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4352');
  });
});
