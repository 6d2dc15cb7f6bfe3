import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { addImageSamples, createTestDataset } from '../samples/test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const labelsUrl = (ds: string, rest = '') => `/datasets/${ds}/data-annotations/labels${rest}`;
const names = async (ds: string) => (await engine.call('GET', labelsUrl(ds))).json().labels.map((l: { name: string }) => l.name);
const exists = (objectPath: string) => existsSync(engine.ctx.store.parse(objectPath).fsPath);

describe('L1 list labels', () => {
  it('lists labels with their counts, paged with offset as a page index', async () => {
    const ds = await createTestDataset(engine.ctx);
    await addImageSamples(engine.ctx, ds, [{ path: '/bucket/l1/a.png', labels: ['a', 'b', 'b'] }, { path: '/bucket/l1/b.png', labels: ['b', 'c'] }]);
    const all = (await engine.call('GET', labelsUrl(ds))).json();
    expect(all.total_number).toBe(3);
    expect(all.labels.map((l: { name: string; sample_count: number; count: number }) => [l.name, l.sample_count, l.count])).toEqual([
      ['a', 1, 1],
      ['b', 2, 3],
      ['c', 1, 1],
    ]);
    const page = (await engine.call('GET', labelsUrl(ds, '?limit=2&offset=1'))).json();
    expect(page).toMatchObject({ total_number: 3, labels: [{ name: 'c' }] });
    const bad = await engine.call('GET', labelsUrl(ds, '?limit=0'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error_code).toBe('ModelArts.0101');
  });
});

describe('L2 create labels', () => {
  it('accepts the API example verbatim', async () => {
    const ds = await createTestDataset(engine.ctx, { type: 1 });
    const body = { labels: [{ name: 'Cat', property: { '@modelarts:color': '#3399ff', '@modelarts:default_shape': 'bndbox' } }] };
    const res = await engine.call('POST', labelsUrl(ds), body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, results: [{ success: true }] });
    expect((await engine.call('GET', labelsUrl(ds))).json().labels).toEqual([
      { name: 'Cat', type: 1, property: { '@modelarts:color': '#3399ff', '@modelarts:default_shape': 'bndbox' }, count: 0, sample_count: 0 },
    ]);
  });

  it.each([
    ['4411', [{ name: 'Cat' }]],
    ['4412', [{ name: 'Dog', property: { '@modelarts:shortcut': 'C' } }]],
    ['4413', [{ name: 'Dog', type: 100 }]],
  ])('answers 400 ModelArts.%s with the batch body', async (code, labels) => {
    const ds = await createTestDataset(engine.ctx);
    await engine.call('POST', labelsUrl(ds), { labels: [{ name: 'Cat', property: { '@modelarts:shortcut': 'C' } }] });
    const res = await engine.call('POST', labelsUrl(ds), { labels });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, error_code: `ModelArts.${code}`, error_msg: expect.any(String), results: [{ success: false, error_code: `ModelArts.${code}` }] });
    expect(await names(ds)).toEqual(['Cat']);
  });

  it.each([{}, { labels: [] }, { labels: [{ name: '' }] }, { labels: [{ name: ' padded ' }] }, { labels: [{ name: 'x', type: 7 }] }, { labels: [{ name: 'x', property: { '@modelarts:color': 'red' } }] }])(
    'rejects %j with 400 ModelArts.0101',
    async (body) => {
      const ds = await createTestDataset(engine.ctx);
      const res = await engine.call('POST', labelsUrl(ds), body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error_code).toBe('ModelArts.0101');
    },
  );
});

