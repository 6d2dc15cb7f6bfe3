import { useQuery } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageLoading } from '@/components/page-loading';
import { AnnotationEditor } from '@/features/annotation/components/annotation-editor';
import { datasetKeys, datasetQueries } from '@/features/datasets/api';
import { labelKeys } from '@/features/labels/api';
import { sampleKeys } from '@/features/samples/api';
import { statsKeys } from '@/features/stats/api';

/** `/datasets/:datasetId/annotate?i=&<filter>`: the annotation editor over the gallery's filtered samples. */
export default function AnnotatePage() {
  const { datasetId = '' } = useParams();
  const { t } = useTranslation('annotation');
  const navigate = useNavigate();
  const dataset = useQuery(datasetQueries.detail(datasetId));
  // Saving labels changes the gallery, label counts and the dataset's counters.
  const related = useMemo(
    () => [datasetKeys.detail(datasetId), statsKeys.dataset(datasetId), labelKeys.dataset(datasetId), sampleKeys.dataset(datasetId)],
    [datasetId],
  );

  if (dataset.isError) {
    return (
      <Result
        status={dataset.error.code === 'ModelArts.4352' ? '404' : 'error'}
        title={t('error.dataset')}
        subTitle={`${dataset.error.message} (${dataset.error.code})`}
        extra={<Button onClick={() => navigate('/datasets')}>{t('error.toDatasets')}</Button>}
      />
    );
  }
  if (!dataset.data) return <PageLoading />;
  return <AnnotationEditor datasetId={datasetId} datasetType={dataset.data.dataset_type} labels={dataset.data.labels} alsoInvalidate={related} />;
}
