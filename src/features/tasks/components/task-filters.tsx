import { Button, Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { TASK_KINDS, TASK_PHASES } from '@contract/task';
import type { TaskFilterState } from '../use-task-filters';

export interface DatasetOption {
  value: string;
  label: string;
}

interface Props {
  value: TaskFilterState;
  onChange: (change: Partial<TaskFilterState>) => void;
  /** Datasets to filter by; the dataset select is left out when undefined (a dataset's own Tasks tab). */
  datasetOptions?: DatasetOption[];
  datasetOptionsLoading?: boolean;
  /** Server-side search of datasets by name; without it the options are filtered locally. */
  onDatasetSearch?: (text: string) => void;
  filtered: boolean;
}

/** Kind, status and dataset filters; the caller keeps them in the URL. */
export function TaskFilters({ value, onChange, datasetOptions, datasetOptionsLoading, onDatasetSearch, filtered }: Props) {
  const { t } = useTranslation('task-center');
  return (
    <Flex gap="small" wrap align="center" role="search" aria-label={t('filters.label')}>
      <Select
        mode="multiple"
        allowClear
        aria-label={t('filters.kind')}
        placeholder={t('filters.kindAll')}
        style={{ minWidth: 180 }}
        value={value.kind}
        onChange={(kind) => onChange({ kind })}
        options={TASK_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
      />
      <Select
        mode="multiple"
        allowClear
        aria-label={t('filters.phase')}
        placeholder={t('filters.phaseAll')}
        style={{ minWidth: 180 }}
        value={value.phase}
        onChange={(phase) => onChange({ phase })}
        options={TASK_PHASES.map((p) => ({ value: p, label: t(`phase.${p}`) }))}
      />
      {datasetOptions && (
        <Select
          allowClear
          showSearch={onDatasetSearch ? { filterOption: false, onSearch: onDatasetSearch } : { optionFilterProp: 'label' }}
          aria-label={t('filters.dataset')}
          placeholder={t('filters.datasetAll')}
          style={{ minWidth: 200 }}
          loading={datasetOptionsLoading}
          value={value.dataset}
          onChange={(dataset?: string) => {
            onChange({ dataset });
            onDatasetSearch?.('');
          }}
          // A dataset named in the URL but not in the list (deleted, or beyond the first page) stays selectable.
          options={value.dataset && !datasetOptions.some((o) => o.value === value.dataset) ? [...datasetOptions, { value: value.dataset, label: value.dataset }] : datasetOptions}
        />
      )}
      {filtered && (
        <Button type="link" onClick={() => onChange({ kind: [], phase: [], dataset: undefined })}>
          {t('filters.clear')}
        </Button>
      )}
    </Flex>
  );
}
