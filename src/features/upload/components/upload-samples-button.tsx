import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  datasetId: string;
  /** The dataset's input folder (`/bucket/dir/`); uploaded files land below it. */
  inputPath: string;
  /** Called after samples were registered, so the gallery refreshes. */
  onUploaded: () => void;
}

/** Opens the upload drop zone for a dataset. */
export function UploadSamplesButton(_props: Props) {
  const { t } = useTranslation('upload');
  return (
    <Button icon={<UploadOutlined />} disabled>
      {t('button')}
    </Button>
  );
}
