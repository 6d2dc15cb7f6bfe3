import { useSyncExternalStore } from 'react';
import type { TaskKind } from '@contract/task';

/**
 * Tasks this browser tab's user started (an import, an export, a sync …), so that the console can tell them
 * when one finishes or fails wherever they are. Kept in sessionStorage: a reload keeps watching, another
 * user on another browser is not told about them.
 */
export interface StartedTask {
  task_id: string;
  kind: TaskKind;
  dataset_id?: string;
  started_at: number;
}

const KEY = 'dc.started-tasks';
/** Older entries are dropped: nobody waits a week for a notification. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const listeners = new Set<() => void>();
let cache: { raw: string | null; tasks: StartedTask[] } = { raw: null, tasks: [] };

function read(): StartedTask[] {
  const raw = typeof sessionStorage !== 'undefined' ? sessionStorage.getItem(KEY) : null;
  if (raw === cache.raw) return cache.tasks;
  let tasks: StartedTask[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) tasks = parsed.filter((t): t is StartedTask => typeof t?.task_id === 'string' && typeof t?.kind === 'string');
  } catch {
    tasks = [];
  }
  cache = { raw, tasks };
  return tasks;
}

function write(tasks: StartedTask[]): void {
  sessionStorage.setItem(KEY, JSON.stringify(tasks));
  listeners.forEach((l) => l());
}

export function rememberStartedTask(task: Omit<StartedTask, 'started_at'>): void {
  const now = Date.now();
  const kept = read().filter((t) => t.task_id !== task.task_id && now - t.started_at < MAX_AGE_MS);
  write([...kept, { ...task, started_at: now }]);
}

/** Called once the user has been told the task ended. */
export function forgetStartedTask(taskId: string): void {
  const tasks = read();
  if (tasks.some((t) => t.task_id === taskId)) write(tasks.filter((t) => t.task_id !== taskId));
}

export function useStartedTasks(): StartedTask[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    () => [],
  );
}
