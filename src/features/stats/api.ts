import { queryOptions } from '@tanstack/react-query';
import { DatasetStats } from '@contract/dataset';
import { apiPath, getJson } from '@/lib/http';

export const statsKeys = {
  all: ['stats'] as const,
  dataset: (datasetId: string) => [...statsKeys.all, datasetId] as const,
};

export const statsQueries = {
  dataset: (datasetId: string) =>
    queryOptions({
      queryKey: statsKeys.dataset(datasetId),
      queryFn: () => getJson(DatasetStats, apiPath(`/datasets/${encodeURIComponent(datasetId)}/data-annotations/stats`)),
    }),
};

/** The four counts the overview shows, from D6 `sample_stats` (keys per modelarts-api.md §9). */
export function sampleStateCounts(stats: DatasetStats) {
  const s = stats.sample_stats;
  return {
    total: s.total ?? s.all ?? 0,
    labeled: s.manual_annotation ?? 0,
    unlabeled: s.un_annotation ?? 0,
    unconfirmed: s.auto_annotation ?? 0,
  };
}
