import type { QueryClient } from '@tanstack/react-query';
import { TASK_CENTER_PATH, TaskSummary, isPhaseTerminal } from '@contract/task';
import { ApiError } from '@/lib/api-error';
import { apiPath, http, parse } from '@/lib/http';
import { forgetStartedTask } from '@/lib/started-tasks';
import type { BatchProgress, BatchResult } from './batch-run';

/** How often a running batch task is read (quality-bar W4; tests lower it). Four times slower in a hidden tab. */
export const batchTaskPolling = { ms: 2_000 };

const taskPath = (taskId: string) => apiPath(`${TASK_CENTER_PATH}/${encodeURIComponent(taskId)}`);

/**
 * The task center's own cache key for a task: the console's task notifications poll the same task (it is
 * remembered as started), so a read either of them made moments ago serves both — one request per interval.
 */
const taskDetailKey = (taskId: string) => ['tasks', 'detail', taskId] as const;

const readTask = (client: QueryClient, taskId: string, signal?: AbortSignal) =>
  client.fetchQuery({
    queryKey: taskDetailKey(taskId),
    queryFn: () => http.get(taskPath(taskId), { signal }).then((res) => parse(TaskSummary, res.data)),
    staleTime: batchTaskPolling.ms / 2,
  });

/** Asks the engine to stop the task between two chunks; the chunks done keep their change. */
export const stopBatchTask = (taskId: string) => http.post(`${taskPath(taskId)}/stop`).then(() => undefined);

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * Follows a batch task in the task center until it ends: one request at a time, one per interval, none
 * once it has ended (quality-bar W4). Reports samples visited of those matched; answers the task's
 * `{ matched, changed }`, or throws: an AbortError when it was stopped, an ApiError when it failed.
 */
export async function followBatchTask(
  client: QueryClient,
  taskId: string,
  matched: number,
  onProgress: (p: BatchProgress) => void,
  signal?: AbortSignal,
): Promise<BatchResult> {
  for (;;) {
    const task = await readTask(client, taskId, signal);
    onProgress({ phase: 'writing', done: Math.min(matched, num(task.result.visited)), total: matched });
    if (isPhaseTerminal(task.phase)) {
      // The gallery tells the user the outcome itself: the console-wide notification would say it twice.
      forgetStartedTask(taskId);
      if (task.phase === 'succeeded') return { matched: num(task.result.matched), changed: num(task.result.changed) };
      if (task.phase === 'stopped') throw new DOMException(task.error_msg ?? 'Stopped', 'AbortError');
      throw new ApiError(200, task.error_code ?? 'ModelArts.0010', task.error_msg ?? 'The batch task failed');
    }
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    await sleep(hidden ? batchTaskPolling.ms * 4 : batchTaskPolling.ms, signal);
  }
}
