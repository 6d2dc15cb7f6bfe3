import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { fileUrl } from '@/lib/http';
import type { SampleFilter } from '@/lib/sample-filter';
import { WALK_PAGE, annotationQueries } from './api';
import { preloadImage } from './use-loaded-image';

/**
 * The editor's position in the gallery's filtered list: the sample at `index`, the list's length, and the
 * index a step leads to. Pages of the list are read as needed, so any position in a million samples costs
 * one S1 request.
 */
export function useSampleWalk(datasetId: string, filter: SampleFilter, index: number) {
  const queryClient = useQueryClient();
  const page = Math.floor(index / WALK_PAGE);
  const list = useQuery(annotationQueries.walkPage(datasetId, filter, page));
  const summary = list.data?.samples[index - page * WALK_PAGE];
  const total = list.data?.sample_count;

  /**
   * The index `delta` steps away. After a save the sample may have left the filter (an "unlabeled" list
   * loses the sample just labeled): the list is re-read and the step counted from where that sample is
   * now — or, when it is gone, from the sample that took its place.
   */
  const stepFrom = useCallback(
    async (delta: 1 | -1, savedSampleId?: string) => {
      if (!savedSampleId) return Math.max(0, index + delta);
      const fresh = await queryClient.fetchQuery(annotationQueries.walkPage(datasetId, filter, page));
      const at = fresh.samples.findIndex((s) => s.sample_id === savedSampleId);
      if (at >= 0) return Math.max(0, page * WALK_PAGE + at + delta);
      return Math.max(0, delta > 0 ? index : index - 1);
    },
    [queryClient, datasetId, filter, page, index],
  );

  // Prefetch the next sample and its full-resolution image, so stepping forward shows it at once.
  const nextIndex = index + 1;
  const nextId = nextIndex - page * WALK_PAGE < WALK_PAGE ? list.data?.samples[nextIndex - page * WALK_PAGE]?.sample_id : undefined;
  const needsNextPage = !!list.data && nextIndex < list.data.sample_count && nextIndex - page * WALK_PAGE >= WALK_PAGE;
  useEffect(() => {
    let cancelled = false;
    const prefetch = async () => {
      let id = nextId;
      if (!id && needsNextPage) {
        const next = await queryClient.fetchQuery(annotationQueries.walkPage(datasetId, filter, page + 1));
        id = next.samples[0]?.sample_id;
      }
      if (!id || cancelled) return;
      const sample = await queryClient.fetchQuery(annotationQueries.sample(datasetId, id));
      if (!cancelled) preloadImage(fileUrl(sample.source));
    };
    // A failed prefetch is only a missed speed-up; the step itself loads and reports errors.
    prefetch().catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [queryClient, datasetId, filter, page, nextId, needsNextPage]);

  return { list, summary, total, stepFrom };
}
