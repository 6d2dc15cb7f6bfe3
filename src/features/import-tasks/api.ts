import { queryOptions } from '@tanstack/react-query';
import { ImportTaskStatusResp, ListImportTasksResp, isImportTerminal } from '@contract/import-task';
import { apiPath, getJson } from '@/lib/http';

/** How often a running import is polled; the poll stops by itself on a terminal status. */
export const IMPORT_POLL_MS = 1500;

export const importTaskKeys = {
  all: ['import-tasks'] as const,
  dataset: (datasetId: string) => [...importTaskKeys.all, datasetId] as const,
  list: (datasetId: string) => [...importTaskKeys.dataset(datasetId), 'list'] as const,
  detail: (datasetId: string, taskId: string) => [...importTaskKeys.dataset(datasetId), 'detail', taskId] as const,
};

const tasksPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}/import-tasks`);

export const importTaskQueries = {
  list: (datasetId: string) =>
    queryOptions({ queryKey: importTaskKeys.list(datasetId), queryFn: () => getJson(ListImportTasksResp, tasksPath(datasetId), { offset: 0, limit: 10 }) }),
  detail: (datasetId: string, taskId: string) =>
    queryOptions({
      queryKey: importTaskKeys.detail(datasetId, taskId),
      queryFn: () => getJson(ImportTaskStatusResp, `${tasksPath(datasetId)}/${encodeURIComponent(taskId)}`),
      refetchInterval: (q) => (isImportTerminal(q.state.data?.status) ? false : IMPORT_POLL_MS),
    }),
};
