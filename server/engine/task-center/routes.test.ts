import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelArtsError } from '../../contract/errors.js';
import { ListTasksResp, TASK_CENTER_PATH, TaskSummary } from '../../contract/task.js';
import { insertDataset } from '../import-tasks/test-fixtures.js';
import { enqueueTask } from '../tasks/queue.js';
import { abortable, enqueueScripted, scriptedEngine, scriptedHandler, waitFor } from '../tasks/test-kit.js';

let s: Awaited<ReturnType<typeof scriptedEngine>>;
const exportHandler = scriptedHandler('export', { onRestart: 'fail' });
const ids: Record<'done' | 'failed' | 'running' | 'queued' | 'stopped', string> = { done: '', failed: '', running: '', queued: '', stopped: '' };
let doneDataset = '';

beforeAll(async () => {
  s = await scriptedEngine('sync', { tasks: { concurrency: 1 }, taskHandlers: [exportHandler.handler] });
  const { engine, clock, scripts } = s;
  scripts.set('quick', async () => ({ imported_sample_count: 3 }));
  scripts.set('hold', (task) => {
    task.running();
    task.report({ progress: 40, message: 'Halfway there' });
    return abortable(task.signal);
  });
  exportHandler.scripts.set('bad', async () => {
    throw new ModelArtsError('4384', 'export_format 9 is not valid');
  });
  exportHandler.scripts.set('hold', (task) => abortable(task.signal));

  const datasetId = insertDataset(engine.ctx, { type: 0, name: 'cats-and-dogs' });
  doneDataset = datasetId;
  ids.done = engine.ctx.sqlite.transaction(
    () =>
      enqueueTask(engine.ctx, {
        id: `${datasetId}_done`,
        kind: 'sync',
        datasetId,
        params: { script: 'quick', dataset_id: datasetId, _plan: { secret: true } },
        result: { _internal: 1 },
      }).id,
  )();
  await waitFor(() => phaseOf(ids.done) === 'succeeded', 'the first task');
  clock.advance(1_000);
  ids.failed = enqueueScripted(engine.ctx, 'export', 'bad').id;
  await waitFor(() => phaseOf(ids.failed) === 'failed', 'the failing task');
  clock.advance(1_000);
  ids.running = enqueueScripted(engine.ctx, 'sync', 'hold').id;
  await waitFor(() => phaseOf(ids.running) === 'running', 'the running task');
  clock.advance(1_000);
  ids.queued = enqueueScripted(engine.ctx, 'export', 'hold').id;
  clock.advance(1_000);
  ids.stopped = enqueueScripted(engine.ctx, 'sync', 'hold').id;
  const stopped = await s.engine.call('POST', `${TASK_CENTER_PATH}/${ids.stopped}/stop`);
  expect(stopped.body).toBe('');
  expect(stopped.statusCode).toBe(204);
});
afterAll(() => s.engine.close());

function phaseOf(id: string): string | undefined {
  const row = s.engine.ctx.sqlite.prepare('SELECT status, error_code, claim_token FROM tasks WHERE id = ?').get(id) as
    | { status: string; error_code: string | null; claim_token: string | null }
    | undefined;
  if (!row) return undefined;
  if (row.status === 'COMPLETED' || row.status === 'SUCCESSED') return 'succeeded';
  if (row.status === 'FAILED') return row.error_code === 'ModelArts.4393' ? 'stopped' : 'failed';
  return row.claim_token ? 'running' : 'queued';
}

async function list(query = '') {
  const res = await s.engine.call('GET', `${TASK_CENTER_PATH}${query}`);
  expect(res.statusCode).toBe(200);
  return ListTasksResp.parse(res.json());
}

async function one(id: string) {
  const res = await s.engine.call('GET', `${TASK_CENTER_PATH}/${id}`);
  expect(res.statusCode).toBe(200);
  return TaskSummary.parse(res.json());
}

const errorOf = (res: { statusCode: number; json: () => { error_code: string } }) => ({ status: res.statusCode, code: res.json().error_code });

