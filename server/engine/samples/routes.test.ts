import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestEngine, TEST_PROJECT, type TestEngine } from '../test-utils.js';
import { insertSamples, recount } from './repository.js';
import { addImageSamples, createTestDataset, newSample } from './test-fixtures.js';

let engine: TestEngine;
let ds: string;
/** Sample ids in insertion order: 0–4 cat, 5–7 cat+dog, 8–9 dog, 10–14 unlabeled. */
let ids: string[];

beforeAll(async () => {
  engine = await makeTestEngine();
  ds = await createTestDataset(engine.ctx, { type: 1 });
  const labelsFor = (i: number) => (i < 5 ? ['cat'] : i < 8 ? ['cat', 'dog'] : i < 10 ? ['dog'] : []);
  ids = await addImageSamples(
    engine.ctx,
    ds,
    Array.from({ length: 15 }, (_, i) => ({ path: `/bucket/input/img-${String(i).padStart(2, '0')}.png`, labels: labelsFor(i) })),
  );
});
afterAll(() => engine.close());

const samplesUrl = (query = '') => `/datasets/${ds}/data-annotations/samples${query ? `?${query}` : ''}`;
async function list(query = '') {
  const res = await engine.call('GET', samplesUrl(query));
  expect(res.statusCode).toBe(200);
  return res.json() as { sample_count: number; samples: { sample_id: string; sample_status: string; source: string; labels: { name: string }[] }[] };
}
const idsOf = (body: { samples: { sample_id: string }[] }) => body.samples.map((s) => s.sample_id);

