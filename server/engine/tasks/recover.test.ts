import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDataset } from '../import-tasks/test-fixtures.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { INTERRUPTED_CODE, recoverTasks } from './recover.js';
import { getTask, insertTask, randomAlphanumeric } from './repository.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

function leftTask(status: string, datasetStatus: number) {
  const datasetId = insertDataset(engine.ctx, { type: 0, status: datasetStatus });
  const id = `${datasetId}_${randomAlphanumeric(8)}`;
  insertTask(engine.ctx, { id, datasetId, kind: 'import', status, params: {}, result: { imported_sample_count: 12 } });
  return { id, datasetId };
}
const datasetStatus = (id: string) =>
  (engine.ctx.sqlite.prepare('SELECT status FROM datasets WHERE id = ?').get(id) as { status: number }).status;

describe('recoverTasks', () => {
  it('fails the tasks a restart interrupted and gives their datasets back', () => {
    const running = leftTask('RUNNING', 8);
    const starting = leftTask('STARTING', 8);
    const queuing = leftTask('QUEUING', 8);
    const completed = leftTask('COMPLETED', 1);
    const deleting = leftTask('RUNNING', 2);

    const failed = recoverTasks(engine.ctx);

    expect(failed.sort()).toEqual([running.id, starting.id, queuing.id, deleting.id].sort());
    for (const t of [running, starting, queuing]) {
      const row = getTask(engine.ctx, t.id)!;
      expect(row).toMatchObject({ status: 'FAILED', error_code: INTERRUPTED_CODE });
      expect(row.error_msg).toMatch(/interrupted by a restart/);
      expect(row.end_time).toBeGreaterThan(0);
      expect(JSON.parse(row.result)).toEqual({ imported_sample_count: 12 });
      expect(datasetStatus(t.datasetId)).toBe(1);
    }
    expect(getTask(engine.ctx, completed.id)?.status).toBe('COMPLETED');
    // A dataset being deleted stays so: only the statuses tasks set are given back.
    expect(datasetStatus(deleting.datasetId)).toBe(2);
    expect(recoverTasks(engine.ctx)).toEqual([]);
  });
});
