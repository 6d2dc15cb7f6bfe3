import { DATASET_TYPES } from '@contract/dataset';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DatasetListFilters } from '../api';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const SORTS = ['create_time:desc', 'create_time:asc', 'dataset_name:asc', 'dataset_name:desc'] as const;
export type SortValue = (typeof SORTS)[number];

/** What a person can change in the list; the URL stores it with short, readable names. */
export interface ListUrlState {
  q: string;
  type: number | undefined;
  sort: SortValue;
  /** 1-based, as people count pages. */
  page: number;
  size: number;
}

const positiveInt = (raw: string | null, fallback: number) => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
};

export function readListState(params: URLSearchParams): ListUrlState {
  const type = params.get('type');
  const sort = params.get('sort') as SortValue | null;
  const size = positiveInt(params.get('size'), 10);
  return {
    q: params.get('q') ?? '',
    type: type !== null && type in DATASET_TYPES ? Number(type) : undefined,
    sort: sort && SORTS.includes(sort) ? sort : SORTS[0],
    page: positiveInt(params.get('page'), 1),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 10,
  };
}

export function toApiFilters(s: ListUrlState): DatasetListFilters {
  const [sort_by, order] = s.sort.split(':') as [DatasetListFilters['sort_by'], DatasetListFilters['order']];
  return {
    offset: s.page - 1,
    limit: s.size,
    sort_by,
    order,
    ...(s.q.trim() ? { search_content: s.q.trim() } : {}),
    ...(s.type !== undefined ? { dataset_type: s.type } : {}),
  };
}

/** List filters, sort and page live in the URL (style.md §6): shareable, and Back restores them. */
export function useDatasetListFilters() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readListState(params), [params]);
  const filters = useMemo(() => toApiFilters(state), [state]);

  const update = useCallback(
    (patch: Partial<ListUrlState>) => {
      setParams((prev) => {
          const next = { ...readListState(prev), ...patch };
          // Changing what is listed starts again from the first page.
          if (!('page' in patch)) next.page = 1;
          const out = new URLSearchParams();
          if (next.q) out.set('q', next.q);
          if (next.type !== undefined) out.set('type', String(next.type));
          if (next.sort !== SORTS[0]) out.set('sort', next.sort);
          if (next.page !== 1) out.set('page', String(next.page));
          if (next.size !== 10) out.set('size', String(next.size));
          return out;
      });
    },
    [setParams],
  );

  const isFiltered = state.q !== '' || state.type !== undefined;
  return { state, filters, update, isFiltered };
}