describe('S1 list samples', () => {
  it('lists the newest 10 by default, with the total as sample_count', async () => {
    const body = await list();
    expect(body.sample_count).toBe(15);
    expect(idsOf(body)).toEqual([...ids].reverse().slice(0, 10));
    const first = body.samples[0];
    expect(first).toMatchObject({ sample_name: 'img-14.png', sample_dir: '/bucket/input/', sample_type: 0, sample_status: 'UN_ANNOTATION', labels: [] });
    expect(first.source).toMatch(new RegExp(`^/v2/${TEST_PROJECT}/storage/files/bucket/input/img-14\\.png\\?expires=\\d+&signature=[0-9a-f]{64}$`));
  });

  it('treats offset as a page index, in either order, up to the last page and past it', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const expected = order === 'asc' ? ids : [...ids].reverse();
      const pages: string[] = [];
      for (let page = 0; page < 4; page++) pages.push(...idsOf(await list(`order=${order}&limit=4&offset=${page}`)));
      expect(pages).toEqual(expected);
      expect((await list(`order=${order}&limit=4&offset=4`)).samples).toEqual([]);
    }
  });

  it.each(['limit=0', 'limit=101', 'offset=-1', 'limit=abc', 'order=up', 'sample_state=__BOGUS__', 'process_parameter=image/rotate,90'])(
    'rejects %s with 400 ModelArts.0101',
    async (query) => {
      const res = await engine.call('GET', samplesUrl(query));
      expect(res.statusCode).toBe(400);
      expect(res.json().error_code).toBe('ModelArts.0101');
    },
  );

  it('accepts limit 100', async () => {
    expect((await list('limit=100')).samples).toHaveLength(15);
  });

  it('filters by sample_state: __ALL__ labeled, __NONE__ unlabeled, __AUTO_ANNOTATION__; team states are empty', async () => {
    expect(await list('sample_state=__ALL__&limit=100')).toMatchObject({ sample_count: 10 });
    expect(idsOf(await list('sample_state=__ALL__&limit=3&offset=3&order=asc'))).toEqual([ids[9]]);
    expect(idsOf(await list('sample_state=__NONE__&limit=100&order=asc'))).toEqual(ids.slice(10));
    expect(await list('sample_state=__AUTO_ANNOTATION__')).toEqual({ sample_count: 0, samples: [] });
    expect(await list('sample_state=__UNCHECK__')).toEqual({ sample_count: 0, samples: [] });
  });

  it('filters by label_name and label_type, alone and with a state, paging through them', async () => {
    const cat = await list('label_name=cat&limit=100&order=asc');
    expect(cat.sample_count).toBe(8);
    expect(idsOf(cat)).toEqual(ids.slice(0, 8));
    const dogPages = [...idsOf(await list('label_name=dog&limit=3&order=asc')), ...idsOf(await list('label_name=dog&limit=3&offset=1&order=asc'))];
    expect(dogPages).toEqual(ids.slice(5, 10));
    expect((await list('label_name=dog&label_type=1')).sample_count).toBe(5);
    expect(await list('label_name=dog&label_type=0')).toEqual({ sample_count: 0, samples: [] });
    expect(await list('label_name=nobody')).toEqual({ sample_count: 0, samples: [] });
    expect(await list('label_name=cat&sample_state=__NONE__')).toEqual({ sample_count: 0, samples: [] });
    const labeledDogs = await list('label_name=dog&sample_state=__ALL__&limit=2&offset=2');
    expect(labeledDogs.sample_count).toBe(5);
    expect(idsOf(labeledDogs)).toEqual([ids[5]]);
    const anyType1 = await list('label_type=1&limit=100');
    expect(anyType1.sample_count).toBe(10);
    expect(idsOf(anyType1)).toEqual(ids.slice(0, 10).reverse());
  });

  it('combines a label with a state when labeled samples are in both states (counted with an index)', async () => {
    const mixed = await createTestDataset(engine.ctx);
    const mixedIds = await addImageSamples(
      engine.ctx,
      mixed,
      Array.from({ length: 9 }, (_, i) => ({ path: `/bucket/mixed/${i}.png`, labels: i % 2 === 0 ? ['cat'] : ['cat', 'dog'] })),
    );
    // Auto-labeling (a later task type) leaves samples in AUTO_ANNOTATION; stand in for it here.
    engine.ctx.sqlite.prepare("UPDATE samples SET status = 'AUTO_ANNOTATION' WHERE dataset_id = ? AND name IN ('0.png', '3.png', '4.png')").run(mixed);
    recount(engine.ctx, mixed, { repair: true });
    const url = (q: string) => `/datasets/${mixed}/data-annotations/samples?${q}`;
    const page = async (q: string) => (await engine.call('GET', url(q))).json();
    const manualCats = [1, 2, 5, 6, 7, 8].map((i) => mixedIds[i]);
    const pages: string[] = [];
    for (let p = 0; p < 3; p++) pages.push(...idsOf(await page(`label_name=cat&sample_state=__ALL__&order=asc&limit=2&offset=${p}`)));
    expect(pages).toEqual(manualCats);
    expect((await page('label_name=cat&sample_state=__ALL__')).sample_count).toBe(6);
    const autoDogs = await page('label_name=dog&sample_state=__AUTO_ANNOTATION__');
    expect(autoDogs.sample_count).toBe(1);
    expect(idsOf(autoDogs)).toEqual([mixedIds[3]]);
    expect((await page('label_type=0&sample_state=__AUTO_ANNOTATION__&limit=100')).sample_count).toBe(3);
    expect(await page('label_name=cat&sample_state=__NONE__')).toEqual({ sample_count: 0, samples: [] });
  });

  it('returns an empty page for a sample_type the dataset does not hold', async () => {
    expect(await list('sample_type=1')).toEqual({ sample_count: 0, samples: [] });
    expect((await list('sample_type=0')).sample_count).toBe(15);
  });

  it('signs thumbnails when process_parameter is given', async () => {
    const body = await list('process_parameter=image/resize,m_lfit,h_200&limit=1');
    expect(body.samples[0].source).toContain('x-image-process=image%2Fresize%2Cm_lfit%2Ch_200');
  });

  it('filters by search_conditions, and refuses conditions that are not JSON or not conditions', async () => {
    const byName = await list(`search_conditions=${encodeURIComponent('[{"sample_name":"IMG-0"}]')}&order=asc&limit=100`);
    expect(byName.sample_count).toBe(10);
    expect(idsOf(byName)).toEqual(ids.slice(0, 10));
    for (const bad of ['[{"sample_name":', '[{"sample_time":"yesterday"}]', '[{"label_list":{"op":"XOR","labels":[{"name":"cat"}]}}]']) {
      const res = await engine.call('GET', samplesUrl(`search_conditions=${encodeURIComponent(bad)}`));
      expect(res.statusCode).toBe(400);
      expect(res.json().error_code).toBe('ModelArts.0101');
    }
  });
});

