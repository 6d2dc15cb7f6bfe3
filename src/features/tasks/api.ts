import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { CreateExportTaskResp } from '@contract/export-task';
import { CreateImportTaskResp, SyncStatusResp } from '@contract/import-task';
import { ListTasksResp, TASK_CENTER_PATH, TaskSummary, isPhaseTerminal, type TaskKind, type TaskPhase } from '@contract/task';
import type { Role } from '@contract/bff';
import { apiPath, getJson, http, parse } from '@/lib/http';
import { rememberStartedTask } from '@/lib/started-tasks';

/** How often a list with unfinished tasks, or a task someone waits for, is polled while the tab is visible. */
export const TASK_POLL_MS = 2_000;

/** Filters of the task list, as the URL keeps them. `offset` is a page index (API quirk). */
export interface TaskListFilters {
  kind?: TaskKind[];
  phase?: TaskPhase[];
  dataset_id?: string;
  offset: number;
  limit: number;
}

export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => [...taskKeys.all, 'list'] as const,
  list: (filters: TaskListFilters) => [...taskKeys.lists(), filters] as const,
  details: () => [...taskKeys.all, 'detail'] as const,
  detail: (taskId: string) => [...taskKeys.details(), taskId] as const,
};

const centerPath = (suffix = '') => apiPath(`${TASK_CENTER_PATH}${suffix}`);
const taskPath = (taskId: string) => centerPath(`/${encodeURIComponent(taskId)}`);

/** The API takes lists as comma-separated values; empty filters are left out. */
function listParams(f: TaskListFilters) {
  return {
    ...(f.kind?.length ? { kind: f.kind.join(',') } : {}),
    ...(f.phase?.length ? { phase: f.phase.join(',') } : {}),
    ...(f.dataset_id ? { dataset_id: f.dataset_id } : {}),
    offset: f.offset,
    limit: f.limit,
  };
}

export const listTasks = (filters: TaskListFilters, signal?: AbortSignal) =>
  http.get(centerPath(), { params: listParams(filters), signal }).then((res) => parse(ListTasksResp, res.data));

export const getTask = (taskId: string, signal?: AbortSignal) =>
  http.get(taskPath(taskId), { signal }).then((res) => parse(TaskSummary, res.data));

export const stopTask = (taskId: string) => http.post(`${taskPath(taskId)}/stop`).then(() => undefined);

const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * quality-bar W4: poll only while something on screen can still change, once per interval for the whole list,
 * four times slower in a hidden tab (react-query also skips ticks while hidden, since
 * refetchIntervalInBackground stays false; the slower interval covers browsers that report focus oddly).
 */
export function pollInterval(active: boolean, pollMs: number): number | false {
  if (!active) return false;
  return hidden() ? pollMs * 4 : pollMs;
}

export const taskQueries = {
  list: (filters: TaskListFilters, pollMs = TASK_POLL_MS) =>
    queryOptions({
      queryKey: taskKeys.list(filters),
      queryFn: ({ signal }) => listTasks(filters, signal),
      placeholderData: keepPreviousData,
      refetchInterval: (q) => pollInterval(!!q.state.data?.tasks.some((t) => !isPhaseTerminal(t.phase)), pollMs),
      refetchIntervalInBackground: false,
    }),
  detail: (taskId: string, pollMs = TASK_POLL_MS) =>
    queryOptions({
      queryKey: taskKeys.detail(taskId),
      queryFn: ({ signal }) => getTask(taskId, signal),
      refetchInterval: (q) => pollInterval(q.state.data !== undefined && !isPhaseTerminal(q.state.data.phase), pollMs),
      refetchIntervalInBackground: false,
    }),
};

/** Who may start, stop and retry tasks: data managers and admins (the BFF's role allow-list says the same). */
export const canManageTasks = (role: Role | undefined) => role === 'admin' || role === 'manager';

/** Kinds whose request the console can send again; a publish is redone from the Versions tab, a batch edit from the gallery (its count is confirmed there). */
export const RETRYABLE_KINDS: readonly TaskKind[] = ['import', 'export', 'sync'];

export const canRetry = (task: TaskSummary) =>
  RETRYABLE_KINDS.includes(task.kind) && (task.phase === 'failed' || task.phase === 'stopped') && !!task.dataset_id && !!task.dataset_name;

export const canStop = (task: TaskSummary) => !isPhaseTerminal(task.phase);

/**
 * Sends a failed or stopped task's request again to its own API (I2, E2, Y1) and remembers the new task so
 * the user is told when it ends. `params` holds the request as it was sent, plus `dataset_id`.
 */
export async function retryTask(task: TaskSummary): Promise<string> {
  const datasetId = task.dataset_id;
  if (!canRetry(task) || !datasetId) throw new Error(`A ${task.kind} task in phase ${task.phase} cannot be retried`);
  // The task center already hides internal (`_`) fields; the dataset id belongs in the path, not the body.
  const body = Object.fromEntries(Object.entries(task.params).filter(([k]) => k !== 'dataset_id' && !k.startsWith('_')));
  const dataset = apiPath(`/datasets/${encodeURIComponent(datasetId)}`);
  let taskId: string;
  if (task.kind === 'import') {
    taskId = parse(CreateImportTaskResp, (await http.post(`${dataset}/import-tasks`, body)).data).task_id;
  } else if (task.kind === 'export') {
    taskId = parse(CreateExportTaskResp, (await http.post(`${dataset}/export-tasks`, body)).data).task_id;
  } else {
    // Y1 answers without a body: the sync it started is the dataset's last one (Y2).
    await http.post(`${dataset}/sync-data`);
    const status = await getJson(SyncStatusResp, `${dataset}/sync-data/status`);
    if (!status.task_id) throw new Error('The sync was accepted but reported no task');
    taskId = status.task_id;
  }
  rememberStartedTask({ task_id: taskId, kind: task.kind, dataset_id: datasetId });
  return taskId;
}

function useTaskMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Each action shows its own error next to where it was asked for.
    meta: { silent: true },
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export const useStopTask = () => useTaskMutation((taskId: string) => stopTask(taskId));
export const useRetryTask = () => useTaskMutation((task: TaskSummary) => retryTask(task));
