import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineContext } from '../context.js';
import { createLabels } from '../labels/service.js';
import { stopTask } from '../tasks/queue.js';
import { stopTaskRunner } from '../tasks/runner.js';
import { taskRow, testClock, waitFor } from '../tasks/test-kit.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { batchTuning } from './batch-task.js';
import { insertSamples, readCounters, recount } from './repository.js';
import { createTestDataset, newSample } from './test-fixtures.js';

/** The batch task walks in chunks of 4 here: 15 matches are 4 chunks. */
const CHUNK = 4;
let dataDir: string;
const engines: TestEngine[] = [];
beforeEach(() => {
  batchTuning.chunk = CHUNK;
  dataDir = mkdtempSync(path.join(tmpdir(), 'dc-batch-'));
});
afterEach(async () => {
  batchTuning.chunk = 1000;
  for (const e of engines.splice(0)) await e.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function engineWith(now?: () => number) {
  const e = await makeTestEngine({ dataDir, now });
  engines.push(e);
  return e;
}

/** 30 samples: 15 in /one/ (every one a cat, every other one also a dog), 15 in /two/ unlabeled. */
async function seeded(ctx: EngineContext) {
  const ds = await createTestDataset(ctx);
  createLabels(ctx, ds, 0, [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }]);
  insertSamples(
    ctx,
    ds,
    Array.from({ length: 30 }, (_, i) => ({
      ...newSample(`/bucket/${i < 15 ? 'one' : 'two'}/img-${String(i).padStart(2, '0')}.jpg`, i < 15 ? (i % 2 ? ['cat', 'dog'] : ['cat']) : []),
      final: true,
    })),
  );
  return ds;
}

async function start(e: TestEngine, ds: string, body: unknown): Promise<string> {
  const res = await e.call('POST', `/datasets/${ds}/data-annotations/samples/batch-by-filter`, body);
  expect(res.statusCode).toBe(200);
  return res.json().task_id as string;
}
const ended = (e: TestEngine, id: string) => waitFor(() => taskRow(e.ctx, id).end_time !== null, 'the batch task');
const countWith = async (e: TestEngine, ds: string, label: string) =>
  (await e.call('GET', `/datasets/${ds}/data-annotations/samples?limit=1&label_name=${label}`)).json().sample_count as number;
const exact = (e: TestEngine, ds: string) => expect(readCounters(e.ctx, ds)).toEqual(recount(e.ctx, ds));
const visited = (e: TestEngine, id: string) => Number(taskRow(e.ctx, id).result.visited ?? 0);

describe('batch-by-filter as a task, in chunks', () => {
  it('visits each match once even when the action changes what matches; counters exact', async () => {
    const e = await engineWith();
    const ds = await seeded(e.ctx);
    // Removing `dog` from the samples filtered by `dog`: each chunk takes matches out of the filter.
    const id = await start(e, ds, { label_name: 'dog', action: 'remove_labels', labels: [{ name: 'dog' }], expected_count: 7 });
    await ended(e, id);
    expect(taskRow(e.ctx, id)).toMatchObject({ status: 'COMPLETED', progress: 100, result: { matched: 7, changed: 7 } });
    expect(await countWith(e, ds, 'dog')).toBe(0);
    expect(await countWith(e, ds, 'cat')).toBe(15);
    // Deleting over several chunks.
    const del = await start(e, ds, { search_conditions: [{ sample_dir: '/bucket/two/' }], action: 'delete' });
    await ended(e, del);
    expect(taskRow(e.ctx, del).result).toMatchObject({ matched: 15, changed: 15 });
    expect(readCounters(e.ctx, ds).samples.total).toBe(15);
    exact(e, ds);
  });

  it('reports rising progress while it runs, and answers requests between chunks', async () => {
    const clock = testClock();
    const e = await engineWith(clock.now);
    const ds = await seeded(e.ctx);
    const id = await start(e, ds, { action: 'add_labels', labels: [{ name: 'bird' }] });
    const seen: number[] = [];
    await waitFor(() => {
      // Reports are written at most every 500 ms of the engine's clock.
      clock.advance(600);
      const p = taskRow(e.ctx, id).progress;
      if (seen.at(-1) !== p) seen.push(p);
      return taskRow(e.ctx, id).end_time !== null;
    });
    expect(seen.length).toBeGreaterThan(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    expect(taskRow(e.ctx, id).result).toMatchObject({ matched: 30, changed: 30 });
    exact(e, ds);
  });

  it('a stop leaves the chunks done applied, whole, and nothing else; counters exact', async () => {
    const e = await engineWith();
    const ds = await seeded(e.ctx);
    const id = await start(e, ds, { action: 'add_labels', labels: [{ name: 'bird' }] });
    await waitFor(() => visited(e, id) >= CHUNK, 'a first chunk');
    expect(stopTask(e.ctx, id)).toBe(true);
    await ended(e, id);
    const task = (await e.call('GET', `/task-center/tasks/${id}`)).json();
    expect(task).toMatchObject({ phase: 'stopped', error_code: 'ModelArts.4393' });
    const done = task.result.visited as number;
    expect(done % CHUNK).toBe(0);
    expect(done).toBeLessThan(30);
    expect(task.result.changed).toBe(done);
    expect(await countWith(e, ds, 'bird')).toBe(done);
    exact(e, ds);
  });

  it('resumes after a restart from its last chunk: every sample changed once, counters exact', async () => {
    const first = await engineWith();
    const ds = await seeded(first.ctx);
    const id = await start(first, ds, { action: 'set_labels', labels: [{ name: 'bird' }] });
    await waitFor(() => visited(first, id) >= CHUNK, 'a first chunk');
    // What the engine's shutdown does first: the job is aborted between two chunks and goes back to the
    // queue with its cursor.
    stopTaskRunner(first.ctx);
    while (first.ctx.background.size > 0) await Promise.allSettled([...first.ctx.background]);
    const cut = taskRow(first.ctx, id);
    expect(cut).toMatchObject({ status: 'QUEUING', end_time: null });
    expect(Number(cut.result.visited)).toBeLessThan(30);
    expect(await countWith(first, ds, 'bird')).toBe(cut.result.visited);
    await engines.pop()!.close();

    const second = await engineWith();
    await ended(second, id);
    expect(taskRow(second.ctx, id)).toMatchObject({ status: 'COMPLETED', result: { matched: 30, changed: 30 } });
    expect(await countWith(second, ds, 'bird')).toBe(30);
    expect(await countWith(second, ds, 'cat')).toBe(0);
    exact(second, ds);
    // Running the same batch again changes nothing: every action is idempotent.
    const again = await start(second, ds, { action: 'set_labels', labels: [{ name: 'bird' }] });
    await ended(second, again);
    expect(taskRow(second.ctx, again).result).toMatchObject({ matched: 30, changed: 0 });
    exact(second, ds);
  });
});
