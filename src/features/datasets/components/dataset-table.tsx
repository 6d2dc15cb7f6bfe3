import type { Dataset, ListDatasetsResp } from '@contract/dataset';
import { Flex, Progress, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatNumber, formatTime, percent } from '@/components/format';
import { DatasetStatusTag } from '@/components/status-tag';
import { PAGE_SIZES } from '../hooks/use-dataset-list-filters';
import { DeleteDatasetButton } from './delete-dataset-button';

interface Props {
  data: ListDatasetsResp | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPageChange: (page: number, size: number) => void;
}

export function DatasetTable({ data, loading, page, pageSize, onPageChange }: Props) {
  const { t, i18n } = useTranslation('datasets');
  const navigate = useNavigate();
  const lang = i18n.language;

  const columns: TableColumnsType<Dataset> = [
    {
      title: t('columns.name'),
      dataIndex: 'dataset_name',
      render: (name: string, d) => (
        <Flex vertical>
          <Link to={`/datasets/${d.dataset_id}`} onClick={(e) => e.stopPropagation()}>
            {name}
          </Link>
          {d.description && (
            <span className="secondary-text ellipsis" style={{ maxWidth: 320 }} title={d.description}>
              {d.description}
            </span>
          )}
        </Flex>
      ),
    },
    { title: t('columns.type'), dataIndex: 'dataset_type', render: (type: number) => <Tag>{t(`common:datasetType.${type}`)}</Tag> },
    { title: t('columns.status'), dataIndex: 'status', render: (status: number) => <DatasetStatusTag status={status} /> },
    {
      title: t('columns.annotated'),
      key: 'progress',
      width: 220,
      render: (_, d) => (
        <Flex vertical>
          <span>{t('annotatedOfTotal', { annotated: formatNumber(d.annotated_sample_count, lang), total: formatNumber(d.total_sample_count, lang) })}</span>
          <Progress
            percent={percent(d.annotated_sample_count, d.total_sample_count)}
            size="small"
            aria-label={t('annotatedShare', { name: d.dataset_name })}
          />
        </Flex>
      ),
    },
    { title: t('columns.created'), dataIndex: 'create_time', render: (ms: number) => formatTime(ms, lang) },
    {
      title: <span className="visually-hidden">{t('columns.actions')}</span>,
      key: 'actions',
      width: 64,
      render: (_, d) => <DeleteDatasetButton dataset={d} />,
    },
  ];

  return (
    <Table<Dataset>
      rowKey="dataset_id"
      columns={columns}
      dataSource={data?.datasets}
      loading={loading}
      onRow={(d) => ({ onClick: () => navigate(`/datasets/${d.dataset_id}`), style: { cursor: 'pointer' } })}
      pagination={{
        current: page,
        pageSize,
        total: data?.total_number ?? 0,
        pageSizeOptions: PAGE_SIZES.map(String),
        showSizeChanger: true,
        showTotal: (total) => t('total', { count: total }),
        onChange: onPageChange,
      }}
      scroll={{ x: 900 }}
    />
  );
}
