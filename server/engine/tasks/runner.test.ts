import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelArtsError } from '../../contract/errors.js';
import { insertDataset, settle } from '../import-tasks/test-fixtures.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { getTask, insertTask, randomAlphanumeric } from './repository.js';
import { abortAllTasks, abortTask, submitTask, type TaskHandle, type TaskOutcome } from './runner.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

/** A queued `tasks` row for a fresh dataset. */
function newTask(): { id: string; datasetId: string } {
  const datasetId = insertDataset(engine.ctx, { type: 0, status: 8 });
  const id = `${datasetId}_${randomAlphanumeric(8)}`;
  insertTask(engine.ctx, { id, datasetId, kind: 'import', status: 'QUEUING', params: {}, result: {} });
  return { id, datasetId };
}

const row = (id: string) => {
  const r = getTask(engine.ctx, id)!;
  return { ...r, result: JSON.parse(r.result) as Record<string, unknown> };
};
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('task runner', () => {
  it('walks a task through QUEUING → STARTING → RUNNING → COMPLETED with its progress and result', async () => {
    const { id } = newTask();
    const started = gate();
    const proceed = gate();
    let handle!: TaskHandle;
    const outcomes: TaskOutcome[] = [];
    const done = submitTask(engine.ctx, {
      id,
      kind: 'import',
      run: async (task) => {
        handle = task;
        started.open();
        await proceed.opened;
        task.running();
        task.report({ progress: 10, result: { seen: 1 } });
        task.report({ progress: 20, result: { seen: 2 } }); // within 500 ms: not written yet
        return { seen: 3, total: 3 };
      },
      finish: (outcome) => outcomes.push(outcome),
    });
    expect(row(id).status).toBe('QUEUING');
    await started.opened;
    expect(row(id)).toMatchObject({ status: 'STARTING', end_time: null });
    expect(row(id).start_time).toBeGreaterThan(0);
    expect(engine.ctx.background.has(done)).toBe(true);
    proceed.open();
    await done;
    expect(handle.signal.aborted).toBe(false);
    expect(row(id)).toMatchObject({ status: 'COMPLETED', progress: 100, result: { seen: 3, total: 3 }, error_code: null });
    expect(row(id).end_time).toBeGreaterThanOrEqual(row(id).start_time!);
    expect(outcomes).toEqual(['succeeded']);
    expect(engine.ctx.background.has(done)).toBe(false);
  });

  it('writes progress reports while the job runs, at most one per interval', async () => {
    const { id } = newTask();
    const reported = gate();
    const proceed = gate();
    const done = submitTask(engine.ctx, {
      id,
      kind: 'import',
      run: async (task) => {
        task.running();
        task.report({ progress: 40, result: { finished: 4 } });
        task.report({ progress: 50, result: { finished: 5 } });
        reported.open();
        await proceed.opened;
      },
    });
    await reported.opened;
    expect(row(id)).toMatchObject({ status: 'RUNNING', progress: 40, result: { finished: 4 } });
    proceed.open();
    await done;
    expect(row(id)).toMatchObject({ status: 'COMPLETED', result: { finished: 5 } });
  });

  it('fails a task with the code of the error the job throws', async () => {
    const { id } = newTask();
    const outcomes: TaskOutcome[] = [];
    await submitTask(engine.ctx, {
      id,
      kind: 'import',
      run: async (task) => {
        task.report({ result: { partial: 7 } });
        throw new ModelArtsError('4362', 'bad data in line 3');
      },
      finish: (outcome) => outcomes.push(outcome),
    });
    expect(row(id)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4362', error_msg: 'bad data in line 3', result: { partial: 7 } });
    expect(outcomes).toEqual(['failed']);
  });

  it('reports an unexpected error as 4392 without local file-system paths', async () => {
    const { id } = newTask();
    await submitTask(engine.ctx, {
      id,
      kind: 'import',
      run: async () => {
        throw new Error(`ENOENT: no such file, open '${engine.ctx.dataDir}/obs/x/y.jpg'`);
      },
    });
    const r = row(id);
    expect(r).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4392' });
    expect(r.error_msg).toContain('/obs/x/y.jpg');
    expect(r.error_msg).not.toContain(engine.ctx.dataDir);
  });

  it('still ends the task when the finishing hook throws', async () => {
    const { id } = newTask();
    await submitTask(engine.ctx, {
      id,
      kind: 'import',
      run: async () => ({ ok: 1 }),
      finish: () => {
        throw new Error('hook broke');
      },
    });
    expect(row(id)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4392' });
  });

  it('stops a running job through its signal and a queued one before it starts', async () => {
    const blockers = [newTask(), newTask()];
    const release = gate();
    const running = blockers.map(({ id }) =>
      submitTask(engine.ctx, {
        id,
        kind: 'import',
        run: async (task) => {
          await Promise.race([release.opened, new Promise((_, reject) => task.signal.addEventListener('abort', () => reject(task.signal.reason)))]);
        },
      }),
    );
    const queued = newTask();
    let queuedRan = false;
    const queuedDone = submitTask(engine.ctx, {
      id: queued.id,
      kind: 'import',
      run: async () => {
        queuedRan = true;
      },
    });
    await tick();
    // Two tasks run at once: the third waits.
    expect(row(blockers[0].id).status).toBe('STARTING');
    expect(row(queued.id).status).toBe('QUEUING');

    expect(abortTask(engine.ctx, queued.id)).toBe(true);
    await queuedDone;
    expect(queuedRan).toBe(false);
    expect(row(queued.id)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4393' });

    expect(abortTask(engine.ctx, blockers[0].id, new ModelArtsError('4344', 'Dataset is being deleted'))).toBe(true);
    await running[0];
    expect(row(blockers[0].id)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4344' });

    release.open();
    await running[1];
    expect(row(blockers[1].id).status).toBe('COMPLETED');
    expect(abortTask(engine.ctx, blockers[1].id)).toBe(false);
    await settle(engine.ctx);
  });

  it('runs a queued task as soon as a slot frees', async () => {
    const tasks = [newTask(), newTask(), newTask()];
    const release = gate();
    const order: string[] = [];
    const done = tasks.map(({ id }, i) =>
      submitTask(engine.ctx, {
        id,
        kind: 'import',
        run: async () => {
          order.push(`start ${i}`);
          if (i === 0) await release.opened;
          order.push(`end ${i}`);
        },
      }),
    );
    await Promise.all([done[1], done[2]]);
    expect(order).toEqual(['start 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    release.open();
    await done[0];
  });
});

describe('abortAllTasks', () => {
  it('stops every running and queued task, so closing the engine does not wait for them', async () => {
    const tasks = [newTask(), newTask(), newTask()];
    const done = tasks.map(({ id }) =>
      submitTask(engine.ctx, {
        id,
        kind: 'import',
        run: (task) => new Promise((_, reject) => task.signal.addEventListener('abort', () => reject(task.signal.reason))),
      }),
    );
    await tick();
    expect(abortAllTasks(engine.ctx, new ModelArtsError('4393', 'Engine shutting down'))).toBe(3);
    await Promise.all(done);
    for (const { id } of tasks) expect(row(id)).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4393', error_msg: 'Engine shutting down' });
  });
});
