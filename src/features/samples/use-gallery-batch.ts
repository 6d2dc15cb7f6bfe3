import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { ListSamplesResp } from '@contract/sample';
import { sampleFilterBody, type SampleFilter } from '@/lib/sample-filter';
import { batchByFilter, deleteSamples, GALLERY_PAGE_SIZE, sampleKeys, sampleQueries, updateSampleLabels } from './api';
import { runExplicitBatch, type BatchAction, type BatchProgress, type BatchResult } from './batch-run';
import type { GallerySelection } from './gallery-selection';

interface Options {
  datasetId: string;
  filter: SampleFilter;
  /** Keys of other features that a change to samples makes stale (labels, stats, the dataset). */
  alsoInvalidate: readonly QueryKey[];
}

/**
 * Runs a batch action on the gallery's selection: "all matching" goes to the engine as one
 * batch-by-filter call carrying the count the user confirmed (`expected_count`); explicit selections are
 * read and written in chunks with progress, and can be stopped between chunks.
 */
export function useGalleryBatch({ datasetId, filter, alsoInvalidate }: Options) {
  const client = useQueryClient();
  const [progress, setProgress] = useState<BatchProgress>();
  const abort = useRef<AbortController>(undefined);

  const mutation = useMutation({
    // The dialog shows the error itself.
    meta: { silent: true },
    mutationFn: async ({ selection, action, total }: { selection: GallerySelection; action: BatchAction; total: number }): Promise<BatchResult> => {
      setProgress(undefined);
      if (selection.kind === 'all') {
        const labels = action.action === 'delete' ? undefined : action.labels;
        return batchByFilter(datasetId, {
          ...sampleFilterBody(filter),
          action: action.action,
          labels,
          delete_source: action.action === 'delete' ? action.delete_source : undefined,
          expected_count: selection.total,
        });
      }
      const controller = new AbortController();
      abort.current = controller;
      const shown = (index: number) =>
        client.getQueryData<ListSamplesResp>(sampleKeys.page(datasetId, filter, Math.floor(index / GALLERY_PAGE_SIZE)))?.samples[index % GALLERY_PAGE_SIZE]?.sample_id;
      // `total`: the count the gallery showed; a different one now means positions name other samples.
      return runExplicitBatch(selection.ranges, total, action, {
        fetchPage: (page) => client.fetchQuery({ ...sampleQueries.page(datasetId, filter, page), staleTime: 0 }),
        shownId: shown,
        // Writes are not aborted mid-flight (the engine may have applied them): stopping waits for the chunk.
        updateLabels: (samples) => updateSampleLabels(datasetId, samples),
        deleteSamples: (ids, deleteSource) => deleteSamples(datasetId, ids, deleteSource),
        onProgress: setProgress,
        signal: controller.signal,
      });
    },
    onSettled: () =>
      Promise.all([sampleKeys.dataset(datasetId), ...alsoInvalidate].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });

  return {
    run: mutation.mutateAsync,
    running: mutation.isPending,
    error: mutation.error,
    progress,
    reset: () => {
      mutation.reset();
      setProgress(undefined);
    },
    stop: () => abort.current?.abort(),
  };
}
