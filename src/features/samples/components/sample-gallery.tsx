import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Flex, Spin, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { LabelStats } from '@contract/label';
import { formatNumber } from '@/components/format';
import { isApiError } from '@/lib/api-error';
import type { SampleFilter } from '@/lib/sample-filter';
import { GALLERY_PAGE_SIZE, sampleKeys, sampleQueries } from '../api';
import type { BatchAction } from '../batch-run';
import { addRange, emptySelection, extendTo, selectAllMatching, selectionCount, selectOnly, toggleIndex, type GallerySelection } from '../gallery-selection';
import { useGalleryBatch } from '../use-gallery-batch';
import { editorPath, useGalleryUrl, type GalleryView } from '../use-gallery-url';
import { useSamplePages } from '../use-sample-pages';
import { BatchModal, type BatchKind } from './batch-modal';
import { GalleryToolbar, isFiltered, NO_FILTER } from './gallery-toolbar';
import { SamplePreviewDrawer } from './sample-preview-drawer';
import { SelectionBar } from './selection-bar';
import { VirtualGallery } from './virtual-gallery';

interface Props {
  datasetId: string;
  /** The dataset's labels: what batch labelling offers, and chip colours. */
  labels: LabelStats[];
  /** Keys of other features that changing samples makes stale (labels, stats, the dataset). */
  alsoInvalidate: readonly QueryKey[];
  /** Renders the upload action of the toolbar; call `onUploaded` when new samples exist. */
  renderUpload?: (onUploaded: () => void) => ReactNode;
}

/** The samples of a dataset: filters in the URL, a virtual grid or list over every match, selection and batch actions. */
export function SampleGallery({ datasetId, labels, alsoInvalidate, renderUpload }: Props) {
  const url = useGalleryUrl();
  const client = useQueryClient();
  const facets = useQuery(sampleQueries.facets(datasetId));
  const labelNames = useMemo(() => [...new Set([...(facets.data?.labels ?? []).map((l) => l.name), ...labels.map((l) => l.name)])], [facets.data, labels]);
  const colors = useMemo(() => new Map(labels.map((l) => [l.name, l.property?.['@modelarts:color']])), [labels]);
  const colorOf = useCallback((name: string) => colors.get(name), [colors]);
  const onUploaded = () => [sampleKeys.dataset(datasetId), ...alsoInvalidate].forEach((queryKey) => client.invalidateQueries({ queryKey }));
  const filterKey = JSON.stringify(url.filter);

  return (
    <Flex vertical gap="middle">
      <GalleryToolbar filter={url.filter} onChange={url.setFilter} labelNames={labelNames} view={url.view} onView={url.setView} extra={renderUpload?.(onUploaded)} />
      {/* A new filter is a new list: selection and focus start over. */}
      <GalleryBody key={filterKey} datasetId={datasetId} filter={url.filter} view={url.view} labels={labels} colorOf={colorOf} alsoInvalidate={alsoInvalidate} />
      <SamplePreviewDrawer datasetId={datasetId} sampleId={url.preview} onClose={() => url.setPreview(undefined)} colorOf={colorOf} />
    </Flex>
  );
}

interface BodyProps {
  datasetId: string;
  filter: SampleFilter;
  view: GalleryView;
  labels: LabelStats[];
  colorOf: (name: string) => string | undefined;
  alsoInvalidate: readonly QueryKey[];
}

