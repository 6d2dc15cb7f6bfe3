import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { CreateWizard } from '@/features/datasets/components/create-wizard/create-wizard';

export default function DatasetCreatePage() {
  const { t } = useTranslation('datasets');
  return (
    <>
      <PageHeader title={t('create.title')} subtitle={t('create.subtitle')} />
      <CreateWizard />
    </>
  );
}
