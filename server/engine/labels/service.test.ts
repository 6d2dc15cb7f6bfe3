import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { readCounters } from '../samples/counters.js';
import { describeSample } from '../samples/queries.js';
import { recount } from '../samples/repository.js';
import { addImageSamples, createTestDataset } from '../samples/test-fixtures.js';
import { createLabels, deleteLabels, labelDeleteImpact, listLabels, updateLabels } from './service.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const ctx = () => engine.ctx;
const codes = (body: { results?: { error_code?: string }[] }) => body.results?.map((r) => r.error_code);
const exists = (objectPath: string) => existsSync(ctx().store.parse(objectPath).fsPath);
const expectExactCounters = (ds: string) => expect(readCounters(ctx(), ds)).toEqual(recount(ctx(), ds));

describe('createLabels', () => {
  it('accepts the API example verbatim and assigns colours to labels without one', async () => {
    const ds = await createTestDataset(ctx(), { type: 1 });
    const body = createLabels(ctx(), ds, 1, [
      { name: 'Cat', property: { '@modelarts:color': '#3399ff', '@modelarts:default_shape': 'bndbox' } },
      { name: 'Dog' },
    ]);
    expect(body).toEqual({ success: true, results: [{ success: true }, { success: true }] });
    const labels = listLabels(ctx(), ds);
    expect(labels[0]).toEqual({ name: 'Cat', type: 1, property: { '@modelarts:color': '#3399ff', '@modelarts:default_shape': 'bndbox' }, count: 0, sample_count: 0 });
    expect(labels[1].type).toBe(1);
    expect(labels[1].property?.['@modelarts:color']).toMatch(/^#[0-9a-f]{6}$/);
    expect(labels[1].property?.['@modelarts:color']).not.toBe('#3399ff');
  });

  it('rejects duplicate names, shortcuts and unfit types, writing nothing', async () => {
    const ds = await createTestDataset(ctx(), { type: 1 });
    createLabels(ctx(), ds, 1, [{ name: 'Cat', property: { '@modelarts:shortcut': 'C' } }]);
    const body = createLabels(ctx(), ds, 1, [
      { name: 'Bird' },
      { name: 'Cat' },
      { name: 'Fox' },
      { name: 'Fox' },
      { name: 'Cow', property: { '@modelarts:shortcut': 'c' } },
      { name: 'Eel', property: { '@modelarts:shortcut': 'E' } },
      { name: 'Elk', property: { '@modelarts:shortcut': 'E' } },
      { name: 'Ant', type: 0 },
    ]);
    expect(body.success).toBe(false);
    expect(body.error_code).toBe('ModelArts.4411');
    expect(codes(body)).toEqual([undefined, 'ModelArts.4411', undefined, 'ModelArts.4411', 'ModelArts.4412', undefined, 'ModelArts.4412', 'ModelArts.4413']);
    expect(body.results?.[0]).toEqual({ success: false, error_msg: 'Not applied: another item of the request failed' });
    expect(listLabels(ctx(), ds).map((l) => l.name)).toEqual(['Cat']);
  });

  it('checks label types against the dataset: shapes for images only, relations between entity labels', async () => {
    const text = await createTestDataset(ctx(), { type: 100 });
    expect(codes(createLabels(ctx(), text, 100, [{ name: 'x', property: { '@modelarts:default_shape': 'bndbox' } }]))).toEqual(['ModelArts.4413']);
    const triplet = await createTestDataset(ctx(), { type: 102 });
    expect(codes(createLabels(ctx(), triplet, 102, [{ name: 'works_for', type: 102 }]))).toEqual(['ModelArts.4413']);
    const body = createLabels(ctx(), triplet, 102, [
      { name: 'works_for', property: { '@modelarts:from_type': 'person', '@modelarts:to_type': 'company' } },
      { name: 'person' },
      { name: 'company', type: 103 },
    ]);
    expect(body.success).toBe(true);
    expect(listLabels(ctx(), triplet).map((l) => [l.name, l.type])).toEqual([
      ['works_for', 102],
      ['person', 103],
      ['company', 103],
    ]);
  });
});

describe('updateLabels', () => {
  it('renames a label in every sample that carries it, and updates colour and shortcut', async () => {
    const ds = await createTestDataset(ctx());
    const [a, b, c] = await addImageSamples(ctx(), ds, [
      { path: '/bucket/ren/a.png', labels: ['cat', 'cat'] },
      { path: '/bucket/ren/b.png', labels: ['cat', 'dog'] },
      { path: '/bucket/ren/c.png', labels: ['dog'] },
    ]);
    const body = updateLabels(ctx(), ds, [
      { name: 'cat', property: { '@modelarts:rename_to': 'kitty', '@modelarts:color': '#112233', '@modelarts:shortcut': 'K' } },
    ]);
    expect(body.success).toBe(true);
    expect(describeSample(ctx(), ds, a).labels.map((l) => l.name)).toEqual(['kitty', 'kitty']);
    expect(describeSample(ctx(), ds, b).labels.map((l) => l.name)).toEqual(['kitty', 'dog']);
    expect(describeSample(ctx(), ds, c).labels.map((l) => l.name)).toEqual(['dog']);
    const kitty = listLabels(ctx(), ds).find((l) => l.name === 'kitty');
    expect(kitty).toMatchObject({ type: 0, sample_count: 2, count: 3, property: { '@modelarts:color': '#112233', '@modelarts:shortcut': 'K' } });
    expect(kitty?.property).not.toHaveProperty('@modelarts:rename_to');
    expectExactCounters(ds);
  });

  it('answers 4410 unknown label, 4411 rename onto an existing name, 4412 shortcut taken, 4413 type change', async () => {
    const ds = await createTestDataset(ctx());
    createLabels(ctx(), ds, 0, [{ name: 'cat', property: { '@modelarts:shortcut': '1' } }, { name: 'dog' }, { name: 'emu' }]);
    const body = updateLabels(ctx(), ds, [
      { name: 'owl' },
      { name: 'cat', property: { '@modelarts:rename_to': 'dog' } },
      { name: 'dog', property: { '@modelarts:shortcut': '1' } },
      { name: 'emu', type: 1 },
    ]);
    expect(codes(body)).toEqual(['ModelArts.4410', 'ModelArts.4411', 'ModelArts.4412', 'ModelArts.4413']);
    expect(listLabels(ctx(), ds).map((l) => l.name)).toEqual(['cat', 'dog', 'emu']);
    expect(updateLabels(ctx(), ds, [{ name: 'cat', property: { '@modelarts:shortcut': '2' } }, { name: 'dog', property: { '@modelarts:shortcut': '1' } }]).success).toBe(true);
  });
});

describe('deleteLabels policy matrix', () => {
  // Samples: only-cat (a), cat+dog (b), unlabeled (c). Deleting "cat" under each policy.
  it.each([
    [0, { onlyCat: 'kept, unlabeled', fileA: true }],
    [1, { onlyCat: 'deleted', fileA: true }],
    [2, { onlyCat: 'deleted', fileA: false }],
  ] as const)('policy %i', async (policy, expected) => {
    const ds = await createTestDataset(ctx());
    const dir = `/bucket/policy${policy}`;
    const [a, b, c] = await addImageSamples(ctx(), ds, [
      { path: `${dir}/a.png`, labels: ['cat'] },
      { path: `${dir}/b.png`, labels: ['cat', 'dog'] },
      { path: `${dir}/c.png` },
    ]);
    expect(labelDeleteImpact(ctx(), ds, ['cat'])).toEqual({ sample_count: 2, exclusive_sample_count: 1, file_count: 1 });
    expect(deleteLabels(ctx(), ds, ['cat'], policy)).toEqual({ success: true, results: [{ success: true }] });

    if (expected.onlyCat === 'deleted') {
      expect(() => describeSample(ctx(), ds, a)).toThrow(/does not exist/);
    } else {
      expect(describeSample(ctx(), ds, a)).toMatchObject({ labels: [], sample_status: 'UN_ANNOTATION' });
    }
    expect(describeSample(ctx(), ds, b)).toMatchObject({ labels: [{ name: 'dog' }], sample_status: 'MANUAL_ANNOTATION' });
    expect(describeSample(ctx(), ds, c)).toMatchObject({ labels: [], sample_status: 'UN_ANNOTATION' });
    expect(exists(`${dir}/a.png`)).toBe(expected.fileA);
    expect(exists(`${dir}/b.png`)).toBe(true);
    expect(exists(`${dir}/c.png`)).toBe(true);
    expect(listLabels(ctx(), ds).map((l) => [l.name, l.sample_count])).toEqual([['dog', 1]]);
    expectExactCounters(ds);
  });

  it('deletes several labels at once; a sample carrying only those labels counts as exclusive', async () => {
    const ds = await createTestDataset(ctx());
    const [a] = await addImageSamples(ctx(), ds, [
      { path: '/bucket/multi/a.png', labels: ['cat', 'dog'] },
      { path: '/bucket/multi/b.png', labels: ['dog', 'emu'] },
    ]);
    expect(labelDeleteImpact(ctx(), ds, ['cat', 'dog'])).toEqual({ sample_count: 2, exclusive_sample_count: 1, file_count: 1 });
    expect(deleteLabels(ctx(), ds, ['cat', 'dog'], 1).success).toBe(true);
    expect(() => describeSample(ctx(), ds, a)).toThrow(/does not exist/);
    expect(listLabels(ctx(), ds).map((l) => [l.name, l.sample_count])).toEqual([['emu', 1]]);
    expectExactCounters(ds);
  });

  it('answers 4410 for unknown names and deletes nothing', async () => {
    const ds = await createTestDataset(ctx());
    createLabels(ctx(), ds, 0, [{ name: 'cat' }]);
    const body = deleteLabels(ctx(), ds, ['cat', 'nobody'], 0);
    expect(body.error_code).toBe('ModelArts.4410');
    expect(codes(body)).toEqual([undefined, 'ModelArts.4410']);
    expect(listLabels(ctx(), ds)).toHaveLength(1);
    expect(() => labelDeleteImpact(ctx(), ds, ['nobody'])).toThrow(/does not exist/);
  });
});
