import { DatabaseOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Progress, Result, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatNumber, formatTime, percent } from '@/components/format';
import { PageLoading } from '@/components/page-loading';
import { DatasetStatusTag } from '@/components/status-tag';
import { datasetQueries } from '../api';

/** Totals from D1's counters and the newest datasets, with the two next steps people take. */
export function DatasetsOverview() {
  const { t, i18n } = useTranslation('datasets');
  const navigate = useNavigate();
  const summary = useQuery(datasetQueries.summary());
  const lang = i18n.language;

  if (summary.isPending) return <PageLoading />;
  if (summary.isError) {
    return (
      <Result
        status="error"
        title={t('list.loadFailed')}
        subTitle={`${summary.error.message} (${summary.error.code})`}
        extra={<Button onClick={() => void summary.refetch()}>{t('common:error.retry')}</Button>}
      />
    );
  }
  const s = summary.data;
  const actions = (
    <Flex gap={8} wrap>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/datasets/new')}>
        {t('list.create')}
      </Button>
      <Button icon={<UnorderedListOutlined />} onClick={() => navigate('/datasets')}>
        {t('overview.openList')}
      </Button>
    </Flex>
  );

  if (s.datasetCount === 0) {
    return (
      <Card>
        <Empty image={<DatabaseOutlined style={{ fontSize: 48 }} />} description={t('overview.welcome')}>
          <Typography.Paragraph>{t('list.emptyHint')}</Typography.Paragraph>
          {actions}
        </Empty>
      </Card>
    );
  }

  const share = percent(s.annotatedCount, s.sampleCount);
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card style={{ height: '100%' }}>
            <Statistic title={t('overview.datasets')} value={formatNumber(s.datasetCount, lang)} />
            {s.busyCount > 0 && <Typography.Text type="secondary">{t('overview.busy', { count: s.busyCount })}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card style={{ height: '100%' }}>
            <Statistic title={t('overview.samples')} value={formatNumber(s.sampleCount, lang)} />
            <Typography.Text type="secondary">{t('overview.annotated', { count: s.annotatedCount, formatted: formatNumber(s.annotatedCount, lang) })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card style={{ height: '100%' }}>
            <Typography.Text type="secondary">{t('overview.labeledShare')}</Typography.Text>
            <Progress percent={share} aria-label={t('overview.labeledShare')} />
          </Card>
        </Col>
      </Row>
      {s.countedDatasets < s.datasetCount && (
        <Typography.Text type="secondary">{t('overview.partial', { counted: s.countedDatasets, total: s.datasetCount })}</Typography.Text>
      )}
      <Card title={t('overview.recent')} extra={actions}>
        <Table
          rowKey="dataset_id"
          size="small"
          pagination={false}
          dataSource={s.recent}
          columns={[
            { title: t('columns.name'), dataIndex: 'dataset_name', render: (name: string, d) => <Link to={`/datasets/${d.dataset_id}`}>{name}</Link> },
            { title: t('columns.status'), dataIndex: 'status', render: (status: number) => <DatasetStatusTag status={status} /> },
            {
              title: t('columns.annotated'),
              key: 'n',
              render: (_, d) => t('annotatedOfTotal', { annotated: formatNumber(d.annotated_sample_count, lang), total: formatNumber(d.total_sample_count, lang) }),
            },
            { title: t('columns.created'), dataIndex: 'create_time', render: (ms: number) => formatTime(ms, lang) },
          ]}
        />
      </Card>
    </Flex>
  );
}
