import { PlusOutlined } from '@ant-design/icons';
import { DATASET_TYPE_IDS } from '@contract/dataset';
import { Button, Flex, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SORTS, type ListUrlState } from '../hooks/use-dataset-list-filters';

interface Props {
  state: ListUrlState;
  onChange: (patch: Partial<ListUrlState>) => void;
}

export function DatasetListToolbar({ state, onChange }: Props) {
  const { t } = useTranslation('datasets');
  const navigate = useNavigate();
  // The box is editable freely; the URL changes on Enter / search click, like a search form.
  const [query, setQuery] = useState(state.q);
  useEffect(() => setQuery(state.q), [state.q]);

  return (
    <Flex gap={12} wrap justify="space-between" style={{ marginBottom: 16 }}>
      <Flex gap={12} wrap>
        <Input.Search
          aria-label={t('list.search')}
          placeholder={t('list.searchPlaceholder')}
          allowClear
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onSearch={(q) => onChange({ q: q.trim() })}
          style={{ width: 260 }}
        />
        <Select<number | 'all'>
          aria-label={t('list.type')}
          value={state.type ?? 'all'}
          onChange={(v) => onChange({ type: v === 'all' ? undefined : v })}
          style={{ width: 220 }}
          options={[
            { value: 'all', label: t('list.allTypes') },
            ...DATASET_TYPE_IDS.map((id) => ({ value: id, label: t(`common:datasetType.${id}`) })),
          ]}
        />
        <Select
          aria-label={t('list.sort')}
          value={state.sort}
          onChange={(sort) => onChange({ sort })}
          style={{ width: 200 }}
          options={SORTS.map((s) => ({ value: s, label: t(`list.sorts.${s.replace(':', '_')}`) }))}
        />
      </Flex>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/datasets/new')}>
        {t('list.create')}
      </Button>
    </Flex>
  );
}
