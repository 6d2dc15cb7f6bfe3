import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskSummary } from '@contract/task';
import { rememberStartedTask } from '@/lib/started-tasks';
import { renderRoutes } from '@/test/render';
import { TaskList } from './components/task-list';
import { TaskNotifications } from './components/task-notifications';
import { CENTER, DATASET, serveTasks, task } from './test-tasks';

const POLL = 1_000;
let restore = () => {};
let visibility: DocumentVisibilityState = 'visible';

beforeEach(() => {
  sessionStorage.clear();
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  restore();
  vi.useRealTimers();
  Reflect.deleteProperty(document, 'visibilityState');
});

const setVisibility = (state: DocumentVisibilityState) =>
  act(() => {
    visibility = state;
    document.dispatchEvent(new Event('visibilitychange'));
  });
const intervals = (n: number) => act(() => vi.advanceTimersByTimeAsync(POLL * n));
const running = (n: number) => Array.from({ length: n }, (_, i) => task({ task_id: `tRUN${i}`, dataset_name: `ds-${i}` }));

/** quality-bar W4, counted at the network boundary. */
describe('polling (W4)', () => {
  it('sends one list request per interval for N running tasks, none while hidden, none once all are terminal', async () => {
    const tasks: TaskSummary[] = running(5);
    const network = serveTasks(tasks);
    restore = network.restore;
    renderRoutes([{ path: '/tasks', element: <TaskList canManage pollMs={POLL} /> }], '/tasks');
    await screen.findByText('ds-4');
    const lists = () => network.requests.filter((r) => r.path === CENTER).length;
    const all = () => network.requests.length;
    expect(all()).toBe(1);

    // 5 running tasks on screen: at most one request per interval, and only list requests (none per task).
    await intervals(5);
    expect(lists()).toBeGreaterThanOrEqual(5);
    expect(lists()).toBeLessThanOrEqual(6);
    expect(all()).toBe(lists());

    // Hidden tab: paused.
    await setVisibility('hidden');
    const beforeHidden = all();
    await intervals(8);
    expect(all()).toBe(beforeHidden);

    // Visible again: polling resumes.
    await setVisibility('visible');
    await intervals(2);
    expect(all()).toBeGreaterThan(beforeHidden);

    // Everything terminal: the next answer stops the polling for good.
    tasks.forEach((t) => Object.assign(t, { phase: 'succeeded', status: 'COMPLETED', progress: 100, end_time: Date.now() }));
    await intervals(1);
    await waitFor(() => expect(screen.getAllByText('Succeeded')).toHaveLength(5));
    const settled = all();
    await intervals(10);
    expect(all()).toBe(settled);
  });

  it('sends nothing after the first load when every task shown is terminal', async () => {
    const network = serveTasks([task({ phase: 'failed', status: 'FAILED' }), task({ task_id: 't2', phase: 'succeeded', status: 'COMPLETED', dataset_name: 'b' })]);
    restore = network.restore;
    renderRoutes([{ path: '/tasks', element: <TaskList canManage pollMs={POLL} /> }], '/tasks');
    await screen.findByText('b');
    await intervals(10);
    expect(network.requests).toHaveLength(1);
  });

  it('watches started tasks with one request each per interval and tells the user when they end', async () => {
    const tasks = [task({ task_id: 'tEXP', kind: 'export', status: 'RUNNING' }), task({ task_id: 'tIMP', dataset_name: 'birds' })];
    const network = serveTasks(tasks);
    restore = network.restore;
    rememberStartedTask({ task_id: 'tEXP', kind: 'export', dataset_id: DATASET });
    rememberStartedTask({ task_id: 'tIMP', kind: 'import', dataset_id: DATASET });
    const finished: string[] = [];
    renderRoutes([{ path: '/', element: <TaskNotifications pollMs={POLL} onFinished={(t) => finished.push(t.task_id)} /> }], '/');
    await waitFor(() => expect(network.requests).toHaveLength(2));

    await intervals(3);
    // N = 2 watched unfinished tasks: ≤ N requests per interval (plus the first load).
    expect(network.requests.length).toBeLessThanOrEqual(2 * 4);

    Object.assign(tasks[0], { phase: 'succeeded', status: 'SUCCESSED', progress: 100, result: { manifest_path: '/b/out/x.manifest' } });
    Object.assign(tasks[1], { phase: 'failed', status: 'FAILED', error_code: 'ModelArts.4312', error_msg: 'Path does not exist' });
    await intervals(1);
    expect(await screen.findByText('Export finished: pets')).toBeTruthy();
    expect(screen.getByText('Import failed: birds')).toBeTruthy();
    expect(screen.getByText('Path does not exist (ModelArts.4312)')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Open task' })).toHaveLength(2);
    expect(finished.sort()).toEqual(['tEXP', 'tIMP']);
    await waitFor(() => expect(JSON.parse(sessionStorage.getItem('dc.started-tasks') ?? '[]')).toEqual([]));

    // Nothing left to watch: no more requests.
    const settled = network.requests.length;
    await intervals(5);
    expect(network.requests.length).toBe(settled);
  });

  it('drops a started task the task center does not know', async () => {
    const network = serveTasks([]);
    restore = network.restore;
    rememberStartedTask({ task_id: 'tGONE', kind: 'sync', dataset_id: DATASET });
    renderRoutes([{ path: '/', element: <TaskNotifications pollMs={POLL} /> }], '/');
    await waitFor(() => expect(JSON.parse(sessionStorage.getItem('dc.started-tasks') ?? '[]')).toEqual([]));
    await intervals(3);
    expect(network.requests).toHaveLength(1);
  });
});
