import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelArtsError } from '../../contract/errors.js';
import { makeTestEngine } from '../test-utils.js';
import { abortDatasetTasks, stopTask } from './queue.js';
import { getTask } from './repository.js';
import { REPORT_INTERVAL_MS, wakeTaskRunner } from './runner.js';
import { abortable, enqueueScripted, gate, scriptedEngine, scriptedHandler, taskRow, turns, waitFor } from './test-kit.js';

type Setup = Awaited<ReturnType<typeof scriptedEngine>>;
let open: Setup | undefined;
async function setup(opts: Parameters<typeof scriptedEngine>[1] = {}): Promise<Setup> {
  open = await scriptedEngine('sync', opts);
  return open;
}
afterEach(async () => {
  await open?.engine.close();
  open = undefined;
});

describe('task runner', () => {
  it('walks a task through QUEUING → STARTING → RUNNING → COMPLETED, writing reports at most once per interval', async () => {
    const { engine, clock, scripts, finishes } = await setup();
    const started = gate();
    const reported = gate();
    const proceed = gate();
    scripts.set('walk', async (task) => {
      started.open();
      await proceed.opened;
      task.running();
      task.report({ progress: 10, result: { seen: 1 } });
      task.report({ progress: 20, result: { seen: 2 } }); // same instant: kept, not written yet
      reported.open();
      await abortable(task.signal, clockMoved.opened);
      task.report({ progress: 30, result: { seen: 3 } });
      return { seen: 4, total: 4 };
    });
    const clockMoved = gate();
    const { id } = enqueueScripted(engine.ctx, 'sync', 'walk');
    expect(taskRow(engine.ctx, id)).toMatchObject({ status: 'QUEUING', attempts: 0 });
    await started.opened;
    expect(taskRow(engine.ctx, id)).toMatchObject({ status: 'STARTING', attempts: 1, start_time: clock.now(), end_time: null });
    proceed.open();
    await reported.opened;
    expect(taskRow(engine.ctx, id)).toMatchObject({ status: 'RUNNING', progress: 10, result: { seen: 1 } });
    clock.advance(REPORT_INTERVAL_MS);
    clockMoved.open();
    await waitFor(() => taskRow(engine.ctx, id).status === 'COMPLETED', 'completion');
    expect(taskRow(engine.ctx, id)).toMatchObject({ progress: 100, result: { seen: 4, total: 4 }, error_code: null, claim_token: null });
    expect(finishes).toEqual([{ id, outcome: 'succeeded' }]);
  });

  it('fails at once with the code of a ModelArtsError, keeping the reported result', async () => {
    const { engine, scripts, starts, finishes } = await setup();
    scripts.set('bad', async (task) => {
      task.report({ result: { partial: 7 } });
      throw new ModelArtsError('4362', 'bad data in line 3');
    });
    const { id } = enqueueScripted(engine.ctx, 'sync', 'bad');
    await waitFor(() => taskRow(engine.ctx, id).status === 'FAILED', 'failure');
    expect(taskRow(engine.ctx, id)).toMatchObject({ error_code: 'ModelArts.4362', error_msg: 'bad data in line 3', result: { partial: 7 }, attempts: 1 });
    expect(starts).toHaveLength(1);
    expect(finishes).toEqual([{ id, outcome: 'failed' }]);
  });

  it('retries an unexpected error after a backoff on the engine clock, then succeeds', async () => {
    const { engine, clock, scripts, starts } = await setup({ tasks: { retryBaseMs: 1_000 } });
    let runs = 0;
    scripts.set('flaky', async () => {
      if (++runs === 1) throw new Error('EIO: disk hiccup');
      return { ok: true };
    });
    const { id } = enqueueScripted(engine.ctx, 'sync', 'flaky');
    await waitFor(() => runs === 1 && taskRow(engine.ctx, id).status === 'QUEUING', 'the retry to be queued');
    const queued = taskRow(engine.ctx, id);
    expect(queued).toMatchObject({ attempts: 1, claim_token: null, next_run_at: clock.now() + 1_000, end_time: null });
    // Not due yet: the runner leaves it.
    clock.advance(999);
    wakeTaskRunner(engine.ctx);
    await turns();
    expect(runs).toBe(1);
    clock.advance(1);
    wakeTaskRunner(engine.ctx);
    await waitFor(() => taskRow(engine.ctx, id).status === 'COMPLETED', 'the retry to complete');
    expect(starts.map((s) => s.attempt)).toEqual([1, 2]);
    expect(taskRow(engine.ctx, id)).toMatchObject({ attempts: 2, result: { ok: true } });
  });

  it('fails with 4392 and a message without local paths once the attempts are used up, doubling the delay', async () => {
    const { engine, clock, scripts, starts, finishes } = await setup({ tasks: { retryBaseMs: 1_000 }, maxAttempts: 3 });
    scripts.set('broken', async () => {
      throw new Error(`ENOENT: no such file, open '${engine.ctx.dataDir}/obs/x/y.jpg'`);
    });
    const { id } = enqueueScripted(engine.ctx, 'sync', 'broken');
    for (const [attempt, delay] of [[1, 1_000], [2, 2_000]]) {
      await waitFor(() => starts.length === attempt && taskRow(engine.ctx, id).status === 'QUEUING', `retry ${attempt}`);
      expect(taskRow(engine.ctx, id).next_run_at).toBe(clock.now() + delay);
      clock.advance(delay);
      wakeTaskRunner(engine.ctx);
    }
    await waitFor(() => taskRow(engine.ctx, id).status === 'FAILED', 'the final failure');
    const row = taskRow(engine.ctx, id);
    expect(row).toMatchObject({ error_code: 'ModelArts.4392', attempts: 3 });
    expect(row.error_msg).toContain('/obs/x/y.jpg');
    expect(row.error_msg).not.toContain(engine.ctx.dataDir);
    expect(finishes).toEqual([{ id, outcome: 'failed' }]);
  });

  it('still ends the task when its finishing hook throws', async () => {
    const { engine } = await setup({
      taskHandlers: [
        {
          kind: 'export',
          onRestart: 'fail',
          run: async () => ({ ok: 1 }),
          finish: (_ctx, _p, outcome) => {
            if (outcome === 'succeeded') throw new Error('hook broke');
          },
        },
      ],
    });
    const { id } = enqueueScripted(engine.ctx, 'export', 'any');
    await waitFor(() => taskRow(engine.ctx, id).status === 'FAILED', 'failure');
    expect(taskRow(engine.ctx, id)).toMatchObject({ error_code: 'ModelArts.4392', error_msg: 'Task failed: hook broke' });
  });

  it('runs at most `concurrency` jobs at once, highest priority first, then oldest', async () => {
    const { engine, scripts } = await setup({ tasks: { concurrency: 2 } });
    const release = new Map<string, () => void>();
    let runningNow = 0;
    let most = 0;
    const order: string[] = [];
    scripts.set('hold', async (task) => {
      order.push(task.id);
      runningNow++;
      most = Math.max(most, runningNow);
      const g = gate();
      release.set(task.id, g.open);
      await g.opened;
      runningNow--;
    });
    const ids = engine.ctx.sqlite.transaction(() =>
      [0, 0, 5, 1, 5, 0].map((priority) => enqueueScripted(engine.ctx, 'sync', 'hold', { priority }).id),
    )();
    const [low1, low2, high1, mid, high2, low3] = ids;
    await waitFor(() => release.size === 2, 'two jobs');
    await turns();
    expect(order).toEqual([high1, high2]);
    expect(ids.filter((id) => taskRow(engine.ctx, id).status === 'QUEUING')).toHaveLength(4);
    while (release.size > 0) {
      const [first] = release.keys();
      const n = order.length;
      release.get(first)!();
      release.delete(first);
      if (n < ids.length) await waitFor(() => order.length === n + 1, 'the next job');
    }
    await waitFor(() => ids.every((id) => taskRow(engine.ctx, id).status === 'COMPLETED'), 'all jobs');
    expect(order).toEqual([high1, high2, mid, low1, low2, low3]);
    expect(most).toBe(2);
  });
});