describe('task center', () => {
  it('lists every kind, unfinished first (oldest first), then finished ones (newest first), with phases', async () => {
    const all = await list();
    expect(all.tasks.map((t) => t.task_id)).toEqual([ids.running, ids.queued, ids.stopped, ids.failed, ids.done]);
    expect(all).toMatchObject({ total_count: 5, active_count: 2 });
    expect(all.tasks.map((t) => [t.kind, t.status, t.phase])).toEqual([
      ['sync', 'RUNNING', 'running'],
      ['export', 'INIT', 'queued'],
      ['sync', 'FAILED', 'stopped'],
      ['export', 'FAILED', 'failed'],
      ['sync', 'COMPLETED', 'succeeded'],
    ]);
    expect(all.tasks[0]).toMatchObject({ progress: 40, attempts: 1, message: 'Halfway there' });
    expect(all.tasks[0].result).not.toHaveProperty('_message');
    expect(all.tasks[3]).toMatchObject({ error_code: 'ModelArts.4384', error_msg: 'export_format 9 is not valid' });
  });

  it('shows the dataset’s name, and the params and result without the engine’s own fields', async () => {
    const done = await one(ids.done);
    expect(done).toMatchObject({
      dataset_id: doneDataset,
      dataset_name: 'cats-and-dogs',
      progress: 100,
      params: { script: 'quick', dataset_id: doneDataset },
      result: { imported_sample_count: 3 },
    });
    expect(done.params).not.toHaveProperty('_plan');
    expect(done.result).not.toHaveProperty('_internal');
    expect(done.end_time).toBeGreaterThanOrEqual(done.start_time!);
  });

  it('filters by kind, phase and dataset, and pages', async () => {
    expect((await list('?kind=export')).tasks.map((t) => t.task_id)).toEqual([ids.queued, ids.failed]);
    expect((await list('?phase=queued,running')).tasks.map((t) => t.task_id)).toEqual([ids.running, ids.queued]);
    expect(await list('?phase=stopped,succeeded&kind=sync')).toMatchObject({ total_count: 2, active_count: 0 });
    expect((await list(`?dataset_id=${doneDataset}`)).tasks.map((t) => t.task_id)).toEqual([ids.done]);
    const page = await list('?limit=2&offset=1');
    expect(page.tasks.map((t) => t.task_id)).toEqual([ids.stopped, ids.failed]);
    expect(page).toMatchObject({ total_count: 5, active_count: 2 });
    expect(errorOf(await s.engine.call('GET', `${TASK_CENTER_PATH}?kind=import,bogus`))).toEqual({ status: 400, code: 'ModelArts.0101' });
  });

  it('answers 4700 for a task that does not exist', async () => {
    expect(errorOf(await s.engine.call('GET', `${TASK_CENTER_PATH}/no-such-task`))).toEqual({ status: 400, code: 'ModelArts.4700' });
    expect(errorOf(await s.engine.call('POST', `${TASK_CENTER_PATH}/no-such-task/stop`))).toEqual({ status: 400, code: 'ModelArts.4700' });
  });

  it('stops a queued and a running task; a finished one answers 0107', async () => {
    expect((await s.engine.call('POST', `${TASK_CENTER_PATH}/${ids.queued}/stop`)).statusCode).toBe(204);
    expect(await one(ids.queued)).toMatchObject({ phase: 'stopped', status: 'FAILED', error_code: 'ModelArts.4393', attempts: 0 });
    expect((await s.engine.call('POST', `${TASK_CENTER_PATH}/${ids.running}/stop`)).statusCode).toBe(204);
    await waitFor(() => phaseOf(ids.running) === 'stopped', 'the running task to stop');
    expect(await one(ids.running)).toMatchObject({ phase: 'stopped', error_code: 'ModelArts.4393' });
    expect(exportHandler.finishes).toContainEqual({ id: ids.queued, outcome: 'failed' });
    for (const id of [ids.done, ids.running]) {
      expect(errorOf(await s.engine.call('POST', `${TASK_CENTER_PATH}/${id}/stop`))).toEqual({ status: 400, code: 'ModelArts.0107' });
    }
    expect(await list()).toMatchObject({ active_count: 0 });
  });

  it('is marked as a local extension in the OpenAPI document', async () => {
    const doc = (await s.engine.app.inject({ method: 'GET', url: '/v2/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const paths = Object.entries(doc.paths).filter(([p]) => p.includes('/task-center/'));
    expect(paths.length).toBe(3);
    for (const [, ops] of paths) for (const op of Object.values(ops)) expect(op.tags).toEqual(['local-extension']);
  });
});