describe('L3 update labels', () => {
  it('renames through rename_to, and the samples follow', async () => {
    const ds = await createTestDataset(engine.ctx);
    const [a] = await addImageSamples(engine.ctx, ds, [{ path: '/bucket/l3/a.png', labels: ['cat'] }]);
    const res = await engine.call('PUT', labelsUrl(ds), { labels: [{ name: 'cat', property: { '@modelarts:rename_to': 'kitty' } }] });
    expect(res.json()).toEqual({ success: true, results: [{ success: true }] });
    expect((await engine.call('GET', `/datasets/${ds}/data-annotations/samples/${a}`)).json().labels).toMatchObject([{ name: 'kitty' }]);
    const filtered = (await engine.call('GET', `/datasets/${ds}/data-annotations/samples?label_name=kitty`)).json();
    expect(filtered.sample_count).toBe(1);
    const unknown = await engine.call('PUT', labelsUrl(ds), { labels: [{ name: 'cat' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error_code).toBe('ModelArts.4410');
  });
});

describe('L4 delete labels', () => {
  it('deletes with the delete_policy query, and rejects unknown labels and policies', async () => {
    const ds = await createTestDataset(engine.ctx);
    await addImageSamples(engine.ctx, ds, [{ path: '/bucket/l4/a.png', labels: ['cat'] }, { path: '/bucket/l4/b.png', labels: ['dog'] }]);
    const unknown = await engine.call('POST', labelsUrl(ds, '/delete?delete_policy=1'), { labels: [{ name: 'cat' }, { name: 'owl' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error_code).toBe('ModelArts.4410');
    const badPolicy = await engine.call('POST', labelsUrl(ds, '/delete?delete_policy=3'), { labels: [{ name: 'cat' }] });
    expect(badPolicy.json().error_code).toBe('ModelArts.0101');
    const res = await engine.call('POST', labelsUrl(ds, '/delete?delete_policy=2'), { labels: [{ name: 'cat' }] });
    expect(res.json()).toEqual({ success: true, results: [{ success: true }] });
    expect(exists('/bucket/l4/a.png')).toBe(false);
    expect(await names(ds)).toEqual(['dog']);
    const policy0 = await engine.call('POST', labelsUrl(ds, '/delete'), { labels: [{ name: 'dog' }] });
    expect(policy0.statusCode).toBe(200);
    expect((await engine.call('GET', `/datasets/${ds}/data-annotations/samples`)).json()).toMatchObject({ sample_count: 1, samples: [{ labels: [], sample_status: 'UN_ANNOTATION' }] });
  });
});

// Names that must survive URL encoding in paths and queries.
const UNICODE_NAMES = ['猫 cat', 'a%b', 'ümlaut', '🐱 emoji', 'a/b?c#d'];

describe('L5 / L6 / delete-impact on one label, by URL-encoded name', () => {
  it.each(UNICODE_NAMES)('handles %s', async (name) => {
    const ds = await createTestDataset(engine.ctx);
    const dir = `/bucket/l56-${Buffer.from(name).toString('hex')}`;
    await addImageSamples(engine.ctx, ds, [{ path: `${dir}/a.png`, labels: [name] }, { path: `${dir}/b.png`, labels: [name, 'other'] }]);
    const one = labelsUrl(ds, `/${encodeURIComponent(name)}`);

    const put = await engine.call('PUT', `${one}?label_type=0`, { '@modelarts:color': '#93c47d', '@modelarts:shortcut': 'Q' });
    expect(put.statusCode).toBe(204);
    const label = (await engine.call('GET', labelsUrl(ds))).json().labels.find((l: { name: string }) => l.name === name);
    expect(label.property).toMatchObject({ '@modelarts:color': '#93c47d', '@modelarts:shortcut': 'Q' });

    const impact = await engine.call('GET', labelsUrl(ds, `/delete-impact?label_name=${encodeURIComponent(name)}`));
    expect(impact.json()).toEqual({ sample_count: 2, exclusive_sample_count: 1, file_count: 1 });

    const del = await engine.call('DELETE', `${one}?delete_source=false&label_type=0`);
    expect(del.statusCode).toBe(204);
    expect(await names(ds)).toEqual(['other']);
    expect(exists(`${dir}/a.png`)).toBe(true);
    expect((await engine.call('GET', `/datasets/${ds}/data-annotations/samples`)).json().sample_count).toBe(1);
  });

  it('renames through L5, deletes files through L6 with delete_source=true, and answers 4410', async () => {
    const ds = await createTestDataset(engine.ctx);
    await addImageSamples(engine.ctx, ds, [{ path: '/bucket/l6/a.png', labels: ['猫 cat'] }]);
    const renamed = await engine.call('PUT', labelsUrl(ds, `/${encodeURIComponent('猫 cat')}`), { '@modelarts:rename_to': 'ümlaut' });
    expect(renamed.statusCode).toBe(204);
    expect(await names(ds)).toEqual(['ümlaut']);
    const wrongType = await engine.call('DELETE', labelsUrl(ds, `/${encodeURIComponent('ümlaut')}?label_type=1`));
    expect(wrongType.json().error_code).toBe('ModelArts.4410');
    const gone = await engine.call('PUT', labelsUrl(ds, `/${encodeURIComponent('猫 cat')}`), {});
    expect(gone.statusCode).toBe(400);
    expect(gone.json().error_code).toBe('ModelArts.4410');
    const del = await engine.call('DELETE', labelsUrl(ds, `/${encodeURIComponent('ümlaut')}?delete_source=true`));
    expect(del.statusCode).toBe(204);
    expect(exists('/bucket/l6/a.png')).toBe(false);
    expect((await engine.call('GET', `/datasets/${ds}/data-annotations/stats`)).json().sample_stats.total).toBe(0);
  });

  it('answers delete-impact for several labels, and 4410 for an unknown one', async () => {
    const ds = await createTestDataset(engine.ctx);
    await addImageSamples(engine.ctx, ds, [{ path: '/bucket/imp/a.png', labels: ['a', 'b'] }, { path: '/bucket/imp/b.png', labels: ['b', 'c'] }]);
    expect((await engine.call('GET', labelsUrl(ds, '/delete-impact?label_name=a&label_name=b'))).json()).toEqual({ sample_count: 2, exclusive_sample_count: 1, file_count: 1 });
    expect((await engine.call('GET', labelsUrl(ds, '/delete-impact?label_name=zzz'))).json().error_code).toBe('ModelArts.4410');
  });

  it('marks delete-impact as a local extension in the OpenAPI document', async () => {
    const doc = (await engine.app.inject({ method: 'GET', url: '/v2/openapi.json' })).json();
    const op = doc.paths['/v2/{project_id}/datasets/{dataset_id}/data-annotations/labels/delete-impact'].get;
    expect(op.tags).toContain('local-extension');
  });
});

describe('a dataset that does not exist', () => {
  it.each([
    ['GET', '', undefined],
    ['POST', '', { labels: [{ name: 'x' }] }],
    ['PUT', '', { labels: [{ name: 'x' }] }],
    ['POST', '/delete?delete_policy=0', { labels: [{ name: 'x' }] }],
    ['PUT', '/x', {}],
    ['DELETE', '/x', undefined],
    ['GET', '/delete-impact?label_name=x', undefined],
  ])('%s labels%s answers 400 ModelArts.4352', async (method, rest, body) => {
    const res = await engine.call(method, labelsUrl('NoSuchDataset000000', rest), body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4352');
  });
});
