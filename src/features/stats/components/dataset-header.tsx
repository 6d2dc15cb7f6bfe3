import { Space, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DATASET_TYPES, type Dataset } from '@contract/dataset';
import { formatTime } from '@/components/format';
import { PageHeader } from '@/components/page-header';
import { DatasetStatusTag } from '@/components/status-tag';

/** Name, type, status and counts of a dataset, from its D3 detail. */
export function DatasetHeader({ dataset }: { dataset: Dataset }) {
  const { t, i18n } = useTranslation('dataset');
  const typeKey = DATASET_TYPES[dataset.dataset_type as keyof typeof DATASET_TYPES]?.key;
  const counts = [
    { key: 'total', value: dataset.total_sample_count },
    { key: 'labeled', value: dataset.annotated_sample_count },
    { key: 'unconfirmed', value: dataset.unconfirmed_sample_count },
    { key: 'labels', value: dataset.labels.length },
  ];
  return (
    <PageHeader
      title={dataset.dataset_name}
      // The subtitle sits in a paragraph: inline content only.
      subtitle={
        <>
          <Tag>{typeKey ? t(`type.${typeKey}`) : dataset.dataset_type}</Tag>
          <DatasetStatusTag status={dataset.status} />
          <span style={{ marginInlineStart: 4 }}>{t('header.created', { time: formatTime(dataset.create_time, i18n.language) })}</span>
          <span aria-hidden> · </span>
          <span>{t('header.input', { path: dataset.data_sources[0]?.data_path ?? '—' })}</span>
        </>
      }
      extra={
        <Space size="large" wrap>
          {counts.map((c) => (
            <Statistic key={c.key} title={t(`header.${c.key}`)} value={c.value} styles={{ content: { fontSize: 20 } }} />
          ))}
        </Space>
      }
    />
  );
}
