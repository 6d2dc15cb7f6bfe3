import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListDatasetsResp } from '../../contract/dataset.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { describeDataset, fsPathOf, seedFolder, tableBody, waitForImport } from './test-helpers.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
  // A clock that never returns the same millisecond twice makes create_time order observable.
  let clock = Date.now();
  engine.ctx.now = () => (clock = Math.max(clock + 10, Date.now()));
  await seedFolder(engine, '/lists/in/');
  await seedFolder(engine, '/imgs/in/', 4);
});
afterAll(() => engine.close());

const list = async (query: string) => {
  const res = await engine.call('GET', `/datasets${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return ListDatasetsResp.parse(res.json());
};
const names = (r: ListDatasetsResp) => r.datasets.map((d) => d.dataset_name);
const createTable = async (name: string, type = 400) => {
  const res = await engine.call('POST', '/datasets', { ...tableBody(name, '/lists/in/', `/lists/out-${name}/`), dataset_type: type });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().dataset_id as string;
};

describe('D1 list datasets', () => {
  beforeAll(async () => {
    // Created in this order: create_time ascending = alpha, Charlie, bravo_x, delta%1, echo (text type).
    for (const name of ['alpha', 'Charlie', 'bravo_x', 'delta_1']) await createTable(name);
    await createTable('echo', 100);
  });

  it('lists newest first by default, with the total', async () => {
    const r = await list('');
    expect(r.total_number).toBe(5);
    expect(names(r)).toEqual(['echo', 'delta_1', 'bravo_x', 'Charlie', 'alpha']);
  });

  it('pages with offset as page index', async () => {
    expect(names(await list('?limit=2&offset=0'))).toEqual(['echo', 'delta_1']);
    expect(names(await list('?limit=2&offset=1'))).toEqual(['bravo_x', 'Charlie']);
    const last = await list('?limit=2&offset=2');
    expect(names(last)).toEqual(['alpha']);
    expect(last.total_number).toBe(5);
    expect(names(await list('?limit=2&offset=3'))).toEqual([]);
  });

  it('sorts by create_time ascending and by name both ways', async () => {
    expect(names(await list('?order=asc'))).toEqual(['alpha', 'Charlie', 'bravo_x', 'delta_1', 'echo']);
    expect(names(await list('?sort_by=dataset_name&order=asc'))).toEqual(['Charlie', 'alpha', 'bravo_x', 'delta_1', 'echo']);
    expect(names(await list('?sort_by=dataset_name&order=desc'))).toEqual(['echo', 'delta_1', 'bravo_x', 'alpha', 'Charlie']);
  });

  it('filters by part of the name, case-insensitively, with _ and % taken literally', async () => {
    expect(names(await list('?search_content=CHAR'))).toEqual(['Charlie']);
    expect(names(await list('?search_content=a&sort_by=dataset_name&order=asc'))).toEqual(['Charlie', 'alpha', 'bravo_x', 'delta_1']);
    expect(names(await list('?search_content=_'))).toEqual(['delta_1', 'bravo_x']);
    expect((await list('?search_content=%25')).total_number).toBe(0);
    expect((await list('?search_content=zzz')).total_number).toBe(0);
  });

  it('filters by dataset type', async () => {
    expect(names(await list('?dataset_type=100'))).toEqual(['echo']);
    expect((await list('?dataset_type=400')).total_number).toBe(4);
    expect((await list('?dataset_type=0')).total_number).toBe(0);
  });

  it('gives each item the detail fields', async () => {
    const [first] = (await list('?limit=1')).datasets;
    expect(first).toMatchObject({ dataset_name: 'echo', dataset_type: 100, status: 1, total_sample_count: 0, labels: [] });
    expect(first.inner_work_path).toMatch(/^\/lists\/out-echo\/echo-[A-Za-z0-9]{19}\/$/);
  });

  it.each(['limit=0', 'limit=101', 'offset=-1', 'order=up', 'sort_by=size', 'dataset_type=7', 'limit=ten'])(
    'refuses %s with 0101',
    async (q) => {
      const res = await engine.call('GET', `/datasets?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error_code).toBe('ModelArts.0101');
    },
  );

  it('accepts limit 100 and defaults to 10', async () => {
    for (let i = 0; i < 7; i++) await createTable(`bulk-${i}`);
    expect((await list('')).datasets).toHaveLength(10);
    expect((await list('?limit=100')).datasets).toHaveLength(12);
  });
});

