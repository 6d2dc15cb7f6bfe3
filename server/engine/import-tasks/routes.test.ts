import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportTaskStatusResp, ListImportTasksResp, isImportTerminal } from '../../contract/import-task.js';
import { insertTask } from '../tasks/repository.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { insertDataset, settle, writeImage, writeText } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
  await writeImage(engine.ctx, '/photos/pets/cat/1.jpg', undefined, 1);
  await writeImage(engine.ctx, '/photos/pets/dog/2.png', undefined, 2);
  writeText(engine.ctx, '/photos/docs/readme.txt', 'no images here');
  writeText(engine.ctx, '/photos/lists/pets.manifest', `${JSON.stringify({ source: 'obs://photos/pets/cat/1.jpg' })}\n`);
  writeText(engine.ctx, '/photos/lists/none.manifest', `${JSON.stringify({ source: 'obs://photos/pets/cat/missing.jpg' })}\nnot json\n`);
});
afterAll(() => engine.close());

const tasksUrl = (datasetId: string) => `/datasets/${datasetId}/import-tasks`;

async function waitForTask(datasetId: string, taskId: string): Promise<ImportTaskStatusResp> {
  for (;;) {
    const res = await engine.call('GET', `${tasksUrl(datasetId)}/${taskId}`);
    expect(res.statusCode).toBe(200);
    const task = ImportTaskStatusResp.parse(res.json());
    if (isImportTerminal(task.status)) return task;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('I2 POST /datasets/{id}/import-tasks', () => {
  it('imports a folder, and I3 / I1 report the task', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    const res = await engine.call('POST', tasksUrl(ds), { import_path: 'obs://photos/pets/', import_type: 'dir', import_annotations: true });
    expect(res.statusCode).toBe(200);
    const { task_id } = res.json();
    expect(task_id).toMatch(new RegExp(`^${ds}_[A-Za-z0-9]+$`));

    const task = await waitForTask(ds, task_id);
    expect(task).toMatchObject({
      task_id,
      dataset_id: ds,
      import_path: 'obs://photos/pets/',
      import_type: 0,
      status: 'COMPLETED',
      data_source: { data_type: 0, data_path: 'obs://photos/pets/' },
      total_sample_count: 2,
      imported_sample_count: 2,
      annotated_sample_count: 2,
      file_statistics: { file_num_total: 2, file_num_finished: 2 },
    });
    expect(task.create_time).toBeGreaterThan(0);
    expect(task.update_ms).toBeGreaterThanOrEqual(task.create_time);

    const list = await engine.call('GET', tasksUrl(ds));
    expect(list.statusCode).toBe(200);
    expect(ListImportTasksResp.parse(list.json())).toMatchObject({ total_count: 1, import_tasks: [{ task_id, status: 'COMPLETED' }] });
  });

  it('imports a manifest (import_type inferred from the file) and accepts options at their defaults', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    const res = await engine.call('POST', tasksUrl(ds), {
      import_path: '/photos/lists/pets.manifest',
      import_origin: 'obs',
      import_samples: true,
      final_annotation: true,
      difficult_only: false,
      included_labels: [],
      data_source: { data_type: 0, data_path: '/photos/lists/pets.manifest' },
    });
    expect(res.statusCode).toBe(200);
    const task = await waitForTask(ds, res.json().task_id);
    expect(task).toMatchObject({ status: 'COMPLETED', import_type: 1, imported_sample_count: 1 });
  });

  it.each([
    ['a missing bucket', { import_path: '/nobucket/x/' }, 'ModelArts.4311'],
    ['a missing folder', { import_path: '/photos/nothing/' }, 'ModelArts.4312'],
    ['a traversal path', { import_path: '/photos/../../etc/' }, 'ModelArts.4313'],
    ['a folder without images', { import_path: '/photos/docs/' }, 'ModelArts.4340'],
    ['a manifest naming no existing image', { import_path: '/photos/lists/none.manifest' }, 'ModelArts.4340'],
    ['no import_path', { import_type: 'dir' }, 'ModelArts.0101'],
    ['an unknown import_type', { import_path: '/photos/pets/', import_type: 'zip' }, 'ModelArts.0101'],
    ['a dir import of a file', { import_path: '/photos/lists/pets.manifest', import_type: 'dir' }, 'ModelArts.0101'],
    ['a manifest import of a folder', { import_path: '/photos/pets/', import_type: 'manifest' }, 'ModelArts.0101'],
  ])('rejects %s', async (_name, body, code) => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    const res = await engine.call('POST', tasksUrl(ds), body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error_code: code, error_msg: expect.any(String) });
    expect((await engine.call('GET', tasksUrl(ds))).json().total_count).toBe(0);
  });

  it('rejects the options that need table or database sources, naming them', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    const res = await engine.call('POST', tasksUrl(ds), { import_path: '/photos/pets/', import_origin: 'dli', included_labels: ['cat'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.0101');
    expect(res.json().error_msg).toMatch(/import_origin dli/);
  });

  it('answers 4352 for an unknown dataset, 4383 for a text dataset, 4356 while an import runs', async () => {
    const unknown = await engine.call('POST', tasksUrl('NoSuchDataset000000'), { import_path: '/photos/pets/' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error_code).toBe('ModelArts.4352');

    const text = insertDataset(engine.ctx, { type: 100 });
    const textRes = await engine.call('POST', tasksUrl(text), { import_path: '/photos/pets/' });
    expect(textRes.statusCode).toBe(501);
    expect(textRes.json().error_code).toBe('ModelArts.4383');

    const busy = insertDataset(engine.ctx, { type: 0, status: 8 });
    insertTask(engine.ctx, { id: `${busy}_running01`, datasetId: busy, kind: 'import', status: 'RUNNING', params: {}, result: {} });
    const busyRes = await engine.call('POST', tasksUrl(busy), { import_path: '/photos/pets/' });
    expect(busyRes.statusCode).toBe(400);
    expect(busyRes.json()).toEqual({ error_code: 'ModelArts.4356', error_msg: expect.stringContaining(`${busy}_running01`) });
    await settle(engine.ctx);
  });
});

describe('I1 / I3', () => {
  it('pages the list newest first, offset being a page index', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await engine.call('POST', tasksUrl(ds), { import_path: '/photos/pets/' });
      ids.push(res.json().task_id);
      await settle(engine.ctx);
    }
    const page = async (offset: number, limit: number) => (await engine.call('GET', `${tasksUrl(ds)}?offset=${offset}&limit=${limit}`)).json();
    expect((await page(0, 2)).import_tasks.map((t: { task_id: string }) => t.task_id)).toEqual([ids[2], ids[1]]);
    expect(await page(1, 2)).toMatchObject({ total_count: 3, import_tasks: [{ task_id: ids[0] }] });
    // Later imports of the same files find them present.
    expect((await page(0, 1)).import_tasks[0]).toMatchObject({ imported_sample_count: 0, finished_file_count: 2 });
  });

  it('answers 4352 for an unknown dataset, 4200 for an unknown task, 0101 for a bad limit', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    const cases: [string, number, string][] = [
      [tasksUrl('NoSuchDataset000000'), 400, 'ModelArts.4352'],
      [`${tasksUrl('NoSuchDataset000000')}/x_1`, 400, 'ModelArts.4352'],
      [`${tasksUrl(ds)}/${ds}_nosuchtask`, 400, 'ModelArts.4200'],
      [`${tasksUrl(ds)}?limit=0`, 400, 'ModelArts.0101'],
      [`${tasksUrl(ds)}?limit=101`, 400, 'ModelArts.0101'],
      [`${tasksUrl(ds)}?offset=-1`, 400, 'ModelArts.0101'],
    ];
    for (const [url, status, code] of cases) {
      const res = await engine.call('GET', url);
      expect({ url, status: res.statusCode, code: res.json().error_code }).toEqual({ url, status, code });
    }
  });
});
