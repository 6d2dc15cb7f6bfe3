import { AppstoreOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Input, Radio, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SAMPLE_STATES, type SampleFilter, type SampleStateFilter } from '@/lib/sample-filter';
import type { GalleryView } from '../use-gallery-url';

/** The API accepts a time range of at most 30 days (`sample_time`, modelarts-api.md §1). */
export const MAX_RANGE_DAYS = 30;
const DAY_FORMAT = 'YYYYMMDD';

interface Props {
  filter: SampleFilter;
  onChange: (filter: SampleFilter) => void;
  /** Label names to filter by (S6 facets, else the dataset's labels). */
  labelNames: string[];
  view: GalleryView;
  onView: (view: GalleryView) => void;
  /** Extra actions at the end, e.g. the upload button the page hands in. */
  extra?: ReactNode;
}

export const isFiltered = (f: SampleFilter) => f.state !== 'all' || f.labels.length > 0 || !!f.name || !!f.dir || !!(f.from && f.to);
export const NO_FILTER: SampleFilter = { state: 'all', labels: [], labelOp: 'OR' };

/** State, labels (any / all of them), file name, folder and time range; each change lands in the URL. */
export function GalleryToolbar({ filter, onChange, labelNames, view, onView, extra }: Props) {
  const { t } = useTranslation('samples');
  const set = (patch: Partial<SampleFilter>) => onChange({ ...filter, ...patch });
  const range: [Dayjs, Dayjs] | null = filter.from && filter.to ? [dayjs(filter.from, DAY_FORMAT), dayjs(filter.to, DAY_FORMAT)] : null;

  return (
    <Flex vertical gap="small">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Radio.Group
          name="sample-state"
          aria-label={t('filter.state')}
          optionType="button"
          value={filter.state}
          onChange={(e) => set({ state: e.target.value as SampleStateFilter })}
          options={SAMPLE_STATES.map((s) => ({ value: s, label: t(`filter.${s}`) }))}
        />
        <Flex align="center" wrap gap="small">
          <Segmented<GalleryView>
            name="gallery-view"
            aria-label={t('view.label')}
            value={view}
            onChange={onView}
            options={[
              { value: 'grid', icon: <AppstoreOutlined />, label: t('view.grid') },
              { value: 'list', icon: <UnorderedListOutlined />, label: t('view.list') },
            ]}
          />
          {extra}
        </Flex>
      </Flex>
      <Flex align="center" wrap gap="small">
        <Select
          mode="multiple"
          aria-label={t('filter.label')}
          placeholder={t('filter.anyLabel')}
          allowClear
          showSearch
          maxTagCount="responsive"
          style={{ minWidth: 220, maxWidth: 360 }}
          value={filter.labels}
          onChange={(labels: string[]) => set({ labels })}
          options={labelNames.map((name) => ({ value: name, label: name }))}
        />
        {filter.labels.length > 1 && (
          <Segmented<'OR' | 'AND'>
            name="label-op"
            aria-label={t('filter.labelOp')}
            value={filter.labelOp}
            onChange={(labelOp) => set({ labelOp })}
            options={[
              { value: 'OR', label: t('filter.anyOf') },
              { value: 'AND', label: t('filter.allOf') },
            ]}
          />
        )}
        <Input.Search
          key={`name-${filter.name ?? ''}`}
          aria-label={t('filter.name')}
          placeholder={t('filter.name')}
          defaultValue={filter.name}
          allowClear
          onSearch={(v) => set({ name: v.trim() || undefined })}
          style={{ width: 200 }}
        />
        <Input.Search
          key={`dir-${filter.dir ?? ''}`}
          aria-label={t('filter.dir')}
          placeholder={t('filter.dirPlaceholder')}
          defaultValue={filter.dir}
          allowClear
          onSearch={(v) => set({ dir: v.trim() ? (v.trim().endsWith('/') ? v.trim() : `${v.trim()}/`) : undefined })}
          style={{ width: 220 }}
        />
        <DatePicker.RangePicker
          aria-label={t('filter.time')}
          placeholder={[t('filter.from'), t('filter.to')]}
          value={range}
          disabledDate={(current, info) => !!info.from && Math.abs(current.diff(info.from, 'day')) > MAX_RANGE_DAYS}
          onChange={(dates) =>
            set(dates?.[0] && dates[1] ? { from: dates[0].format(DAY_FORMAT), to: dates[1].format(DAY_FORMAT) } : { from: undefined, to: undefined })
          }
        />
        {isFiltered(filter) && (
          <Button type="link" onClick={() => onChange(NO_FILTER)}>
            {t('filter.reset')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