describe('D3 dataset detail', () => {
  it('counts samples after an import and reports running tasks from the tasks table', async () => {
    const res = await engine.call('POST', '/datasets', {
      ...tableBody('images', '/imgs/in/', '/imgs/out/'),
      dataset_type: 0,
      labels: [{ name: 'cat' }],
    });
    const id = res.json().dataset_id as string;
    const ds = await waitForImport(engine, id);
    expect(ds).toMatchObject({ total_sample_count: 4, annotated_sample_count: 0, unconfirmed_sample_count: 0, exist_running_task: false });
    expect(ds.labels).toEqual([expect.objectContaining({ name: 'cat', type: 0, count: 0, sample_count: 0 })]);

    // A task of another kind, still running.
    const now = Date.now();
    engine.ctx.sqlite
      .prepare("INSERT INTO tasks (id, dataset_id, kind, status, create_time, update_time) VALUES ('exp1', ?, 'export', 'RUNNING', ?, ?)")
      .run(id, now, now);
    const running = await describeDataset(engine, id);
    expect(running).toMatchObject({ exist_running_task: true, running_tasks_id: ['exp1'] });
    expect((await describeDataset(engine, id, '?check_running_task=true&running_task_type=2')).running_tasks_id).toEqual(['exp1']);
    expect((await describeDataset(engine, id, '?check_running_task=true&running_task_type=5')).exist_running_task).toBe(false);
  });

  it('answers an unknown dataset with 400 ModelArts.4352', async () => {
    const res = await engine.call('GET', '/datasets/AAAAAAAAAAAAAAAAAAA');
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4352');
  });
});