function GalleryBody({ datasetId, filter, view, labels, colorOf, alsoInvalidate }: BodyProps) {
  const { t, i18n } = useTranslation('samples');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const url = useGalleryUrl();
  const [returning] = useState(url.index !== undefined);
  const [focus, setFocus] = useState(url.index ?? 0);
  const [selection, setSelection] = useState<GallerySelection>(emptySelection);
  // Positions in view change on every scrolled row: kept in a ref, only the span of pages is state.
  const inView = useRef<[number, number]>(undefined);
  const [span, setSpan] = useState<[number, number]>();
  const pages = useSamplePages(datasetId, filter, span?.[0] ?? focus, span?.[1] ?? focus);
  const total = pages.total;
  const batch = useGalleryBatch({ datasetId, filter, alsoInvalidate });
  const [dialog, setDialog] = useState<{ kind: BatchKind; countChanged?: { from: number; to: number } }>();

  // The position goes to the URL once the focus rests, so a reload or the editor's return finds it.
  const { setIndex, setPreview } = url;
  useEffect(() => {
    if (focus === (url.index ?? 0)) return;
    const timer = setTimeout(() => setIndex(focus), 300);
    return () => clearTimeout(timer);
  }, [focus, url.index, setIndex]);
  // Fewer samples than the remembered position (after deletes): stay on the last one.
  useEffect(() => {
    if (total !== undefined && total > 0 && focus > total - 1) setFocus(total - 1);
  }, [total, focus]);

  const { sampleAt } = pages;
  const onPointer = useCallback((i: number, e: { shiftKey: boolean; ctrlKey: boolean }) => {
    setFocus(i);
    setSelection((s) => (e.shiftKey ? extendTo(s, i, e.ctrlKey) : e.ctrlKey ? toggleIndex(s, i) : selectOnly(i)));
  }, []);
  const onToggle = useCallback((i: number) => {
    setFocus(i);
    setSelection((s) => toggleIndex(s, i));
  }, []);
  const onNavigate = (i: number, extend: boolean) => {
    // Shift+arrow: from the first focused position (the anchor) to the new one.
    if (extend) setSelection((s) => extendTo({ ...s, anchor: s.anchor ?? focus }, i, false));
    setFocus(i);
  };
  const onOpen = useCallback((i: number) => navigate(editorPath(datasetId, i, filter)), [navigate, datasetId, filter]);
  const onPreview = useCallback((i: number) => setPreview(sampleAt(i)?.sample_id), [setPreview, sampleAt]);
  const onClear = useCallback(() => setSelection(emptySelection), []);
  const onSelectAll = useCallback(() => total !== undefined && total > 0 && setSelection(selectAllMatching(total)), [total]);
  const onRange = useCallback((view: [number, number], wide: [number, number]) => {
    inView.current = view;
    const pageOf = (i: number) => Math.floor(i / GALLERY_PAGE_SIZE);
    setSpan((prev) => (prev && pageOf(prev[0]) === pageOf(wide[0]) && pageOf(prev[1]) === pageOf(wide[1]) ? prev : wide));
  }, []);
  // "Select page": the positions in view whose samples are loaded (a grey tile is not something one saw).
  const selectInView = () => {
    const [from, to] = inView.current ?? [0, -1];
    setSelection((s) => {
      let next = s;
      for (let i = from; i <= to; i++) if (sampleAt(i)) next = addRange(next, i, i);
      return next;
    });
  };

  const confirm = async (action: BatchAction) => {
    if (total === undefined) return;
    try {
      const result = await batch.run({ selection, action, total });
      message.success(t('batch.done', { count: result.changed, n: formatNumber(result.changed, i18n.language) }));
      setSelection(emptySelection);
      setDialog(undefined);
      batch.reset();
    } catch (e) {
      if (isApiError(e) && e.code === 'ModelArts.4396' && selection.kind === 'all') {
        // The filter matches a different number now: show it, and ask again for the new count.
        const fresh = await client.fetchQuery({ ...sampleQueries.page(datasetId, filter, 0), staleTime: 0 });
        setSelection(selectAllMatching(fresh.sample_count));
        setDialog((d) => d && { ...d, countChanged: { from: selection.total, to: fresh.sample_count } });
      }
    }
  };
  const closeDialog = () => {
    setDialog(undefined);
    batch.reset();
  };

  let content: ReactNode;
  if (total === undefined && pages.error) {
    content = (
      <Alert type="error" showIcon title={t('loadError')} description={pages.error.message} action={<Button onClick={pages.retry}>{t('retry')}</Button>} />
    );
  } else if (total === undefined) {
    content = (
      <Flex justify="center" align="center" style={{ minHeight: 240 }}>
        <Spin aria-label={t('grid.loadingAll')} />
      </Flex>
    );
  } else if (total === 0) {
    const filtered = isFiltered(filter);
    content = (
      <Empty description={filtered ? t('empty.filtered') : t('empty.none')}>
        {filtered && <Button onClick={() => url.setFilter(NO_FILTER)}>{t('empty.clearFilters')}</Button>}
      </Empty>
    );
  } else {
    content = (
      <>
        {pages.error && <Alert type="error" showIcon title={t('loadError')} description={pages.error.message} action={<Button onClick={pages.retry}>{t('retry')}</Button>} />}
        <VirtualGallery
          key={view}
          view={view}
          total={total}
          sampleAt={sampleAt}
          selection={selection}
          focus={Math.min(focus, total - 1)}
          busy={pages.isFetching}
          autoFocus={returning}
          colorOf={colorOf}
          onPointer={onPointer}
          onToggle={onToggle}
          onNavigate={onNavigate}
          onOpen={onOpen}
          onPreview={onPreview}
          onClear={onClear}
          onSelectAll={onSelectAll}
          onRange={onRange}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('grid.keys')}
        </Typography.Text>
      </>
    );
  }

  return (
    <Flex vertical gap="small">
      <SelectionBar
        total={total ?? 0}
        selection={selection}
        canSelectInView={(total ?? 0) > 0}
        onSelectInView={selectInView}
        onSelectAll={onSelectAll}
        onClear={onClear}
        onAction={(kind) => setDialog({ kind })}
      />
      {content}
      <BatchModal
        key={dialog?.kind ?? 'closed'}
        kind={dialog?.kind}
        count={selectionCount(selection)}
        scope={selection.kind}
        labels={labels}
        running={batch.running}
        progress={batch.progress}
        error={batch.error}
        countChanged={dialog?.countChanged}
        onConfirm={(a) => void confirm(a)}
        onStop={batch.stop}
        onClose={closeDialog}
      />
    </Flex>
  );
}