describe('stopping tasks', () => {
  it('aborts a running job through its signal: FAILED 4393 and finish(failed)', async () => {
    const { engine, scripts, finishes } = await setup();
    let signal: AbortSignal | undefined;
    scripts.set('long', async (task) => {
      signal = task.signal;
      task.running();
      await abortable(task.signal);
    });
    const { id } = enqueueScripted(engine.ctx, 'sync', 'long');
    await waitFor(() => taskRow(engine.ctx, id).status === 'RUNNING', 'running');
    expect(stopTask(engine.ctx, id)).toBe(true);
    expect(signal?.aborted).toBe(true);
    await waitFor(() => taskRow(engine.ctx, id).status === 'FAILED', 'the stop');
    expect(taskRow(engine.ctx, id)).toMatchObject({ error_code: 'ModelArts.4393', error_msg: 'Task stopped', attempts: 1 });
    expect(finishes).toEqual([{ id, outcome: 'failed' }]);
    expect(stopTask(engine.ctx, id)).toBe(false);
    expect(stopTask(engine.ctx, 'no-such-task')).toBe(false);
  });

  it('fails a queued task at once without running it; a dataset deletion stops its tasks with its own reason', async () => {
    const { engine, scripts, starts, finishes } = await setup({ tasks: { concurrency: 1 } });
    scripts.set('long', (task) => abortable(task.signal));
    const first = enqueueScripted(engine.ctx, 'sync', 'long');
    await waitFor(() => starts.length === 1, 'the first job');
    const queued = enqueueScripted(engine.ctx, 'sync', 'long');
    await turns();
    expect(taskRow(engine.ctx, queued.id).status).toBe('QUEUING');
    expect(stopTask(engine.ctx, queued.id)).toBe(true);
    expect(taskRow(engine.ctx, queued.id)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4393' });
    expect(finishes).toEqual([{ id: queued.id, outcome: 'failed' }]);

    expect(abortDatasetTasks(engine.ctx, first.datasetId, new ModelArtsError('4344', 'Dataset deleted'))).toBe(1);
    await waitFor(() => taskRow(engine.ctx, first.id).status === 'FAILED', 'the abort');
    expect(taskRow(engine.ctx, first.id)).toMatchObject({ error_code: 'ModelArts.4344', error_msg: 'Dataset deleted' });
    expect(starts.map((s) => s.id)).toEqual([first.id]);
    expect(getTask(engine.ctx, queued.id)?.attempts).toBe(0);
  });
});

describe('engine shutdown', () => {
  it('puts resumable running jobs back in the queue for the next start and fails the others with 4393', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dc-shutdown-'));
    try {
      const sync = scriptedHandler('sync');
      const exp = scriptedHandler('export', { onRestart: 'fail' });
      sync.scripts.set('hold', (task) => abortable(task.signal));
      exp.scripts.set('hold', (task) => abortable(task.signal));
      const first = await makeTestEngine({ dataDir, taskHandlers: [sync.handler, exp.handler] });
      const resumable = enqueueScripted(first.ctx, 'sync', 'hold');
      const failing = enqueueScripted(first.ctx, 'export', 'hold');
      await waitFor(() => sync.starts.length === 1 && exp.starts.length === 1, 'both jobs');
      await first.close();
      expect(exp.finishes).toEqual([{ id: failing.id, outcome: 'failed' }]);

      const again = scriptedHandler('sync');
      again.scripts.set('hold', async (task) => ({ attempt: task.attempt }));
      const second = await makeTestEngine({ dataDir, taskHandlers: [again.handler, exp.handler] });
      try {
        expect(taskRow(second.ctx, failing.id)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4393', error_msg: 'Stopped: the engine is shutting down' });
        await waitFor(() => taskRow(second.ctx, resumable.id).status === 'COMPLETED', 'the resumed job');
        // The run the shutdown cut off does not count as an attempt.
        expect(taskRow(second.ctx, resumable.id)).toMatchObject({ attempts: 1, result: { attempt: 1 } });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
