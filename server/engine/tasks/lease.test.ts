import { afterEach, describe, expect, it } from 'vitest';
import { enqueueTask } from './queue.js';
import { updateClaimedTask } from './repository.js';
import { claimNext, wakeTaskRunner } from './runner.js';
import { abortable, enqueueScripted, gate, scriptedEngine, taskRow, turns, waitFor } from './test-kit.js';

const LEASE = 10_000;
type Setup = Awaited<ReturnType<typeof scriptedEngine>>;
let open: Setup | undefined;
afterEach(async () => {
  await open?.engine.close();
  open = undefined;
});

describe('claims and leases', () => {
  it('takes over a task whose claimant died once its lease has passed; the dead claimant’s late writes are ignored', async () => {
    open = await scriptedEngine('sync', { tasks: { leaseMs: LEASE } });
    const { engine, clock, scripts, starts } = open;
    scripts.set('count', async (task) => {
      task.report({ progress: 50, result: { counted: task.attempt } });
      return { done: true };
    });
    // The dead claimant: it claims in the same turn as the enqueue, before this engine's runner looks.
    const { id, dead } = engine.ctx.sqlite.transaction(() => {
      const t = enqueueScripted(engine.ctx, 'sync', 'count');
      return { id: t.id, dead: claimNext(engine.ctx, LEASE)! };
    })();
    expect(dead.row.id).toBe(id);
    expect(updateClaimedTask(engine.ctx, id, dead.token, { progress: 5 })).toBe(true);

    await turns();
    wakeTaskRunner(engine.ctx);
    await turns();
    // Its lease still holds: nobody else runs the task.
    expect(starts).toEqual([]);
    expect(taskRow(engine.ctx, id)).toMatchObject({ status: 'STARTING', claim_token: dead.token, attempts: 1, progress: 5 });

    clock.advance(LEASE + 1);
    wakeTaskRunner(engine.ctx);
    await waitFor(() => taskRow(engine.ctx, id).status === 'COMPLETED', 'the take-over');
    expect(starts).toEqual([{ id, attempt: 2 }]);
    expect(taskRow(engine.ctx, id)).toMatchObject({ attempts: 2, result: { counted: 2, done: true }, progress: 100 });

    // The dead claimant wakes up and reports: nothing of it lands.
    expect(updateClaimedTask(engine.ctx, id, dead.token, { progress: 7, result: { counted: 1 }, status: 'FAILED' })).toBe(false);
    expect(taskRow(engine.ctx, id)).toMatchObject({ status: 'COMPLETED', progress: 100, result: { counted: 2, done: true } });
  });

  it('aborts a job whose row another runner claimed after its lease passed, and stops its writes', async () => {
    open = await scriptedEngine('sync', { tasks: { leaseMs: LEASE, heartbeatMs: 5 } });
    const { engine, clock, scripts, finishes } = open;
    const reported = gate();
    let late: (() => void) | undefined;
    let signal: AbortSignal | undefined;
    scripts.set('slow', async (task) => {
      signal = task.signal;
      task.running();
      task.report({ progress: 20 });
      reported.open();
      late = () => task.report({ progress: 90, result: { late: true } });
      await abortable(task.signal);
    });
    const { id } = enqueueScripted(engine.ctx, 'sync', 'slow');
    await reported.opened;
    // This engine's event loop stalls past the lease; another runner claims the row meanwhile.
    clock.advance(LEASE + 1);
    const other = claimNext(engine.ctx, LEASE)!;
    expect(other.row).toMatchObject({ id, attempts: 2 });
    expect(other.expired).toBe(true);

    await waitFor(() => signal?.aborted === true, 'the heartbeat to find the claim lost');
    clock.advance(1_000);
    late!();
    await turns();
    expect(taskRow(engine.ctx, id)).toMatchObject({ status: 'STARTING', claim_token: other.token, progress: 20, end_time: null });
    expect(taskRow(engine.ctx, id).result).not.toHaveProperty('late');
    expect(finishes).toEqual([]);
  });

  it('fails a task of a kind that does not resume when its claimant died', async () => {
    open = await scriptedEngine('sync', { onRestart: 'fail', tasks: { leaseMs: LEASE } });
    const { engine, clock, starts, finishes } = open;
    const { id } = engine.ctx.sqlite.transaction(() => {
      const t = enqueueScripted(engine.ctx, 'sync', 'none');
      claimNext(engine.ctx, LEASE);
      return t;
    })();
    clock.advance(LEASE + 1);
    wakeTaskRunner(engine.ctx);
    await waitFor(() => taskRow(engine.ctx, id).status === 'FAILED', 'the failure');
    expect(taskRow(engine.ctx, id)).toMatchObject({ error_code: 'ModelArts.4392', claim_token: null });
    expect(starts).toEqual([]);
    expect(finishes).toEqual([{ id, outcome: 'failed' }]);
  });
});

describe('idempotency keys', () => {
  it('returns the task a key already created for the kind, inserting one row', async () => {
    open = await scriptedEngine('sync');
    const { engine } = open;
    const first = enqueueScripted(engine.ctx, 'sync', 'none', { idempotencyKey: 'key-1' });
    const again = enqueueTask(engine.ctx, { id: 'another-id', kind: 'sync', datasetId: first.datasetId, params: {}, idempotencyKey: 'key-1' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const count = (key: string) =>
      (engine.ctx.sqlite.prepare('SELECT count(*) AS n FROM tasks WHERE idempotency_key = ?').get(key) as { n: number }).n;
    expect(count('key-1')).toBe(1);
    // Another kind has its own keys.
    expect(enqueueTask(engine.ctx, { id: 'export-id', kind: 'export', datasetId: first.datasetId, params: {}, idempotencyKey: 'key-1' }).created).toBe(true);
    expect(count('key-1')).toBe(2);
  });
});
