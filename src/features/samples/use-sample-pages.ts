import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DescribeSampleResp, ListSamplesResp } from '@contract/sample';
import type { SampleFilter } from '@/lib/sample-filter';
import { GALLERY_PAGE_SIZE, sampleKeys, sampleQueries } from './api';

/** How long the rows in view must stay put before their pages are fetched: no request storm while scrolling. */
export const SETTLE_MS = 120;

function useSettled<T>(value: T, key: string, delay: number): T {
  const [settled, setSettled] = useState({ key, value });
  useEffect(() => {
    if (settled.key === key) return;
    const timer = setTimeout(() => setSettled({ key, value }), delay);
    return () => clearTimeout(timer);
  }, [key, value, delay, settled.key]);
  return settled.value;
}

/**
 * The samples of a filter, fetched a page (of `GALLERY_PAGE_SIZE`) at a time for the positions in view
 * (`first`..`last`), once they settled. Positions on pages not loaded yet read as `undefined` (grey tiles);
 * pages already in the cache show at once, even mid-scroll.
 */
export function useSamplePages(datasetId: string, filter: SampleFilter, first: number, last: number) {
  const client = useQueryClient();
  const firstPage = Math.floor(Math.max(0, first) / GALLERY_PAGE_SIZE);
  const lastPage = Math.max(firstPage, Math.floor(Math.max(0, last) / GALLERY_PAGE_SIZE));
  const wanted = useSettled([firstPage, lastPage] as const, `${firstPage}-${lastPage}`, SETTLE_MS);
  const pages = useMemo(() => Array.from({ length: wanted[1] - wanted[0] + 1 }, (_, k) => wanted[0] + k), [wanted]);

  const results = useQueries({ queries: pages.map((p) => sampleQueries.page(datasetId, filter, p)) });

  // The newest count any page of the filter reported (pages in view first): counts move when samples are
  // added or removed, and the count must outlive the moment a new page in view is still on its way.
  const newest = client
    .getQueryCache()
    .findAll({ queryKey: sampleKeys.list(datasetId, filter) })
    .filter((q) => q.state.data !== undefined)
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)[0];
  const total = (newest?.state.data as ListSamplesResp | undefined)?.sample_count;
  const failed = results.find((r) => r.isError);

  const sampleAt = useCallback(
    (index: number): DescribeSampleResp | undefined =>
      client.getQueryData<ListSamplesResp>(sampleKeys.page(datasetId, filter, Math.floor(index / GALLERY_PAGE_SIZE)))?.samples[index % GALLERY_PAGE_SIZE],
    // Re-created whenever a page arrives, so memoized tiles see the new data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, datasetId, filter, results.map((r) => r.dataUpdatedAt).join()],
  );

  return {
    total,
    sampleAt,
    isFetching: results.some((r) => r.isFetching),
    error: failed?.error,
    retry: () => results.forEach((r) => r.isError && r.refetch()),
  };
}
