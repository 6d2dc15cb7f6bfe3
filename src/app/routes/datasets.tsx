import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { DatasetList } from '@/features/datasets/components/dataset-list';

export default function DatasetsPage() {
  const { t } = useTranslation('datasets');
  return (
    <>
      <PageHeader title={t('list.title')} subtitle={t('list.subtitle')} />
      <DatasetList />
    </>
  );
}
