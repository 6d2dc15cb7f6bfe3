import { keepPreviousData, queryOptions, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { BatchBody } from '@contract/common';
import { DeleteSamplesResp, DescribeSampleResp, ListSamplesResp } from '@contract/sample';
import { ApiError } from '@/lib/api-error';
import { apiPath, getJson, http, parse } from '@/lib/http';

/** Gallery filters as they live in the URL. `state`: all samples, labeled (`__ALL__`) or unlabeled (`__NONE__`). */
export const SAMPLE_FILTER_STATES = ['all', 'labeled', 'unlabeled'] as const;
export type SampleFilterState = (typeof SAMPLE_FILTER_STATES)[number];
export interface SampleFilters {
  state: SampleFilterState;
  label?: string;
  /** 1-based page, as people read it; the API's `offset` is the 0-based page index. */
  page: number;
  pageSize: number;
}

const STATE_PARAM: Record<SampleFilterState, string | undefined> = { all: undefined, labeled: '__ALL__', unlabeled: '__NONE__' };

/** Thumbnails for the grid (quality-bar W3: never the originals). */
export const THUMBNAIL_PROCESS = 'image/resize,m_lfit,h_200';

export const sampleKeys = {
  all: ['samples'] as const,
  dataset: (datasetId: string) => [...sampleKeys.all, datasetId] as const,
  lists: (datasetId: string) => [...sampleKeys.dataset(datasetId), 'list'] as const,
  list: (datasetId: string, f: SampleFilters) => [...sampleKeys.lists(datasetId), f] as const,
  detail: (datasetId: string, sampleId: string) => [...sampleKeys.dataset(datasetId), 'detail', sampleId] as const,
};

const samplesPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}/data-annotations/samples`);

export const sampleQueries = {
  list: (datasetId: string, f: SampleFilters) =>
    queryOptions({
      queryKey: sampleKeys.list(datasetId, f),
      queryFn: () =>
        getJson(ListSamplesResp, samplesPath(datasetId), {
          offset: f.page - 1,
          limit: f.pageSize,
          sample_state: STATE_PARAM[f.state],
          label_name: f.label,
          process_parameter: THUMBNAIL_PROCESS,
        }),
      // Keep the current page on screen while the next one loads.
      placeholderData: keepPreviousData,
    }),
  detail: (datasetId: string, sampleId: string) =>
    queryOptions({
      queryKey: sampleKeys.detail(datasetId, sampleId),
      queryFn: () => getJson(DescribeSampleResp, `${samplesPath(datasetId)}/${encodeURIComponent(sampleId)}`),
    }),
};

/** Batch bodies are HTTP 200 even when items fail (modelarts-api.md §12): turn failures into one ApiError. */
function assertBatchSuccess(data: unknown): BatchBody {
  const body = parse(BatchBody, data ?? { success: true });
  const failed = [body, ...(body.results ?? [])].filter((r) => r.success === false);
  if (failed.length === 0) return body;
  const messages = [...new Set(failed.map((r) => r.error_msg).filter(Boolean))];
  throw new ApiError(200, failed.find((r) => r.error_code)?.error_code ?? 'BATCH', messages.join('; ') || 'Some items failed');
}

export async function deleteSamples(datasetId: string, samples: string[], deleteSource: boolean) {
  const res = await http.post(`${samplesPath(datasetId)}/delete`, { samples, delete_source: deleteSource });
  return assertBatchSuccess(parse(DeleteSamplesResp, res.data));
}

/** Deleting samples changes counts shown by other features: callers pass their keys in `alsoInvalidate`. */
export function useDeleteSamples(datasetId: string, alsoInvalidate: readonly QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { samples: string[]; deleteSource: boolean }) => deleteSamples(datasetId, v.samples, v.deleteSource),
    // The confirmation dialog shows the error itself.
    meta: { silent: true },
    onSettled: () =>
      Promise.all([sampleKeys.dataset(datasetId), ...alsoInvalidate].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
