import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../contract/dataset.js';
import { buildEngine } from '../app.js';
import { getDataset } from '../datasets/service.js';
import { createTestDataset } from '../samples/test-fixtures.js';
import { insertTask } from '../tasks/repository.js';
import { stopTask } from '../tasks/queue.js';
import { TEST_AK, TEST_PROJECT, TEST_SK, makeTestEngine, type TestEngine } from '../test-utils.js';
import { getVersion as getVersionDirect } from './service.js';
import { clocked, insertNumberedSamples, publish, publishAndWait, readManifest, waitForVersion, type Clocked } from './test-helpers.js';

let engine: TestEngine;
let c: Clocked;

beforeAll(async () => {
  engine = await makeTestEngine();
  c = clocked(engine);
});
afterAll(() => engine.close());

async function describeDataset(id: string, query = ''): Promise<Dataset> {
  return Dataset.parse((await c.call('GET', `/datasets/${id}${query}`)).json());
}

describe('the split in published manifests', () => {
  it('puts 200 of 1,000 labeled samples in EVAL at 0.8, the same ones every time', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    insertNumberedSamples(engine, datasetId, 1000, (i) => [i % 3 ? 'cat' : 'dog']);
    insertNumberedSamples(engine, datasetId, 50, () => [], 'unlabeled-');
    const usages = [];
    for (let run = 0; run < 2; run++) {
      const v = await publishAndWait(c, datasetId, { train_evaluate_sample_ratio: '0.8' });
      const lines = readManifest(engine, v.manifest_path);
      expect(lines).toHaveLength(1050);
      usages.push(new Map(lines.map((l) => [l.id, l.usage])));
    }
    const evalSamples = [...usages[0].values()].filter((u) => u === 'EVAL').length;
    expect(Math.abs(evalSamples - 200)).toBeLessThanOrEqual(1);
    expect([...usages[0].values()].filter((u) => u === 'TRAIN').length).toBe(1000 - evalSamples);
    expect([...usages[0].values()].filter((u) => u === undefined).length).toBe(50);
    expect(usages[1]).toEqual(usages[0]);
  });
});

describe('version statistics', () => {
  it('counts added, modified and deleted samples against the previous version', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    const ids = insertNumberedSamples(engine, datasetId, 10, (i) => (i < 6 ? ['cat'] : i < 8 ? ['dog'] : []));
    const v1 = await publishAndWait(c, datasetId);
    expect(v1).toMatchObject({ total_sample_count: 10, annotated_sample_count: 8, add_sample_count: 10, label_type: 'single' });

    const deleted = await c.call('POST', `/datasets/${datasetId}/data-annotations/samples/delete`, { samples: [ids[0], ids[9]] });
    expect(deleted.json()).toMatchObject({ success: true });
    const renamed = await c.call('PUT', `/datasets/${datasetId}/data-annotations/labels`, {
      labels: [{ name: 'dog', property: { '@modelarts:rename_to': 'puppy' } }],
    });
    expect(renamed.json()).toMatchObject({ success: true });
    insertNumberedSamples(engine, datasetId, 3, (i) => (i === 0 ? ['cat'] : []), 'new-');

    const v2 = await publishAndWait(c, datasetId);
    expect(v2).toMatchObject({
      previous_version_id: v1.version_id,
      total_sample_count: 11,
      annotated_sample_count: 8,
      previous_total_sample_count: 10,
      previous_annotated_sample_count: 8,
      add_sample_count: 3,
      modified_sample_count: 2,
      deleted_sample_count: 2,
    });
    expect(Object.fromEntries(v2.label_stats.map((l) => [l.name, [l.sample_count, l.count]]))).toEqual({ cat: [6, 6], puppy: [2, 2] });

    // Nothing changed: the next version differs in nothing.
    const v3 = await publishAndWait(c, datasetId);
    expect(v3).toMatchObject({ previous_version_id: v2.version_id, add_sample_count: 0, modified_sample_count: 0, deleted_sample_count: 0 });
  });
});