describe('S5 sample detail', () => {
  it('describes one sample with its labels', async () => {
    const res = await engine.call('GET', `/datasets/${ds}/data-annotations/samples/${ids[6]}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      sample_id: ids[6],
      sample_name: 'img-06.png',
      sample_status: 'MANUAL_ANNOTATION',
      labels: [
        { name: 'cat', type: 1 },
        { name: 'dog', type: 1 },
      ],
      metadata: {},
    });
  });

  it('answers 4420 for a sample that is not in the dataset', async () => {
    const res = await engine.call('GET', `/datasets/${ds}/data-annotations/samples/${'0'.repeat(32)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4420');
  });
});

describe('D6 statistics', () => {
  it('reports label and sample statistics from the counters', async () => {
    const res = await engine.call('GET', `/datasets/${ds}/data-annotations/stats`);
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(stats.sample_stats).toEqual({ all: 15, total: 15, un_annotation: 5, manual_annotation: 10, auto_annotation: 0, deleted: 0 });
    expect(stats.key_sample_stats).toEqual({ total: 15, key_sample: 0, non_key_sample: 15 });
    expect(stats.label_stats.map((l: { name: string; sample_count: number; count: number }) => [l.name, l.sample_count, l.count])).toEqual([
      ['cat', 8, 8],
      ['dog', 5, 5],
    ]);
    expect(Object.keys(stats.grouped_label_stats)).toEqual(['1']);
    expect(stats.grouped_label_stats['1']).toHaveLength(2);
    expect(stats).toMatchObject({ hard_detail_stats: {}, metadata_stats: {}, data_path: '/bucket/input/', data_spliting_enable: true });
  });

  it('counts hard examples as key samples', async () => {
    const other = await createTestDataset(engine.ctx);
    insertSamples(engine.ctx, other, [newSample('/bucket/h/a.jpg', ['x'], { '@modelarts:hard': 1 }), newSample('/bucket/h/b.jpg')]);
    const stats = (await engine.call('GET', `/datasets/${other}/data-annotations/stats`)).json();
    expect(stats.key_sample_stats).toEqual({ total: 2, key_sample: 1, non_key_sample: 1 });
  });
});

describe('S4 delete samples', () => {
  it('deletes samples, keeps files by default and reports missing ids per item', async () => {
    const own = await createTestDataset(engine.ctx);
    const [a, b] = await addImageSamples(engine.ctx, own, [{ path: '/bucket/s4/a.png', labels: ['cat'] }, { path: '/bucket/s4/b.png' }]);
    const missing = 'e'.repeat(32);
    const res = await engine.call('POST', `/datasets/${own}/data-annotations/samples/delete`, { samples: [a, missing] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: false, error_code: 'ModelArts.4420', results: [{ success: true }, { success: false, error_code: 'ModelArts.4420' }] });
    expect(existsSync(engine.ctx.store.parse('/bucket/s4/a.png').fsPath)).toBe(true);
    expect((await engine.call('GET', `/datasets/${own}/data-annotations/samples/${a}`)).json().error_code).toBe('ModelArts.4420');

    const withSource = await engine.call('POST', `/datasets/${own}/data-annotations/samples/delete`, { samples: [b], delete_source: true });
    expect(withSource.json()).toEqual({ success: true, results: [{ success: true }] });
    expect(existsSync(engine.ctx.store.parse('/bucket/s4/b.png').fsPath)).toBe(false);
    const stats = (await engine.call('GET', `/datasets/${own}/data-annotations/stats`)).json();
    expect(stats.sample_stats.total).toBe(0);
    expect(stats.label_stats[0]).toMatchObject({ name: 'cat', sample_count: 0, count: 0 });
  });

  it.each([{}, { samples: [] }, { samples: 'abc' }, { samples: ['a'], delete_source: 'yes' }])('rejects the body %j with 400 ModelArts.0101', async (body) => {
    const res = await engine.call('POST', `/datasets/${ds}/data-annotations/samples/delete`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.0101');
  });
});

describe('a dataset that does not exist', () => {
  it.each([
    ['GET', '/data-annotations/samples', undefined],
    ['GET', `/data-annotations/samples/${'0'.repeat(32)}`, undefined],
    ['POST', '/data-annotations/samples/delete', { samples: ['0'.repeat(32)] }],
    ['GET', '/data-annotations/stats', undefined],
  ])('%s %s answers 400 ModelArts.4352', async (method, path, body) => {
    const res = await engine.call(method, `/datasets/NoSuchDataset000000${path}`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error_code: 'ModelArts.4352', error_msg: expect.stringContaining('NoSuchDataset000000') });
  });
});
