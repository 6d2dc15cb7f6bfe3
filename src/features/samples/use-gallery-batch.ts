import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ListSamplesResp } from '@contract/sample';
import { sampleFilterBody, type SampleFilter } from '@/lib/sample-filter';
import { rememberStartedTask } from '@/lib/started-tasks';
import { batchByFilter, deleteSamples, GALLERY_PAGE_SIZE, sampleKeys, sampleQueries, updateSampleLabels } from './api';
import { runExplicitBatch, type BatchAction, type BatchProgress, type BatchResult } from './batch-run';
import { followBatchTask, stopBatchTask } from './batch-task';
import type { GallerySelection } from './gallery-selection';

interface Options {
  datasetId: string;
  filter: SampleFilter;
  /** Keys of other features that a change to samples makes stale (labels, stats, the dataset). */
  alsoInvalidate: readonly QueryKey[];
}

/**
 * Runs a batch action on the gallery's selection: "all matching" goes to the engine as one
 * batch-by-filter call carrying the count the user confirmed (`expected_count`), which starts a `batch`
 * task followed here until it ends (progress; a stop asks the engine); explicit selections are read and
 * written in chunks with progress, and can be stopped between chunks.
 */
export function useGalleryBatch({ datasetId, filter, alsoInvalidate }: Options) {
  const client = useQueryClient();
  const [progress, setProgress] = useState<BatchProgress>();
  const abort = useRef<AbortController>(undefined);
  /** The engine's task running an "all matching" batch, while the gallery follows it. */
  const task = useRef<string>(undefined);
  // Leaving the gallery stops following (not the task): the console's task notifications tell how it ended.
  useEffect(() => () => abort.current?.abort(), []);

  const mutation = useMutation({
    // The dialog shows the error itself.
    meta: { silent: true },
    mutationFn: async ({ selection, action, total }: { selection: GallerySelection; action: BatchAction; total: number }): Promise<BatchResult> => {
      setProgress(undefined);
      const controller = new AbortController();
      abort.current = controller;
      if (selection.kind === 'all') {
        const labels = action.action === 'delete' ? undefined : action.labels;
        const started = await batchByFilter(datasetId, {
          ...sampleFilterBody(filter),
          action: action.action,
          labels,
          delete_source: action.action === 'delete' ? action.delete_source : undefined,
          expected_count: selection.total,
        });
        rememberStartedTask({ task_id: started.task_id, kind: 'batch', dataset_id: datasetId });
        task.current = started.task_id;
        setProgress({ phase: 'writing', done: 0, total: started.matched });
        try {
          return await followBatchTask(client, started.task_id, started.matched, setProgress, controller.signal);
        } finally {
          task.current = undefined;
        }
      }
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
    stop: () => {
      // A running task is stopped by the engine (between two chunks); following it shows when it has.
      if (task.current) void stopBatchTask(task.current).catch(() => undefined);
      else abort.current?.abort();
    },
  };
}
