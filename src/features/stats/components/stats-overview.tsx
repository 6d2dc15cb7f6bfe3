import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Progress, Row, Skeleton, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { sampleStateCounts, statsQueries } from '../api';
import { LabelChart } from './label-chart';

/** Sample counts by annotation state and the label distribution of one dataset (D6). */
export function StatsOverview({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation('stats');
  const stats = useQuery(statsQueries.dataset(datasetId));

  if (stats.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('loadError')}
        description={stats.error.message}
        action={<Button onClick={() => stats.refetch()}>{t('retry')}</Button>}
      />
    );
  }
  if (!stats.data) return <Skeleton active />;

  const counts = sampleStateCounts(stats.data);
  const labeledPercent = counts.total > 0 ? Math.round((counts.labeled / counts.total) * 100) : 0;
  const cards = [
    { key: 'total', value: counts.total },
    { key: 'labeled', value: counts.labeled },
    { key: 'unlabeled', value: counts.unlabeled },
    { key: 'unconfirmed', value: counts.unconfirmed },
  ] as const;
  const labels = stats.data.label_stats;

  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} lg={6}>
          <Card size="small" aria-label={t(`count.${c.key}`)} role="group" style={{ height: '100%' }}>
            <Statistic title={t(`count.${c.key}`)} value={c.value} />
            {c.key === 'labeled' && (
              <Progress percent={labeledPercent} size="small" aria-label={t('labeledShare', { percent: labeledPercent })} />
            )}
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Card size="small" title={t('chart.title')}>
          {labels.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chart.empty')} />
          ) : (
            <LabelChart labels={labels} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
