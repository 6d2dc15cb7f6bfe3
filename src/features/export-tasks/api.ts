import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { CreateExportTaskBody, CreateExportTaskResp } from '@contract/export-task';
import { ListVersionsResp, VERSION_STATUS } from '@contract/version';
import { apiPath, getJson, http, parse } from '@/lib/http';
import { IDEMPOTENCY_HEADER } from '@/lib/idempotency-key';
import { rememberStartedTask } from '@/lib/started-tasks';

export type ExportBody = z.input<typeof CreateExportTaskBody>;

export const exportTaskKeys = {
  all: ['export-tasks'] as const,
  dataset: (datasetId: string) => [...exportTaskKeys.all, datasetId] as const,
  /** Published versions an export can read from. */
  sourceVersions: (datasetId: string) => [...exportTaskKeys.dataset(datasetId), 'source-versions'] as const,
};

const datasetPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}`);

export const exportTaskQueries = {
  /** V1 filtered to normal versions (one being published, deleted or broken cannot be exported), newest first. */
  sourceVersions: (datasetId: string) =>
    queryOptions({
      queryKey: exportTaskKeys.sourceVersions(datasetId),
      queryFn: async () => {
        const body = await getJson(ListVersionsResp, `${datasetPath(datasetId)}/versions`, { status: VERSION_STATUS.NORMAL });
        return body.versions.filter((v) => v.status === VERSION_STATUS.NORMAL).sort((a, b) => b.create_time - a.create_time);
      },
    }),
};

/** E2. The body is checked with the contract first, so what is sent is exactly what the API accepts. */
export async function createExportTask(datasetId: string, body: ExportBody, idempotencyKey: string) {
  CreateExportTaskBody.parse(body);
  const res = await http.post(`${datasetPath(datasetId)}/export-tasks`, body, { headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } });
  return parse(CreateExportTaskResp, res.data);
}

/** Starts an export; the new task is remembered so the console tells the user when it ends. */
export function useCreateExportTask(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: ExportBody; key: string }) => createExportTask(datasetId, body, key),
    // The dialog shows the error in the form.
    meta: { silent: true },
    onSuccess: ({ task_id }) => {
      rememberStartedTask({ task_id, kind: 'export', dataset_id: datasetId });
      return queryClient.invalidateQueries({ queryKey: exportTaskKeys.dataset(datasetId) });
    },
  });
}