describe('a publish that does not finish', () => {
  it('leaves no manifest when aborted in the middle, and the version in status 4 with a code', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    insertNumberedSamples(engine, datasetId, 2, () => ['cat']);
    const v1 = await publishAndWait(c, datasetId);
    insertNumberedSamples(engine, datasetId, 30_000, (i) => [i % 2 ? 'cat' : 'dog'], 'many-');

    const versionId = await publish(c, datasetId);
    const ds = await describeDataset(datasetId, '?running_task_type=6');
    expect(ds.status).toBe(6);
    expect(ds.running_tasks_id).toHaveLength(1);
    // Abort once the manifest is being written.
    const partial = engine.ctx.store.parse(`${ds.inner_temp_path}publish-${versionId}/V002.manifest`).fsPath;
    for (let i = 0; !existsSync(partial); i++) {
      expect(i).toBeLessThan(1_000_000);
      await nextTurn();
    }
    expect(stopTask(engine.ctx, ds.running_tasks_id[0])).toBe(true);

    const v = await waitForVersion(c, datasetId, versionId);
    expect(v).toMatchObject({ status: 4, version_name: 'V002', code: 'ModelArts.4393' });
    expect(v.message).toBeTruthy();
    expect(v.manifest_url).toBeUndefined();
    expect(existsSync(engine.ctx.store.parse(v.manifest_path).fsPath)).toBe(false);
    expect(readdirSync(engine.ctx.store.parse(ds.inner_temp_path).fsPath)).toEqual([]);
    const after = await describeDataset(datasetId);
    expect(after).toMatchObject({ status: 1, current_version_id: v1.version_id, dataset_version_count: 2 });
    // The failed version can be deleted, and the next publish works.
    expect((await c.call('DELETE', `/datasets/${datasetId}/versions/${versionId}`)).statusCode).toBe(204);
    c.advance(61_000);
    expect((await publishAndWait(c, datasetId)).version_name).toBe('V003');
  });

  it('is failed at the next start after a crash, and what it wrote is removed', async () => {
    const dataDir = engine.dataDir.replace(/[^/]+$/, `crash-${Date.now()}`);
    mkdirSync(dataDir);
    const opts = { dataDir, projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK };
    const first = await buildEngine(opts);
    const datasetId = await createTestDataset(first.ctx);
    const inner = getDataset(first.ctx, datasetId);
    // The state a kill -9 leaves in the middle of a publish: the rows say "creating" and "running", a
    // temp folder holds half a manifest, and (crash between rename and commit) the version folder exists.
    const versionFolder = `${inner.inner_annotation_path}V001/`;
    first.ctx.sqlite
      .prepare(
        `INSERT INTO dataset_versions (id, dataset_id, name, status, task_type, train_evaluate_sample_ratio, clear_hard_property,
           remove_sample_usage, export_images, folder, task_id, create_time, update_time)
         VALUES ('CrashedVersion00001', ?, 'V001', 0, 0, '1.00', 1, 1, 0, ?, 'crash-task', 1, 1)`,
      )
      .run(datasetId, versionFolder);
    insertTask(first.ctx, { id: 'crash-task', datasetId, kind: 'publish', status: 'RUNNING', params: {}, result: {} });
    first.ctx.sqlite.prepare('UPDATE datasets SET status = 6 WHERE id = ?').run(datasetId);
    const temp = first.ctx.store.parse(`${inner.inner_temp_path}publish-CrashedVersion00001/`).fsPath;
    const placed = first.ctx.store.parse(versionFolder).fsPath;
    for (const dir of [temp, placed]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'V001.manifest'), '{"source":"s3://bucket/input/x.jpg"');
    }
    await first.app.close();

    const second = await buildEngine(opts);
    try {
      const v = getVersionDirect(second.ctx, datasetId, 'CrashedVersion00001');
      expect(v).toMatchObject({ status: 4, code: 'ModelArts.4392' });
      expect(v.message).toMatch(/interrupted/);
      expect(existsSync(temp)).toBe(false);
      expect(existsSync(placed)).toBe(false);
      expect(getDataset(second.ctx, datasetId)).toMatchObject({ status: 1, dataset_version_count: 1 });
    } finally {
      await second.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
