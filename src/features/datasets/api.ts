import {
  CreateDatasetBody,
  CreateDatasetResp,
  Dataset,
  ListDatasetsResp,
  UpdateDatasetBody,
  UpdateDatasetResp,
  isDatasetBusy,
} from '@contract/dataset';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, http, parse } from '@/lib/http';

/** Filters of the dataset list (D1), as the URL keeps them. `offset` is a page index (API quirk). */
export interface DatasetListFilters {
  offset: number;
  limit: number;
  sort_by: 'create_time' | 'dataset_name';
  order: 'asc' | 'desc';
  search_content?: string;
  dataset_type?: number;
}

export const POLL_INTERVAL_MS = 2_000;

export const datasetKeys = {
  all: ['datasets'] as const,
  lists: () => [...datasetKeys.all, 'list'] as const,
  list: (filters: DatasetListFilters) => [...datasetKeys.lists(), filters] as const,
  details: () => [...datasetKeys.all, 'detail'] as const,
  detail: (id: string) => [...datasetKeys.details(), id] as const,
  /** Totals across every dataset (overview page); under `lists()` so list invalidations refresh it. */
  summary: () => [...datasetKeys.lists(), 'summary'] as const,
};

export const listDatasets = (filters: DatasetListFilters, signal?: AbortSignal) =>
  http.get(apiPath('/datasets'), { params: filters, signal }).then((res) => parse(ListDatasetsResp, res.data));

export const getDataset = (id: string, signal?: AbortSignal) =>
  http.get(apiPath(`/datasets/${encodeURIComponent(id)}`), { signal }).then((res) => parse(Dataset, res.data));

export const datasetQueries = {
  list: (filters: DatasetListFilters) =>
    queryOptions({
      queryKey: datasetKeys.list(filters),
      queryFn: ({ signal }) => listDatasets(filters, signal),
      placeholderData: keepPreviousData,
      // Polls only while a row on this page can still change by itself (importing, syncing …).
      refetchInterval: (q) => (q.state.data?.datasets.some((d) => isDatasetBusy(d.status)) ? POLL_INTERVAL_MS : false),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: datasetKeys.detail(id),
      queryFn: ({ signal }) => getDataset(id, signal),
      refetchInterval: (q) => (q.state.data && isDatasetBusy(q.state.data.status) ? POLL_INTERVAL_MS : false),
    }),
  summary: () =>
    queryOptions({
      queryKey: datasetKeys.summary(),
      queryFn: ({ signal }) => summarizeDatasets(signal),
      refetchInterval: (q) => (q.state.data?.busyCount ? POLL_INTERVAL_MS * 2 : false),
    }),
};

const PAGE = 100;
/** Past this many pages the overview shows the totals of the newest datasets and says so. */
const SUMMARY_MAX_PAGES = 20;

/** Dataset, sample and labeled-sample totals from D1's per-dataset counters. */
export async function summarizeDatasets(signal?: AbortSignal) {
  const page = (offset: number) => listDatasets({ offset, limit: PAGE, sort_by: 'create_time', order: 'desc' }, signal);
  const first = await page(0);
  const pages = Math.min(Math.ceil(first.total_number / PAGE), SUMMARY_MAX_PAGES);
  const rest = await Promise.all(Array.from({ length: Math.max(pages - 1, 0) }, (_, i) => page(i + 1)));
  const datasets = [first, ...rest].flatMap((p) => p.datasets);
  return {
    datasetCount: first.total_number,
    countedDatasets: datasets.length,
    sampleCount: datasets.reduce((n, d) => n + d.total_sample_count, 0),
    annotatedCount: datasets.reduce((n, d) => n + d.annotated_sample_count, 0),
    busyCount: datasets.filter((d) => isDatasetBusy(d.status)).length,
    recent: first.datasets.slice(0, 5),
  };
}

export function useCreateDataset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateDatasetBody) => {
      const res = await http.post(apiPath('/datasets'), CreateDatasetBody.parse(body));
      return parse(CreateDatasetResp, res.data);
    },
    // The wizard shows the server's answer beside the field it concerns, so no global notification.
    meta: { silent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: datasetKeys.all }),
  });
}

export function useUpdateDataset(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateDatasetBody) => {
      const res = await http.put(apiPath(`/datasets/${encodeURIComponent(id)}`), UpdateDatasetBody.parse(body));
      return parse(UpdateDatasetResp, res.data);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: datasetKeys.all }),
  });
}

export function useDeleteDataset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(apiPath(`/datasets/${encodeURIComponent(id)}`)),
    onSuccess: (_res, id) => {
      queryClient.removeQueries({ queryKey: datasetKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: datasetKeys.lists() });
    },
  });
}
