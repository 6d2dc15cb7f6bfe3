import { useQuery } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageLoading } from '@/components/page-loading';
import { useDatasetRelatedKeys } from '../dataset-related-keys';
import { AnnotationEditor } from '@/features/annotation/components/annotation-editor';
import { datasetQueries } from '@/features/datasets/api';

/** `/datasets/:datasetId/annotate?i=&<filter>`: the annotation editor over the gallery's filtered samples. */
export default function AnnotatePage() {
  const { datasetId = '' } = useParams();
  const { t } = useTranslation('annotation');
  const navigate = useNavigate();
  const dataset = useQuery(datasetQueries.detail(datasetId));
  const related = useDatasetRelatedKeys(datasetId);

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
