import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelArtsError } from '../../contract/errors.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { readCounters } from './counters.js';
import { deleteSamples, initCounters, insertSamples, readSampleCounts, recount, sampleIdFor } from './repository.js';
import { addImageSamples, createTestDataset, newSample } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const labelsOf = (datasetId: string) =>
  engine.ctx.sqlite.prepare('SELECT name, type, property, sample_count, count FROM labels WHERE dataset_id = ? ORDER BY id').all(datasetId) as {
    name: string;
    type: number;
    property: string;
    sample_count: number;
    count: number;
  }[];

describe('sampleIdFor', () => {
  it('is the md5 hex of the canonical object path', () => {
    expect(sampleIdFor('/bucket/dir/a.jpg')).toBe(createHash('md5').update('/bucket/dir/a.jpg').digest('hex'));
    expect(sampleIdFor('/bucket/dir/a.jpg')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('insertSamples', () => {
  it('inserts samples with their states and counts, and creates missing labels with the dataset type', async () => {
    const ds = await createTestDataset(engine.ctx, { type: 1 });
    const before = engine.ctx.sqlite.prepare('SELECT data_update_time FROM datasets WHERE id = ?').get(ds) as { data_update_time: number };
    const result = insertSamples(engine.ctx, ds, [
      newSample('/bucket/in/a.jpg', ['cat', 'cat', 'dog']),
      newSample('/bucket/in/b.jpg', ['dog']),
      newSample('/bucket/in/c.jpg'),
    ]);
    expect(result).toEqual({ inserted: 3, skipped: 0 });
    expect(readSampleCounts(engine.ctx, ds)).toEqual({ total: 3, un_annotation: 1, manual_annotation: 2, auto_annotation: 0 });
    const labels = labelsOf(ds);
    expect(labels.map((l) => [l.name, l.type, l.sample_count, l.count])).toEqual([
      ['cat', 1, 1, 2],
      ['dog', 1, 2, 2],
    ]);
    const colours = labels.map((l) => JSON.parse(l.property)['@modelarts:color']);
    expect(colours[0]).toMatch(/^#[0-9a-f]{6}$/);
    expect(colours[0]).not.toBe(colours[1]);
    const after = engine.ctx.sqlite.prepare('SELECT data_update_time FROM datasets WHERE id = ?').get(ds) as { data_update_time: number };
    expect(after.data_update_time).toBeGreaterThanOrEqual(before.data_update_time);
  });

  it('skips ids already in the dataset and ids repeated in the batch, without counting them', async () => {
    const ds = await createTestDataset(engine.ctx);
    insertSamples(engine.ctx, ds, [newSample('/bucket/in/a.jpg', ['cat'])]);
    const result = insertSamples(engine.ctx, ds, [
      newSample('/bucket/in/a.jpg', ['cat']),
      newSample('/bucket/in/b.jpg', ['cat']),
      newSample('/bucket/in/b.jpg', ['cat']),
    ]);
    expect(result).toEqual({ inserted: 1, skipped: 2 });
    expect(readSampleCounts(engine.ctx, ds).total).toBe(2);
    expect(labelsOf(ds)[0].sample_count).toBe(2);
  });

  it('keeps the type of a sample label in datasets that hold several label types', async () => {
    const ds = await createTestDataset(engine.ctx, { type: 102 });
    insertSamples(engine.ctx, ds, [{ ...newSample('/bucket/in/t.txt', [{ name: 'person', type: 103 }, { name: 'works_for', type: 102 }]), type: 1 }]);
    expect(labelsOf(ds).map((l) => [l.name, l.type])).toEqual([
      ['person', 103],
      ['works_for', 102],
    ]);
  });

  it('answers 4352 for a dataset that does not exist', () => {
    let error: unknown;
    try {
      insertSamples(engine.ctx, 'NoSuchDataset000000', [newSample('/bucket/x.jpg')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelArtsError);
    expect((error as ModelArtsError).code).toBe('4352');
  });
});

describe('counters', () => {
  it('initCounters makes zero rows that read as zeros, and recount agrees with the stored counters', async () => {
    const ds = await createTestDataset(engine.ctx);
    initCounters(engine.ctx, ds);
    expect(readSampleCounts(engine.ctx, ds)).toEqual({ total: 0, un_annotation: 0, manual_annotation: 0, auto_annotation: 0 });
    insertSamples(engine.ctx, ds, [newSample('/bucket/k/a.jpg', ['x'], { '@modelarts:hard': 1 }), newSample('/bucket/k/b.jpg')]);
    const stored = readCounters(engine.ctx, ds);
    expect(stored.samples.key_sample).toBe(1);
    expect(recount(engine.ctx, ds)).toEqual(stored);
  });

  it('recount with repair restores counters that drifted', async () => {
    const ds = await createTestDataset(engine.ctx);
    insertSamples(engine.ctx, ds, [newSample('/bucket/r/a.jpg', ['x', 'x']), newSample('/bucket/r/b.jpg', ['x'])]);
    const good = readCounters(engine.ctx, ds);
    engine.ctx.sqlite.prepare("UPDATE sample_counts SET count = 99 WHERE dataset_id = ? AND state = 'total'").run(ds);
    engine.ctx.sqlite.prepare('UPDATE labels SET count = 0, sample_count = 7 WHERE dataset_id = ?').run(ds);
    engine.ctx.sqlite.prepare('DELETE FROM sample_labels WHERE label_id IN (SELECT id FROM labels WHERE dataset_id = ?)').run(ds);
    expect(recount(engine.ctx, ds)).toEqual(good);
    expect(readCounters(engine.ctx, ds)).not.toEqual(good);
    recount(engine.ctx, ds, { repair: true });
    expect(readCounters(engine.ctx, ds)).toEqual(good);
    const links = engine.ctx.sqlite.prepare('SELECT COUNT(*) AS n FROM sample_labels sl JOIN labels l ON l.id = sl.label_id WHERE l.dataset_id = ?').get(ds);
    expect(links).toEqual({ n: 2 });
  });
});

describe('deleteSamples', () => {
  it('deletes existing samples, reports missing ids as 4420, and keeps source files', async () => {
    const ds = await createTestDataset(engine.ctx);
    const [a, b] = await addImageSamples(engine.ctx, ds, [
      { path: '/bucket/del1/a.png', labels: ['cat'] },
      { path: '/bucket/del1/b.png' },
    ]);
    const missing = 'f'.repeat(32);
    const body = deleteSamples(engine.ctx, ds, [a, missing], { deleteSource: false });
    expect(body.success).toBe(false);
    expect(body.error_code).toBe('ModelArts.4420');
    expect(body.results).toEqual([{ success: true }, { success: false, error_code: 'ModelArts.4420', error_msg: `Sample ${missing} does not exist` }]);
    expect(readSampleCounts(engine.ctx, ds)).toEqual({ total: 1, un_annotation: 1, manual_annotation: 0, auto_annotation: 0 });
    expect(labelsOf(ds)[0]).toMatchObject({ name: 'cat', sample_count: 0, count: 0 });
    expect(existsSync(engine.ctx.store.parse('/bucket/del1/a.png').fsPath)).toBe(true);
    expect(deleteSamples(engine.ctx, ds, [b], { deleteSource: false })).toEqual({ success: true, results: [{ success: true }] });
    expect(recount(engine.ctx, ds)).toEqual(readCounters(engine.ctx, ds));
  });

  it('removes source files only with deleteSource', async () => {
    const ds = await createTestDataset(engine.ctx);
    const [a] = await addImageSamples(engine.ctx, ds, [{ path: '/bucket/del2/a.png', labels: ['cat'] }]);
    expect(deleteSamples(engine.ctx, ds, [a], { deleteSource: true }).success).toBe(true);
    expect(existsSync(engine.ctx.store.parse('/bucket/del2/a.png').fsPath)).toBe(false);
  });
});
