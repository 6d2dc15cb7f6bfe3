import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateDatasetResp, DATASET_TYPE_IDS, ListDatasetsResp } from '../../contract/dataset.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { describeDataset, fsPathOf, seedFolder, tableBody, waitForImport } from './test-helpers.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
  await seedFolder(engine, '/test-obs/classify/input/animals/', 3);
  await seedFolder(engine, '/test-obs/detect/input/animals/', 2);
  await seedFolder(engine, '/test-obs/table/input/');
  await seedFolder(engine, '/data/in/');
  await seedFolder(engine, '/data/many/', 300);
  await seedFolder(engine, '/other/out/');
});
afterAll(() => engine.close());

let seq = 0;
const uniqueName = () => `ds-${++seq}`;
const create = (body: unknown) => engine.call('POST', '/datasets', body);
const expectError = async (body: unknown, code: string) => {
  const res = await create(body);
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error_code).toBe(`ModelArts.${code}`);
  expect(res.json().error_msg).toBeTruthy();
};

describe('D2 — the API examples (Appendix A), verbatim', () => {
  it('creates the image-classification example: 201, labels, an import that fills the dataset', async () => {
    const body = { workspace_id : "0", dataset_name : "dataset-457f", dataset_type : 0, data_sources : [ { data_type : 0, data_path : "/test-obs/classify/input/animals/" } ], description : "", work_path : "/test-obs/classify/output/", work_path_type : 0, labels : [ { name : "Rabbits", type : 0, property : { "@modelarts:color" : "#3399ff" } }, { name : "Bees", type : 0, property : { "@modelarts:color" : "#3399ff" } } ] }; // prettier-ignore
    const res = await create(body);
    expect(res.statusCode).toBe(201);
    const { dataset_id, import_task_id } = CreateDatasetResp.parse(res.json());
    expect(dataset_id).toMatch(/^[A-Za-z0-9]{19}$/);
    expect(import_task_id).toMatch(new RegExp(`^${dataset_id}_[A-Za-z0-9]+$`));

    const ds = await waitForImport(engine, dataset_id);
    expect(ds).toMatchObject({ dataset_name: 'dataset-457f', dataset_type: 0, dataset_format: 0, work_path: '/test-obs/classify/output/', import_task_id });
    expect(ds.data_sources[0].data_path).toBe('/test-obs/classify/input/animals/');
    expect(ds.labels.map((l) => l.name)).toEqual(['Rabbits', 'Bees']);
    expect(ds.total_sample_count).toBe(3);
    expect(ds.inner_work_path).toBe(`/test-obs/classify/output/dataset-457f-${dataset_id}/`);
    expect(ds.inner_annotation_path).toBe(`${ds.inner_work_path}annotation/`);
    expect(ds.inner_log_path).toBe(`${ds.inner_work_path}logs/`);
    for (const p of [ds.inner_annotation_path, ds.inner_data_path, ds.inner_log_path, ds.inner_temp_path, ds.inner_task_path]) {
      expect(existsSync(fsPathOf(engine, p)), p).toBe(true);
    }
  });

  it('creates the object-detection example', async () => {
    const body = { workspace_id : "0", dataset_name : "dataset-95a6", dataset_type : 1, data_sources : [ { data_type : 0, data_path : "/test-obs/detect/input/animals/" } ], description : "", work_path : "/test-obs/detect/output/", work_path_type : 0, labels : [ { name : "Rabbits", type : 1, property : { "@modelarts:color" : "#3399ff" } }, { name : "Bees", type : 1, property : { "@modelarts:color" : "#3399ff" } } ] }; // prettier-ignore
    const res = await create(body);
    expect(res.statusCode).toBe(201);
    const ds = await waitForImport(engine, res.json().dataset_id);
    expect(ds.total_sample_count).toBe(2);
    expect(ds.labels.map((l) => [l.name, l.type])).toEqual([['Rabbits', 1], ['Bees', 1]]);
  });

  it('creates the table example: status 1 at once, no import task, the schema kept', async () => {
    const body = { workspace_id : "0", dataset_name : "dataset-de83", dataset_type : 400, data_sources : [ { data_type : 0, data_path : "/test-obs/table/input/", with_column_header : true } ], description : "", work_path : "/test-obs/table/output/", work_path_type : 0, schema : [ { schema_id : 1, name : "150", type : "STRING" }, { schema_id : 2, name : "4", type : "STRING" }, { schema_id : 3, name : "setosa", type : "STRING" }, { schema_id : 4, name : "versicolor", type : "STRING" }, { schema_id : 5, name : "virginica", type : "STRING" } ], import_data : true }; // prettier-ignore
    const res = await create(body);
    expect(res.statusCode).toBe(201);
    expect(res.json().import_task_id).toBeUndefined();
    const ds = await describeDataset(engine, res.json().dataset_id);
    expect(ds).toMatchObject({ status: 1, dataset_format: 1, import_data: true, exist_running_task: false });
    expect(ds.schema?.map((f) => f.name)).toEqual(['150', '4', 'setosa', 'versicolor', 'virginica']);
    expect(ds.data_sources[0].with_column_header).toBe(true);
  });
});

