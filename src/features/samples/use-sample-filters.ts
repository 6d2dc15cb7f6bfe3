import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { SAMPLE_FILTER_STATES, type SampleFilterState, type SampleFilters } from './api';

export const PAGE_SIZES = [24, 48, 96] as const;
const DEFAULT_PAGE_SIZE = PAGE_SIZES[0];

export interface GalleryUrlState extends SampleFilters {
  /** Sample open in the preview drawer. */
  preview?: string;
}

/**
 * Filters, page and the previewed sample live in the URL (`?state=&label=&page=&size=&sample=`), so a view
 * can be shared and survives reloads. Changing a filter returns to page 1.
 */
export function useSampleFilters() {
  const [params, setParams] = useSearchParams();

  const value = useMemo<GalleryUrlState>(() => {
    const state = params.get('state');
    const page = Number(params.get('page'));
    const size = Number(params.get('size'));
    return {
      state: (SAMPLE_FILTER_STATES as readonly string[]).includes(state ?? '') ? (state as SampleFilterState) : 'all',
      label: params.get('label') || undefined,
      page: Number.isInteger(page) && page >= 1 ? page : 1,
      pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
      preview: params.get('sample') || undefined,
    };
  }, [params]);

  const update = useCallback(
    (patch: Partial<GalleryUrlState>, opts: { replace?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const set = (key: string, v: string | number | undefined, fallback?: string | number) =>
            v === undefined || v === '' || v === fallback ? next.delete(key) : next.set(key, String(v));
          if ('state' in patch) set('state', patch.state, 'all');
          if ('label' in patch) set('label', patch.label);
          if ('pageSize' in patch) set('size', patch.pageSize, DEFAULT_PAGE_SIZE);
          if ('preview' in patch) set('sample', patch.preview);
          const filterChanged = 'state' in patch || 'label' in patch || 'pageSize' in patch;
          if ('page' in patch || filterChanged) set('page', filterChanged && !('page' in patch) ? 1 : patch.page, 1);
          return next;
        },
        { replace: opts.replace },
      );
    },
    [setParams],
  );

  return [value, update] as const;
}
