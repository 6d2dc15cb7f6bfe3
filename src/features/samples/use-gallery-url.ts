import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { readSampleFilter, writeSampleFilter, type SampleFilter } from '@/lib/sample-filter';

export type GalleryView = 'grid' | 'list';

/**
 * The gallery's state in the URL: the shared sample filter (`lib/sample-filter.ts`), the view
 * (`view=list`), the focused position (`i`, also how the editor hands a position back) and the previewed
 * sample (`sample`). A new filter drops the position: it named a sample of the old list.
 */
export function useGalleryUrl() {
  const [params, setParams] = useSearchParams();
  const filterKey = writeSampleFilter(new URLSearchParams(), readSampleFilter(params)).toString();
  // One object per distinct filter, so query keys and effects keyed on it stay stable while `i` changes.
  const filter = useMemo(() => readSampleFilter(new URLSearchParams(filterKey)), [filterKey]);
  const view: GalleryView = params.get('view') === 'list' ? 'list' : 'grid';
  const rawIndex = Number(params.get('i'));
  const index = params.has('i') && Number.isInteger(rawIndex) && rawIndex >= 0 ? rawIndex : undefined;
  const preview = params.get('sample') || undefined;

  const patch = useCallback(
    (edit: (next: URLSearchParams) => void, replace = false) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          edit(next);
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  const setFilter = useCallback(
    (f: SampleFilter) =>
      patch((next) => {
        const written = writeSampleFilter(next, f);
        [...next.keys()].forEach((k) => next.delete(k));
        written.forEach((v, k) => next.append(k, v));
        next.delete('i');
      }),
    [patch],
  );
  const setView = useCallback((v: GalleryView) => patch((next) => (v === 'list' ? next.set('view', 'list') : next.delete('view'))), [patch]);
  // The position changes with every arrow key: replace the entry instead of growing the history.
  const setIndex = useCallback((i: number) => patch((next) => next.set('i', String(i)), true), [patch]);
  const setPreview = useCallback((id?: string) => patch((next) => (id ? next.set('sample', id) : next.delete('sample'))), [patch]);

  return { filter, view, index, preview, setFilter, setView, setIndex, setPreview };
}

/** The editor's URL for a position under a filter: `/datasets/:id/annotate?i=…&<filter>`. */
export function editorPath(datasetId: string, index: number, filter: SampleFilter): string {
  const params = writeSampleFilter(new URLSearchParams({ i: String(index) }), filter);
  return `/datasets/${encodeURIComponent(datasetId)}/annotate?${params.toString()}`;
}
