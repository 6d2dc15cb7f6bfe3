import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineContext } from '../context.js';
import { startImport } from '../import-tasks/service.js';
import { insertDataset, settle, writeImage } from '../import-tasks/test-fixtures.js';
import { readCounters, recount } from '../samples/repository.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { INTERRUPTED_CODE, INTERRUPTED_MSG } from './recover.js';
import { enqueueScripted, scriptedHandler, taskRow, testClock, waitFor } from './test-kit.js';

let dataDir: string;
const engines: TestEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What a kill -9 leaves: the row claimed by a process that no longer exists, its lease far ahead. */
function leaveClaimed(ctx: EngineContext, id: string, status: string, attempts: number): void {
  ctx.sqlite
    .prepare(`UPDATE tasks SET status = ?, claim_token = 'dead-process', lease_until = ?, attempts = ?, start_time = ? WHERE id = ?`)
    .run(status, ctx.now() + 3_600_000, attempts, ctx.now(), id);
}

const datasetStatus = (ctx: EngineContext, id: string) =>
  (ctx.sqlite.prepare('SELECT status FROM datasets WHERE id = ?').get(id) as { status: number }).status;

describe('recovery at start', () => {
  it('resumes what resumes and has attempts left, fails the rest with 4392 and their finish, keeps queued tasks queued', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dc-recover-'));
    const clock = testClock();
    const before = scriptedHandler('sync');
    const first = await makeTestEngine({ dataDir, now: clock.now, taskHandlers: [before.handler] });
    engines.push(first);
    const { resumed, exhausted, failing, queued } = first.ctx.sqlite.transaction(() => {
      const r = {
        resumed: enqueueScripted(first.ctx, 'sync', 'ok', { maxAttempts: 3 }),
        exhausted: enqueueScripted(first.ctx, 'sync', 'ok', { maxAttempts: 2 }),
        failing: enqueueScripted(first.ctx, 'export', 'ok'),
        // Waiting for a retry in an hour: the first engine leaves it queued.
        queued: enqueueScripted(first.ctx, 'sync', 'ok'),
      };
      leaveClaimed(first.ctx, r.resumed.id, 'RUNNING', 1);
      leaveClaimed(first.ctx, r.exhausted.id, 'RUNNING', 2);
      leaveClaimed(first.ctx, r.failing.id, 'INIT', 1);
      first.ctx.sqlite.prepare('UPDATE tasks SET next_run_at = ? WHERE id = ?').run(clock.now() + 3_600_000, r.queued.id);
      first.ctx.sqlite.prepare('UPDATE datasets SET status = 8 WHERE id IN (?, ?)').run(r.exhausted.datasetId, r.failing.datasetId);
      return r;
    })();
    await engines.pop()!.close();
    expect(before.starts).toEqual([]);

    const sync = scriptedHandler('sync');
    const exp = scriptedHandler('export', { onRestart: 'fail' });
    sync.scripts.set('ok', async (task) => ({ attempt: task.attempt }));
    clock.advance(3_600_001);
    const second = await makeTestEngine({ dataDir, now: clock.now, taskHandlers: [sync.handler, exp.handler] });
    engines.push(second);
    const ctx = second.ctx;

    for (const t of [exhausted, failing]) {
      expect(taskRow(ctx, t.id)).toMatchObject({ status: 'FAILED', error_code: INTERRUPTED_CODE, error_msg: INTERRUPTED_MSG, claim_token: null });
      expect(taskRow(ctx, t.id).end_time).toBe(clock.now());
    }
    expect(sync.finishes).toContainEqual({ id: exhausted.id, outcome: 'failed' });
    expect(exp.finishes).toEqual([{ id: failing.id, outcome: 'failed' }]);
    expect(exp.starts).toEqual([]);

    await waitFor(() => [resumed, queued].every((t) => taskRow(ctx, t.id).status === 'COMPLETED'), 'the resumed and queued tasks');
    expect(taskRow(ctx, resumed.id)).toMatchObject({ attempts: 2, result: { attempt: 2 } });
    expect(taskRow(ctx, queued.id)).toMatchObject({ attempts: 1, result: { attempt: 1 } });
    expect(sync.starts.map((s) => s.id).sort()).toEqual([resumed.id, queued.id].sort());
    // No task is left unfinished.
    const unfinished = ctx.sqlite.prepare('SELECT count(*) AS n FROM tasks WHERE end_time IS NULL').get() as { n: number };
    expect(unfinished.n).toBe(0);
  });

  it('resumes an import cut off half-way: it ends with every file imported once, the dataset normal, counters exact', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dc-recover-'));
    const first = await makeTestEngine({ dataDir });
    engines.push(first);
    const ds = insertDataset(first.ctx, { type: 0 });
    for (let i = 0; i < 4; i++) await writeImage(first.ctx, `/bucket/crash/${i}.jpg`, undefined, i);
    startImport(first.ctx, { datasetId: ds, importPath: '/bucket/crash/', importAnnotations: true });
    await settle(first.ctx);
    // More files arrive; a second import is cut off by a crash before it ends.
    for (let i = 4; i < 10; i++) await writeImage(first.ctx, `/bucket/crash/${i}.jpg`, undefined, i);
    const taskId = first.ctx.sqlite.transaction(() => {
      first.ctx.sqlite.prepare('UPDATE datasets SET status = 1 WHERE id = ?').run(ds);
      return startImport(first.ctx, { datasetId: ds, importPath: '/bucket/crash/', importAnnotations: true });
    })();
    leaveClaimed(first.ctx, taskId, 'RUNNING', 1);
    await engines.pop()!.close();

    const second = await makeTestEngine({ dataDir });
    engines.push(second);
    await settle(second.ctx);
    expect(taskRow(second.ctx, taskId)).toMatchObject({ status: 'COMPLETED', attempts: 2, error_code: null });
    // The six files that arrived after the first import are this task's, whichever run wrote them.
    expect(taskRow(second.ctx, taskId).result).toMatchObject({ imported_sample_count: 6, finished_file_count: 10 });
    expect(datasetStatus(second.ctx, ds)).toBe(1);
    const samples = second.ctx.sqlite.prepare('SELECT count(*) AS n FROM samples WHERE dataset_id = ?').get(ds) as { n: number };
    expect(samples.n).toBe(10);
    expect(readCounters(second.ctx, ds)).toEqual(recount(second.ctx, ds));
  });
});
