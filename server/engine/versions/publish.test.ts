import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../contract/dataset.js';
import { settle } from '../import-tasks/test-fixtures.js';
import { createTestDataset } from '../samples/test-fixtures.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { clocked, getVersion, insertNumberedSamples, publish, publishAndWait, readManifest, waitForVersion, type Clocked } from './test-helpers.js';

let engine: TestEngine;
let c: Clocked;

beforeAll(async () => {
  engine = await makeTestEngine();
  c = clocked(engine);
});
afterAll(() => engine.close());

async function describeDataset(id: string): Promise<Dataset> {
  const res = await c.call('GET', `/datasets/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return Dataset.parse(res.json());
}

const MANIFEST_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('V2 publish (classification)', () => {
  it('publishes V001 in the background and makes it the current version', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    const ids = insertNumberedSamples(engine, datasetId, 10, (i) => (i < 4 ? ['cat'] : i < 6 ? ['dog', 'cat'] : []));

    const versionId = await publish(c, datasetId, { description: 'first cut' });
    expect(versionId).toMatch(/^[A-Za-z0-9]{19}$/);
    const creating = await getVersion(c, datasetId, versionId);
    expect(creating).toMatchObject({ version_name: 'V001', status: 0, description: 'first cut' });
    expect(creating.manifest_url).toBeUndefined();
    expect((await describeDataset(datasetId)).status).toBe(6);

    const v = await waitForVersion(c, datasetId, versionId);
    expect(v).toMatchObject({
      status: 1,
      is_current: true,
      version_format: 'Default',
      train_evaluate_sample_ratio: '1.00',
      clear_hard_property: true,
      remove_sample_usage: true,
      export_images: false,
      total_sample_count: 10,
      annotated_sample_count: 6,
      add_sample_count: 10,
      modified_sample_count: 0,
      deleted_sample_count: 0,
      previous_total_sample_count: 0,
      label_type: 'multi',
      task_type: 0,
    });
    expect(v.label_stats.map((l) => [l.name, l.sample_count, l.count]).sort()).toEqual([
      ['cat', 6, 6],
      ['dog', 2, 2],
    ]);
    const ds = await describeDataset(datasetId);
    expect(v.manifest_path).toBe(`${ds.inner_annotation_path}V001/V001.manifest`);
    expect(v.data_path).toBe(`${ds.inner_annotation_path}V001/data/`);
    expect(ds).toMatchObject({ status: 1, current_version_id: versionId, current_version_name: 'V001', next_version_num: 2, dataset_version_count: 1 });
    expect(ds.versions?.map((x) => x.version_id)).toEqual([versionId]);

    // The manifest holds every sample once, in the dataset's order, with the labels it has now.
    const lines = readManifest(engine, v.manifest_path);
    expect(lines.map((l) => l.id)).toEqual(ids);
    lines.forEach((line, i) => {
      expect(line.source).toBe(`s3://bucket/input/img-${i}.jpg`);
      expect(line['sample-type']).toBe(0);
      if (i >= 6) {
        expect(line.annotation).toBeUndefined();
        expect(line.usage).toBeUndefined();
        return;
      }
      expect(line.usage).toBe('TRAIN');
      const names = line.annotation!.map((a) => a.name);
      expect(names).toEqual(i < 4 ? ['cat'] : ['dog', 'cat']);
      for (const a of line.annotation!) {
        expect(a).toMatchObject({ type: 'modelarts/image_classification', 'annotated-by': 'human' });
        expect(a['creation-time']).toMatch(MANIFEST_TIME);
      }
    });
    // Nothing is left in the temp folder.
    expect(readdirSync(engine.ctx.store.parse(ds.inner_temp_path).fsPath)).toEqual([]);
    await settle(engine.ctx);
  });

  it('drops hard-example properties by default and keeps them on request', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    const hard = { name: 'cat', property: { '@modelarts:hard': 'true', '@modelarts:hard_coefficient': '0.7', colour: 'grey' } };
    insertNumberedSamples(engine, datasetId, 2, () => [hard]);
    const cleared = await publishAndWait(c, datasetId);
    for (const line of readManifest(engine, cleared.manifest_path)) {
      expect(line.annotation![0].property).toEqual({ colour: 'grey' });
    }
    const kept = await publishAndWait(c, datasetId, { clear_hard_property: false });
    expect(kept.version_name).toBe('V002');
    for (const line of readManifest(engine, kept.manifest_path)) expect(line.annotation![0].property).toEqual(hard.property);
  });

  it('keeps the samples’ own usage with remove_sample_usage=false and splits the others', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    const ids = insertNumberedSamples(engine, datasetId, 4, () => ['cat']);
    engine.ctx.sqlite.prepare("UPDATE samples SET usage = 'TEST' WHERE dataset_id = ? AND id = ?").run(datasetId, ids[0]);
    const keep = await publishAndWait(c, datasetId, { remove_sample_usage: false, train_evaluate_sample_ratio: '0' });
    expect(readManifest(engine, keep.manifest_path).map((l) => l.usage)).toEqual(['TEST', 'EVAL', 'EVAL', 'EVAL']);
    const reset = await publishAndWait(c, datasetId, { train_evaluate_sample_ratio: '1' });
    expect(readManifest(engine, reset.manifest_path).map((l) => l.usage)).toEqual(['TRAIN', 'TRAIN', 'TRAIN', 'TRAIN']);
  });

  it('copies the images into data/ with export_images', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    const { addImageSamples } = await import('../samples/test-fixtures.js');
    await addImageSamples(engine.ctx, datasetId, [{ path: '/bucket/input/a b.png', labels: ['cat'] }, { path: '/bucket/input/c.png' }]);
    const v = await publishAndWait(c, datasetId, { export_images: true });
    const files = readdirSync(engine.ctx.store.parse(v.data_path).fsPath).sort();
    expect(files).toHaveLength(2);
    expect(files.some((f) => /^a_b-[0-9a-f]{32}\.png$/.test(f))).toBe(true);
    expect(existsSync(engine.ctx.store.parse(v.manifest_path).fsPath)).toBe(true);
  });
});
