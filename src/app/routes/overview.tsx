import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { DatasetsOverview } from '@/features/datasets/components/datasets-overview';

export default function OverviewPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.overview')} subtitle={t('overviewSubtitle')} />
      <DatasetsOverview />
    </>
  );
}
