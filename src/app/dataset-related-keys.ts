import { useMemo } from 'react';
import { datasetKeys } from '@/features/datasets/api';
import { labelKeys } from '@/features/labels/api';
import { sampleKeys } from '@/features/samples/api';
import { statsKeys } from '@/features/stats/api';

/** Everything a change to a dataset's samples or labels can make stale; features invalidate these besides their own keys. */
export function useDatasetRelatedKeys(datasetId: string) {
  return useMemo(
    () => [datasetKeys.detail(datasetId), statsKeys.dataset(datasetId), labelKeys.dataset(datasetId), sampleKeys.dataset(datasetId)],
    [datasetId],
  );
}