describe('D4 modify a dataset', () => {
  let id: string;
  beforeAll(async () => {
    id = await createTable('to-edit', 900);
  });
  const put = (body: unknown, target = id) => engine.call('PUT', `/datasets/${target}`, body);

  it('renames and describes; the internal paths stay where they were made', async () => {
    const before = await describeDataset(engine, id);
    const res = await put({ dataset_name: 'edited', description: 'new words' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ dataset_id: id });
    const after = await describeDataset(engine, id);
    expect(after).toMatchObject({ dataset_name: 'edited', description: 'new words', inner_work_path: before.inner_work_path });
    expect(after.update_time).toBeGreaterThan(before.update_time);
  });

  it('refuses a name another dataset has with 4351, and keeps the dataset as it was', async () => {
    const res = await put({ dataset_name: 'alpha', description: 'changed' });
    expect(res.json().error_code).toBe('ModelArts.4351');
    expect((await describeDataset(engine, id)).description).toBe('new words');
  });

  it('refuses a bad name or description with 0101', async () => {
    expect((await put({ dataset_name: 'no spaces allowed' })).json().error_code).toBe('ModelArts.0101');
    expect((await put({ description: "it's" })).json().error_code).toBe('ModelArts.0101');
  });

  it('refuses any current_version_id with 4353 (no versions yet)', async () => {
    const res = await put({ current_version_id: 'AAAAAAAAAAAAAAAAAAA' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4353');
  });

  it('refuses an unknown dataset with 4352', async () => {
    expect((await put({ description: 'x' }, 'nosuchdataset000000')).json().error_code).toBe('ModelArts.4352');
  });

  describe('labels', () => {
    let imgId: string;
    beforeAll(async () => {
      const res = await engine.call('POST', '/datasets', { ...tableBody('label-edits', '/imgs/in/', '/imgs/edits/'), dataset_type: 1 });
      imgId = res.json().dataset_id;
      await waitForImport(engine, imgId);
    });
    const labelNames = async () => (await describeDataset(engine, imgId)).labels.map((l) => l.name);

    it('adds, updates and deletes labels', async () => {
      expect((await put({ add_labels: [{ name: 'cat' }, { name: 'dog', property: { '@modelarts:color': '#112233' } }] }, imgId)).statusCode).toBe(200);
      expect(await labelNames()).toEqual(['cat', 'dog']);
      const upd = await put({ update_labels: [{ name: 'dog', property: { '@modelarts:color': '#445566' } }] }, imgId);
      expect(upd.statusCode, upd.body).toBe(200);
      const dog = (await describeDataset(engine, imgId)).labels.find((l) => l.name === 'dog');
      expect(dog?.property?.['@modelarts:color']).toBe('#445566');
      expect((await put({ delete_labels: [{ name: 'cat' }] }, imgId)).statusCode).toBe(200);
      expect(await labelNames()).toEqual(['dog']);
    });

    it('replaces a label in one request (delete, then add)', async () => {
      const res = await put({ delete_labels: [{ name: 'dog' }], add_labels: [{ name: 'dog', property: { '@modelarts:color': '#000000' } }] }, imgId);
      expect(res.statusCode, res.body).toBe(200);
      expect((await describeDataset(engine, imgId)).labels.map((l) => [l.name, l.property?.['@modelarts:color']])).toEqual([['dog', '#000000']]);
    });

    it('rolls back the whole change when a label edit fails', async () => {
      const res = await put({ description: 'should not stick', add_labels: [{ name: 'dog' }] }, imgId);
      expect(res.statusCode).toBe(400);
      expect(res.json().error_code).toBe('ModelArts.4411');
      const del = await put({ dataset_name: 'renamed-label-edits', delete_labels: [{ name: 'no-such-label' }] }, imgId);
      expect(del.json().error_code).toBe('ModelArts.4410');
      const ds = await describeDataset(engine, imgId);
      expect(ds).toMatchObject({ dataset_name: 'label-edits', description: '' });
      expect(ds.labels.map((l) => l.name)).toEqual(['dog']);
    });
  });
});

describe('D5 delete a dataset', () => {
  it('removes the dataset (204) but keeps the source files and the work-path files', async () => {
    const res = await engine.call('POST', '/datasets', { ...tableBody('doomed', '/imgs/in/', '/imgs/doomed-out/'), dataset_type: 0, labels: [{ name: 'x' }] });
    const id = res.json().dataset_id as string;
    const ds = await waitForImport(engine, id);
    const del = await engine.call('DELETE', `/datasets/${id}`);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expect((await engine.call('GET', `/datasets/${id}`)).json().error_code).toBe('ModelArts.4352');
    expect((await list('?search_content=doomed')).total_number).toBe(0);
    expect(existsSync(fsPathOf(engine, '/imgs/in/img-0000.jpg'))).toBe(true);
    expect(existsSync(fsPathOf(engine, ds.inner_annotation_path))).toBe(true);
    const left = engine.ctx.sqlite.prepare('SELECT (SELECT count(*) FROM samples WHERE dataset_id = ?) + (SELECT count(*) FROM labels WHERE dataset_id = ?) AS n').get(id, id);
    expect(left).toEqual({ n: 0 });
    // The name is free again.
    expect((await engine.call('POST', '/datasets', tableBody('doomed', '/imgs/in/', '/imgs/doomed-2/'))).statusCode).toBe(201);
  });

  it('stops a running import and leaves no rows behind', async () => {
    await seedFolder(engine, '/imgs/big/', 200);
    const res = await engine.call('POST', '/datasets', { ...tableBody('busy', '/imgs/big/', '/imgs/busy-out/'), dataset_type: 0 });
    const id = res.json().dataset_id as string;
    expect((await describeDataset(engine, id)).status).toBe(8);
    expect((await engine.call('DELETE', `/datasets/${id}`)).statusCode).toBe(204);
    await Promise.allSettled([...engine.ctx.background]);
    const rows = engine.ctx.sqlite
      .prepare('SELECT (SELECT count(*) FROM samples WHERE dataset_id = ?) + (SELECT count(*) FROM tasks WHERE dataset_id = ?) AS n')
      .get(id, id);
    expect(rows).toEqual({ n: 0 });
    expect((await list('')).total_number).toBeGreaterThan(0);
  });

  it('answers an unknown dataset with 4352', async () => {
    const res = await engine.call('DELETE', '/datasets/AAAAAAAAAAAAAAAAAAA');
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4352');
  });
});