describe('D2 — behaviour', () => {
  it('answers before the import is done (status 8 while it runs)', async () => {
    const res = await create({ ...tableBody(uniqueName(), '/data/many/', '/data/out-many/'), dataset_type: 0 });
    expect(res.statusCode).toBe(201);
    const first = await describeDataset(engine, res.json().dataset_id);
    expect(first.total_sample_count).toBeLessThan(300);
    expect(first.status).toBe(8);
    expect(first.running_tasks_id).toEqual([res.json().import_task_id]);
    const done = await waitForImport(engine, res.json().dataset_id);
    expect(done.total_sample_count).toBe(300);
  });

  it('accepts every dataset type; only image types start an import', async () => {
    for (const type of DATASET_TYPE_IDS) {
      const res = await create({ ...tableBody(uniqueName(), '/data/in/', `/data/types/${type}/`), dataset_type: type });
      expect(res.statusCode, `type ${type}: ${res.body}`).toBe(201);
      expect(Boolean(res.json().import_task_id)).toBe([0, 1, 3].includes(type));
      const ds = await waitForImport(engine, res.json().dataset_id);
      expect(ds.dataset_type).toBe(type);
    }
  });

  it('accepts obs:// paths and paths without a trailing slash, and answers with canonical ones', async () => {
    const res = await create(tableBody(uniqueName(), 'obs://data/in', 'obs://other/out'));
    expect(res.statusCode, res.body).toBe(201);
    const ds = await describeDataset(engine, res.json().dataset_id);
    expect(ds.work_path).toBe('/other/out/');
    expect(ds.data_sources[0].data_path).toBe('/data/in/');
  });

  it('records import_annotations (default true) on the import task', async () => {
    const params = (taskId: string) =>
      JSON.parse((engine.ctx.sqlite.prepare('SELECT params FROM tasks WHERE id = ?').get(taskId) as { params: string }).params);
    const a = await create({ ...tableBody(uniqueName(), '/test-obs/detect/input/animals/', '/data/ia/'), dataset_type: 1 });
    expect(params(a.json().import_task_id).import_annotations).toBe(true);
    const b = await create({ ...tableBody(uniqueName(), '/test-obs/detect/input/animals/', '/data/ib/'), dataset_type: 1, import_annotations: false });
    expect(params(b.json().import_task_id).import_annotations).toBe(false);
    await waitForImport(engine, a.json().dataset_id);
    await waitForImport(engine, b.json().dataset_id);
  });

  it('refuses a name that exists with 4351', async () => {
    const name = uniqueName();
    expect((await create(tableBody(name, '/data/in/', '/data/o1/'))).statusCode).toBe(201);
    await expectError(tableBody(name, '/data/in/', '/data/o2/'), '4351');
  });

  it.each([
    ['a name with a space', { dataset_name: 'bad name' }],
    ['a name with a dot', { dataset_name: 'a.b' }],
    ['an empty name', { dataset_name: '' }],
    ['a 101-character name', { dataset_name: 'a'.repeat(101) }],
    ['a description with <', { description: 'a <b>' }],
    ['a description with &', { description: 'a & b' }],
    ['a 257-character description', { description: 'd'.repeat(257) }],
    ['an unknown dataset type', { dataset_type: 5 }],
    ['no data source', { data_sources: [] }],
    ['two data sources', { data_sources: [{ data_path: '/data/in/' }, { data_path: '/data/in/' }] }],
    ['a work path type other than 0', { work_path_type: 1 }],
    ['a missing work path', { work_path: undefined }],
  ])('refuses %s with 0101', async (_what, patch) => {
    await expectError({ ...tableBody(uniqueName(), '/data/in/', '/data/o3/'), ...patch }, '0101');
  });

  it('accepts a 100-character name and a 256-character description', async () => {
    const res = await create(tableBody('n'.repeat(100), '/data/in/', '/data/o4/', { description: 'd'.repeat(256) }));
    expect(res.statusCode, res.body).toBe(201);
  });

  it.each([
    ['a work path longer than 700 characters', '/data/in/', `/data/${'w'.repeat(700)}/`, '4350'],
    ['a bucket root as work path', '/data/in/', '/other/', '4316'],
    ['a bucket root as obs:// work path', '/data/in/', 'obs://other', '4316'],
    ['a missing input bucket', '/nobucket/in/', '/data/o5/', '4311'],
    ['a missing work-path bucket', '/data/in/', '/nobucket/out/', '4311'],
    ['a missing input path', '/data/nothing-here/', '/data/o6/', '4312'],
    ['a traversal in the input path', '/data/../etc/', '/data/o7/', '4313'],
    ['a traversal in the work path', '/data/in/', '/data/../../tmp/', '4313'],
    ['a relative input path', 'data/in/', '/data/o8/', '4313'],
    ['a work path inside the input path', '/data/in/', '/data/in/out/', '4205'],
    ['a bucket root holding the input as work path', '/data/in/', '/data/', '4316'],
    ['an input inside the work path', '/test-obs/classify/input/animals/', '/test-obs/classify/', '4205'],
    ['the same path for both', '/data/in/', 'obs://data/in', '4205'],
  ])('refuses %s with %s', async (_what, input, output, code) => {
    await expectError(tableBody(uniqueName(), input, output), code);
  });

  it('refuses data sources other than OBS with 4396', async () => {
    await expectError({ ...tableBody(uniqueName(), '/data/in/', '/data/o9/'), data_sources: [{ data_type: 1, data_path: '/data/in/' }] }, '4396');
  });

  it('writes nothing when a label is refused (4411 duplicate, 4413 wrong type)', async () => {
    const before = ListDatasetsResp.parse((await engine.call('GET', '/datasets?limit=100')).json()).total_number;
    const name = uniqueName();
    await expectError(
      { ...tableBody(name, '/test-obs/detect/input/animals/', '/data/refused/'), dataset_type: 0, labels: [{ name: 'Cat' }, { name: 'Cat' }] },
      '4411',
    );
    await expectError({ ...tableBody(name, '/test-obs/detect/input/animals/', '/data/refused/'), dataset_type: 0, labels: [{ name: 'Cat', type: 1 }] }, '4413');
    const after = ListDatasetsResp.parse((await engine.call('GET', '/datasets?limit=100')).json());
    expect(after.total_number).toBe(before);
    expect(after.datasets.some((d) => d.dataset_name === name)).toBe(false);
    expect(readdirSync(fsPathOf(engine, '/data/refused/'))).toEqual([]);
    // The name is still free.
    expect((await create(tableBody(name, '/data/in/', '/data/refused/'))).statusCode).toBe(201);
  });
});
