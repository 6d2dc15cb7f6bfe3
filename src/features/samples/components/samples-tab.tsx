import { DeleteOutlined } from '@ant-design/icons';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Empty, Flex, Pagination, Radio, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelStats } from '@contract/label';
import { SAMPLE_FILTER_STATES, sampleQueries, type SampleFilterState } from '../api';
import { PAGE_SIZES, useSampleFilters } from '../use-sample-filters';
import { DeleteSamplesModal } from './delete-samples-modal';
import { SampleCard } from './sample-card';
import { SamplePreviewDrawer } from './sample-preview-drawer';

interface Props {
  datasetId: string;
  /** The dataset's labels: filter options and chip colours. */
  labels: LabelStats[];
  /** Keys of other features that deleting samples makes stale (labels, stats, the dataset). */
  alsoInvalidate: readonly QueryKey[];
}

export function SamplesTab({ datasetId, labels, alsoInvalidate }: Props) {
  const { t } = useTranslation('samples');
  const [filters, setFilters] = useSampleFilters();
  const { preview, ...listFilters } = filters;
  const list = useQuery(sampleQueries.list(datasetId, listFilters));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [toDelete, setToDelete] = useState<string[]>([]);
  const samples = list.data?.samples ?? [];
  const total = list.data?.sample_count ?? 0;
  const colors = new Map(labels.map((l) => [l.name, l.property?.['@modelarts:color']]));
  const colorOf = (name: string) => colors.get(name);
  const filtered = filters.state !== 'all' || !!filters.label;

  // After deleting the last samples of the last page, step back to the page that now ends the list.
  const lastPage = Math.max(1, Math.ceil(total / filters.pageSize));
  useEffect(() => {
    if (list.isSuccess && !list.isPlaceholderData && filters.page > lastPage) setFilters({ page: lastPage }, { replace: true });
  }, [list.isSuccess, list.isPlaceholderData, filters.page, lastPage, setFilters]);

  const pageIds = samples.map((s) => s.sample_id);
  const pageSelected = pageIds.filter((id) => selected.has(id)).length;
  const toggle = (ids: string[], on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      ids.forEach((id) => (on ? next.add(id) : next.delete(id)));
      return next;
    });

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Flex align="center" wrap gap="small">
          <Radio.Group
            aria-label={t('filter.state')}
            optionType="button"
            value={filters.state}
            onChange={(e) => setFilters({ state: e.target.value as SampleFilterState })}
            options={SAMPLE_FILTER_STATES.map((s) => ({ value: s, label: t(`filter.${s}`) }))}
          />
          <Select
            aria-label={t('filter.label')}
            placeholder={t('filter.anyLabel')}
            allowClear
            showSearch
            style={{ minWidth: 200 }}
            value={filters.label}
            onChange={(label?: string) => setFilters({ label })}
            options={labels.map((l) => ({ value: l.name, label: l.name }))}
          />
        </Flex>
        <Flex align="center" wrap gap="small">
          <Checkbox
            checked={pageIds.length > 0 && pageSelected === pageIds.length}
            indeterminate={pageSelected > 0 && pageSelected < pageIds.length}
            disabled={pageIds.length === 0}
            onChange={(e) => toggle(pageIds, e.target.checked)}
          >
            {t('grid.selectPage')}
          </Checkbox>
          {selected.size > 0 && (
            <Button type="link" onClick={() => setSelected(new Set())}>
              {t('grid.clearSelection', { count: selected.size })}
            </Button>
          )}
          <Button danger icon={<DeleteOutlined />} disabled={selected.size === 0} onClick={() => setToDelete([...selected])}>
            {selected.size ? t('grid.deleteSelected', { count: selected.size }) : t('grid.deleteNone')}
          </Button>
        </Flex>
      </Flex>

      {list.isError ? (
        <Alert type="error" showIcon title={t('loadError')} description={list.error.message} action={<Button onClick={() => list.refetch()}>{t('retry')}</Button>} />
      ) : list.isPending ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : samples.length === 0 ? (
        <Empty description={filtered ? t('empty.filtered') : t('empty.none')}>
          {filtered && <Button onClick={() => setFilters({ state: 'all', label: undefined })}>{t('empty.clearFilters')}</Button>}
        </Empty>
      ) : (
        <div
          role="list"
          aria-label={t('grid.label')}
          aria-busy={list.isFetching}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 12, opacity: list.isPlaceholderData ? 0.6 : 1 }}
        >
          {samples.map((s) => (
            <div role="listitem" key={s.sample_id}>
              <SampleCard
                sample={s}
                selected={selected.has(s.sample_id)}
                onSelect={(on) => toggle([s.sample_id], on)}
                onOpen={() => setFilters({ preview: s.sample_id })}
                colorOf={colorOf}
              />
            </div>
          ))}
        </div>
      )}

      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Text type="secondary">{t('grid.total', { count: total })}</Typography.Text>
        <Pagination
          current={filters.page}
          pageSize={filters.pageSize}
          total={total}
          showSizeChanger
          pageSizeOptions={PAGE_SIZES.map(String)}
          onChange={(page, pageSize) => setFilters(pageSize !== filters.pageSize ? { pageSize } : { page })}
          hideOnSinglePage={total <= PAGE_SIZES[0]}
        />
      </Flex>

      <DeleteSamplesModal
        key={toDelete.length}
        datasetId={datasetId}
        sampleIds={toDelete}
        alsoInvalidate={alsoInvalidate}
        onClose={(deleted) => {
          if (deleted) toggle(toDelete, false);
          setToDelete([]);
        }}
      />
      <SamplePreviewDrawer datasetId={datasetId} sampleId={preview} onClose={() => setFilters({ preview: undefined })} colorOf={colorOf} />
    </Flex>
  );
}
