import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { TASK_KINDS, TASK_PHASES, type TaskKind, type TaskPhase } from '@contract/task';
import type { TaskListFilters } from './api';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_SIZE = 20;

/** What the URL holds: `?kind=import,export&phase=running&dataset=<id>&page=2&size=20` (page is 1-based). */
export interface TaskFilterState {
  kind: TaskKind[];
  phase: TaskPhase[];
  dataset?: string;
  page: number;
  size: number;
}

const pick = <T extends string>(raw: string | null, allowed: readonly T[]): T[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is T => (allowed as readonly string[]).includes(s));

export function readTaskFilters(params: URLSearchParams): TaskFilterState {
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    kind: pick(params.get('kind'), TASK_KINDS),
    phase: pick(params.get('phase'), TASK_PHASES),
    dataset: params.get('dataset') || undefined,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/**
 * Filters and page of a task list kept in the URL, so a filtered view can be bookmarked and shared.
 * `fixedDatasetId` pins the dataset (a dataset's own Tasks tab); other search params (`task`) are kept.
 */
export function useTaskFilters(fixedDatasetId?: string) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readTaskFilters(params), [params]);
  const datasetId = fixedDatasetId ?? state.dataset;

  const filters: TaskListFilters = useMemo(
    () => ({
      ...(state.kind.length ? { kind: state.kind } : {}),
      ...(state.phase.length ? { phase: state.phase } : {}),
      ...(datasetId ? { dataset_id: datasetId } : {}),
      offset: state.page - 1,
      limit: state.size,
    }),
    [state, datasetId],
  );

  const update = useCallback(
    (change: Partial<TaskFilterState>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const merged = { ...readTaskFilters(prev), ...change };
          // A new filter starts again on page 1.
          if (!('page' in change)) merged.page = 1;
          const set = (key: string, value: string | undefined) => (value ? next.set(key, value) : next.delete(key));
          set('kind', merged.kind.join(','));
          set('phase', merged.phase.join(','));
          set('dataset', fixedDatasetId ? undefined : merged.dataset);
          set('page', merged.page > 1 ? String(merged.page) : undefined);
          set('size', merged.size !== DEFAULT_SIZE ? String(merged.size) : undefined);
          return next;
        },
        { replace: true },
      );
    },
    [setParams, fixedDatasetId],
  );

  const filtered = state.kind.length > 0 || state.phase.length > 0 || (!fixedDatasetId && !!state.dataset);
  const highlightTaskId = params.get('task') ?? undefined;
  return { state, filters, update, filtered, highlightTaskId };
}
