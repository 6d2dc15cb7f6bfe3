import type { TaskSummary } from '@contract/task';
import { apiError, installFakeNetwork, json, type FakeHandler } from '@/test/fake-network';
import { TEST_PROJECT } from '@/test/render';

export const DATASET = 'dsAAAAAAAAAAAAAAAAA';
export const API = `/api/v2/${TEST_PROJECT}`;
export const CENTER = `${API}/task-center/tasks`;

/** A task as the task center reports it; a running import of "pets" at 25% unless told otherwise. */
export function task(over: Partial<TaskSummary> = {}): TaskSummary {
  const now = Date.now();
  return {
    task_id: 'tAAAAAAAAAAAAAAAAA1',
    kind: 'import',
    dataset_id: DATASET,
    dataset_name: 'pets',
    status: 'RUNNING',
    phase: 'running',
    progress: 25,
    create_time: now - 61_000,
    start_time: now - 60_000,
    update_time: now,
    attempts: 1,
    params: { dataset_id: DATASET, import_path: '/bucket/pets/', import_type: 'dir', import_annotations: true },
    result: {},
    ...over,
  };
}

/**
 * The task center over an in-test list (filtered by dataset and phase like the engine), plus `extra` for
 * other routes (retries). Returns the request log.
 */
export function serveTasks(tasks: TaskSummary[], extra: FakeHandler = () => apiError(404, 'ModelArts.4204', 'no fake')) {
  return installFakeNetwork((req) => {
    if (req.method === 'GET' && req.path === CENTER) {
      const phases = typeof req.params.phase === 'string' ? req.params.phase.split(',') : undefined;
      const kinds = typeof req.params.kind === 'string' ? req.params.kind.split(',') : undefined;
      const rows = tasks.filter(
        (t) => (!req.params.dataset_id || t.dataset_id === req.params.dataset_id) && (!phases || phases.includes(t.phase)) && (!kinds || kinds.includes(t.kind)),
      );
      return json({ total_count: rows.length, active_count: rows.filter((t) => t.phase === 'queued' || t.phase === 'running').length, tasks: rows });
    }
    if (req.method === 'GET' && req.path.startsWith(`${CENTER}/`)) {
      const found = tasks.find((t) => req.path === `${CENTER}/${t.task_id}`);
      return found ? json(found) : apiError(400, 'ModelArts.4700', 'Task does not exist');
    }
    if (req.method === 'POST' && req.path.endsWith('/stop')) return { status: 204 };
    return extra(req);
  });
}
