import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../contract/dataset.js';
import { ListVersionsResp } from '../../contract/version.js';
import { insertDataset, settle } from '../import-tasks/test-fixtures.js';
import { createTestDataset } from '../samples/test-fixtures.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { insertVersion } from './repository.js';
import { MAX_VERSIONS_PER_DATASET } from './service.js';
import { clocked, getVersion, insertNumberedSamples, publish, publishAndWait, waitForVersion, type Clocked } from './test-helpers.js';

let engine: TestEngine;
let c: Clocked;

beforeAll(async () => {
  engine = await makeTestEngine();
  c = clocked(engine);
});
afterAll(() => engine.close());

const errorOf = (res: { statusCode: number; body: string }) => ({
  status: res.statusCode,
  code: (JSON.parse(res.body) as { error_code?: string }).error_code,
});

async function describeDataset(id: string): Promise<Dataset> {
  return Dataset.parse((await c.call('GET', `/datasets/${id}`)).json());
}

async function listVersions(datasetId: string, query = ''): Promise<ListVersionsResp> {
  const res = await c.call('GET', `/datasets/${datasetId}/versions${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return ListVersionsResp.parse(res.json());
}

describe('version names and publishing rules', () => {
  it('names versions V001, V002 … and skips names already given', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    insertNumberedSamples(engine, datasetId, 3, () => ['cat']);
    expect((await publishAndWait(c, datasetId)).version_name).toBe('V001');
    expect((await publishAndWait(c, datasetId, { version_name: 'V003' })).version_name).toBe('V003');
    expect((await publishAndWait(c, datasetId)).version_name).toBe('V004');
    expect((await publishAndWait(c, datasetId, { version_name: 'release_2-b' })).version_name).toBe('release_2-b');
    expect((await publishAndWait(c, datasetId)).version_name).toBe('V006');
    expect((await describeDataset(datasetId)).next_version_num).toBe(7);
  });

  it('answers 4370 within a minute of the last publish, 4371 for a name in use, 4343 while one runs', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    insertNumberedSamples(engine, datasetId, 20_000, (i) => [i % 2 ? 'cat' : 'dog']);
    const first = await publish(c, datasetId, { version_name: 'first' });
    // Asked again at once: the first is still being written.
    expect(errorOf(await c.call('POST', `/datasets/${datasetId}/versions`, {}))).toEqual({ status: 400, code: 'ModelArts.4343' });
    expect(errorOf(await c.call('DELETE', `/datasets/${datasetId}/versions/${first}`))).toEqual({ status: 400, code: 'ModelArts.4343' });
    await waitForVersion(c, datasetId, first);
    const tooSoon = await c.call('POST', `/datasets/${datasetId}/versions`, {});
    expect(errorOf(tooSoon)).toEqual({ status: 400, code: 'ModelArts.4370' });
    expect(tooSoon.json().error_msg).toMatch(/try again in \d+ s/);
    c.advance(61_000);
    expect(errorOf(await c.call('POST', `/datasets/${datasetId}/versions`, { version_name: 'first' }))).toEqual({ status: 400, code: 'ModelArts.4371' });
    expect((await publishAndWait(c, datasetId, { version_name: 'second' })).status).toBe(1);
  });

  it('refuses what it cannot publish, with the API’s codes', async () => {
    const post = async (datasetId: string, body: unknown) => errorOf(await c.call('POST', `/datasets/${datasetId}/versions`, body));
    expect(await post('NoSuchDataset000000', {})).toEqual({ status: 400, code: 'ModelArts.4352' });
    const table = insertDataset(engine.ctx, { type: 400 });
    expect(await post(table, {})).toEqual({ status: 501, code: 'ModelArts.4383' });

    const datasetId = await createTestDataset(engine.ctx);
    insertNumberedSamples(engine, datasetId, 1, () => ['cat']);
    for (const body of [
      { version_name: '' },
      { version_name: 'x'.repeat(33) },
      { version_name: 'bad name' },
      { train_evaluate_sample_ratio: '1.5' },
      { train_evaluate_sample_ratio: 0.8 },
      { clear_hard_property: 'yes' },
      { description: '<script>' },
    ]) {
      expect(await post(datasetId, body), JSON.stringify(body)).toEqual({ status: 400, code: 'ModelArts.0101' });
    }
    expect(await post(datasetId, { version_format: 'CSV' })).toEqual({ status: 400, code: 'ModelArts.4396' });
    // One labeled sample cannot be split 50/50 (4711); the whole-train default is fine.
    expect(await post(datasetId, { train_evaluate_sample_ratio: '0.5' })).toEqual({ status: 400, code: 'ModelArts.4711' });

    const busy = await createTestDataset(engine.ctx);
    engine.ctx.sqlite.prepare('UPDATE datasets SET status = 8 WHERE id = ?').run(busy);
    expect(await post(busy, {})).toEqual({ status: 400, code: 'ModelArts.4356' });
    engine.ctx.sqlite.prepare('UPDATE datasets SET status = 2 WHERE id = ?').run(busy);
    expect(await post(busy, {})).toEqual({ status: 400, code: 'ModelArts.4344' });
  });

  it(`answers 4714 when the dataset has ${MAX_VERSIONS_PER_DATASET} versions`, async () => {
    const datasetId = await createTestDataset(engine.ctx);
    for (let i = 0; i < MAX_VERSIONS_PER_DATASET; i++) {
      insertVersion(engine.ctx, {
        id: `quota${String(i).padStart(14, '0')}`,
        dataset_id: datasetId,
        name: `q${i}`,
        status: 4,
        description: '',
        version_format: 'Default',
        task_type: 0,
        train_evaluate_sample_ratio: '1.00',
        clear_hard_property: 1,
        remove_sample_usage: 1,
        export_images: 0,
        folder: `/bucket/quota/q${i}/`,
        task_id: null,
        previous_version_id: null,
        stats: '{}',
        code: 'ModelArts.4712',
        message: 'failed',
        create_time: i,
        update_time: i,
      });
    }
    expect(errorOf(await c.call('POST', `/datasets/${datasetId}/versions`, {}))).toEqual({ status: 400, code: 'ModelArts.4714' });
  });
});

describe('V1, V3, V4 and the dataset’s current version', () => {
  it('lists, switches, downloads and deletes versions', async () => {
    const datasetId = await createTestDataset(engine.ctx);
    insertNumberedSamples(engine, datasetId, 10, (i) => (i < 8 ? ['cat'] : []));
    const v1 = await publishAndWait(c, datasetId, { train_evaluate_sample_ratio: '0.5' });
    const v2 = await publishAndWait(c, datasetId, { train_evaluate_sample_ratio: '0.75' });

    const all = await listVersions(datasetId);
    expect(all.total_number).toBe(2);
    expect(all.versions.map((v) => [v.version_name, v.is_current])).toEqual([
      ['V002', true],
      ['V001', false],
    ]);
    expect((await listVersions(datasetId, '?limit=1&offset=1')).versions.map((v) => v.version_name)).toEqual(['V001']);
    expect((await listVersions(datasetId, '?train_evaluate_ratio=0.6,0.8')).versions.map((v) => v.version_name)).toEqual(['V002']);
    expect((await listVersions(datasetId, '?status=4')).total_number).toBe(0);
    expect((await listVersions(datasetId, '?version_format=1')).total_number).toBe(0);
    expect((await listVersions(datasetId, '?version_format=0')).total_number).toBe(2);
    expect(errorOf(await c.call('GET', `/datasets/${datasetId}/versions?train_evaluate_ratio=0.9,0.1`))).toEqual({ status: 400, code: 'ModelArts.0101' });
    expect(errorOf(await c.call('GET', `/datasets/${datasetId}/versions?limit=1001`))).toEqual({ status: 400, code: 'ModelArts.0101' });

    // The manifest downloads through its signed URL, without signing the request.
    const download = await engine.app.inject({ method: 'GET', url: v1.manifest_url! });
    expect(download.statusCode).toBe(200);
    expect(download.body.trim().split('\n')).toHaveLength(10);

    // D4 switches the current version; 4353 for one the dataset does not have.
    const put = (body: unknown) => c.call('PUT', `/datasets/${datasetId}`, body);
    expect((await put({ current_version_id: v1.version_id })).statusCode).toBe(200);
    let ds = await describeDataset(datasetId);
    expect(ds).toMatchObject({ current_version_id: v1.version_id, current_version_name: 'V001', dataset_version_count: 2 });
    expect(ds.versions).toEqual([expect.objectContaining({ version_id: v1.version_id, is_current: true, train_evaluate_sample_ratio: '0.5' })]);
    expect((await getVersion(c, datasetId, v2.version_id)).is_current).toBe(false);
    expect(errorOf(await put({ current_version_id: 'NoSuchVersion000000' }))).toEqual({ status: 400, code: 'ModelArts.4353' });
    const other = await createTestDataset(engine.ctx);
    expect(errorOf(await c.call('PUT', `/datasets/${other}`, { current_version_id: v1.version_id }))).toEqual({ status: 400, code: 'ModelArts.4353' });

    // V3 / V4 of a missing version: 4353.
    expect(errorOf(await c.call('GET', `/datasets/${datasetId}/versions/NoSuchVersion000000`))).toEqual({ status: 400, code: 'ModelArts.4353' });
    expect(errorOf(await c.call('GET', `/datasets/${other}/versions/${v1.version_id}`))).toEqual({ status: 400, code: 'ModelArts.4353' });
    expect(errorOf(await c.call('DELETE', `/datasets/${datasetId}/versions/NoSuchVersion000000`))).toEqual({ status: 400, code: 'ModelArts.4353' });

    // Deleting the current version removes its folder and leaves the dataset without a current version.
    const folder = engine.ctx.store.parse(v1.manifest_path.replace(/[^/]+$/, '')).fsPath;
    expect(existsSync(folder)).toBe(true);
    const del = await c.call('DELETE', `/datasets/${datasetId}/versions/${v1.version_id}`);
    expect(del.statusCode).toBe(204);
    expect(existsSync(folder)).toBe(false);
    ds = await describeDataset(datasetId);
    expect(ds.current_version_id).toBeUndefined();
    expect(ds.versions).toBeUndefined();
    expect(ds.dataset_version_count).toBe(1);
    expect((await listVersions(datasetId)).versions.map((v) => v.version_name)).toEqual(['V002']);
    expect(errorOf(await c.call('GET', `/datasets/${datasetId}/versions/${v1.version_id}`))).toEqual({ status: 400, code: 'ModelArts.4353' });

    // Deleting another version keeps the current one.
    expect((await put({ current_version_id: v2.version_id })).statusCode).toBe(200);
    const v3 = await publishAndWait(c, datasetId);
    expect((await describeDataset(datasetId)).current_version_id).toBe(v3.version_id);
    expect((await c.call('DELETE', `/datasets/${datasetId}/versions/${v2.version_id}`)).statusCode).toBe(204);
    expect((await describeDataset(datasetId)).current_version_name).toBe('V003');
    await settle(engine.ctx);
  });
});
