import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { ListLabelsResp } from '@contract/label';
import {
  CreateImportTaskBody,
  CreateImportTaskResp,
  ImportTaskStatusResp,
  ListImportTasksResp,
  SyncStatusResp,
  isImportTerminal,
} from '@contract/import-task';
import { apiPath, getJson, http, parse } from '@/lib/http';
import { IDEMPOTENCY_HEADER } from '@/lib/idempotency-key';
import { rememberStartedTask } from '@/lib/started-tasks';

/** How often a running import is polled; the poll stops by itself on a terminal status. */
export const IMPORT_POLL_MS = 1500;
/** How often a running sync's status is polled (stops on a terminal status). */
export const SYNC_POLL_MS = 2000;

export const importTaskKeys = {
  all: ['import-tasks'] as const,
  dataset: (datasetId: string) => [...importTaskKeys.all, datasetId] as const,
  list: (datasetId: string) => [...importTaskKeys.dataset(datasetId), 'list'] as const,
  detail: (datasetId: string, taskId: string) => [...importTaskKeys.dataset(datasetId), 'detail', taskId] as const,
  syncStatus: (datasetId: string) => [...importTaskKeys.dataset(datasetId), 'sync-status'] as const,
  /** The dataset's label names, offered by the import dialog's label filters. */
  labelNames: (datasetId: string) => [...importTaskKeys.dataset(datasetId), 'label-names'] as const,
};

const datasetPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}`);
const tasksPath = (datasetId: string) => `${datasetPath(datasetId)}/import-tasks`;

export const importTaskQueries = {
  list: (datasetId: string) =>
    queryOptions({ queryKey: importTaskKeys.list(datasetId), queryFn: () => getJson(ListImportTasksResp, tasksPath(datasetId), { offset: 0, limit: 10 }) }),
  detail: (datasetId: string, taskId: string) =>
    queryOptions({
      queryKey: importTaskKeys.detail(datasetId, taskId),
      queryFn: () => getJson(ImportTaskStatusResp, `${tasksPath(datasetId)}/${encodeURIComponent(taskId)}`),
      refetchInterval: (q) => (isImportTerminal(q.state.data?.status) ? false : IMPORT_POLL_MS),
    }),
  /** Y2; polled while a sync runs, then left alone. */
  syncStatus: (datasetId: string) =>
    queryOptions({
      queryKey: importTaskKeys.syncStatus(datasetId),
      queryFn: () => getJson(SyncStatusResp, `${datasetPath(datasetId)}/sync-data/status`),
      refetchInterval: (q) => (q.state.data && !isImportTerminal(q.state.data.status) ? SYNC_POLL_MS : false),
      refetchIntervalInBackground: false,
    }),
  labelNames: (datasetId: string) =>
    queryOptions({
      queryKey: importTaskKeys.labelNames(datasetId),
      queryFn: async () => (await getJson(ListLabelsResp, `${datasetPath(datasetId)}/data-annotations/labels`)).labels.map((l) => l.name),
    }),
};

/** I2. The body is parsed with the contract first, so what is sent is exactly what the API accepts. */
export async function createImportTask(datasetId: string, body: CreateImportTaskBody, idempotencyKey: string) {
  const res = await http.post(tasksPath(datasetId), CreateImportTaskBody.parse(body), { headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } });
  return parse(CreateImportTaskResp, res.data);
}

/** Y1 (no body). */
export async function syncData(datasetId: string, idempotencyKey: string) {
  const res = await http.post(`${datasetPath(datasetId)}/sync-data`, undefined, { headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } });
  return parse(CreateImportTaskResp, res.data);
}

/** Starts an import; the new task is remembered so the console tells the user when it ends. */
export function useCreateImportTask(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateImportTaskBody; key: string }) => createImportTask(datasetId, body, key),
    // The dialog shows the error in the form.
    meta: { silent: true },
    onSuccess: ({ task_id }) => {
      rememberStartedTask({ task_id, kind: 'import', dataset_id: datasetId });
      return queryClient.invalidateQueries({ queryKey: importTaskKeys.dataset(datasetId) });
    },
  });
}

export function useSyncData(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => syncData(datasetId, key),
    meta: { silent: true },
    onSuccess: ({ task_id }) => {
      rememberStartedTask({ task_id, kind: 'sync', dataset_id: datasetId });
    },
    // Raced or not, the status shown must be read again.
    onSettled: () => queryClient.invalidateQueries({ queryKey: importTaskKeys.syncStatus(datasetId) }),
  });
}
