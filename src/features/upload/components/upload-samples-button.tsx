import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFolderPath } from '@/components/path-picker';
import { useUploadQueue } from '../use-upload-queue';
import { DropZone } from './drop-zone';
import { UploadProgress, overallPercent } from './upload-progress';

interface Props {
  datasetId: string;
  /** The dataset's input folder (`/bucket/dir/`); uploaded files land below it. */
  inputPath: string;
  /** Called whenever uploaded files became samples, so the gallery refreshes. */
  onUploaded: () => void;
}

/**
 * Opens the upload dialog of a dataset: images dropped or picked (folders included) are stored in the
 * input folder and added as samples. Uploads go on with the dialog closed; the button shows their progress.
 */
export function UploadSamplesButton({ datasetId, inputPath, onUploaded }: Props) {
  const { t } = useTranslation('upload');
  const { notification } = App.useApp();
  const [open, setOpen] = useState(false);
  // `/bucket/dir/` whichever form the dataset names it in (`obs://bucket/dir` too).
  const folder = toFolderPath(inputPath);
  const upload = useUploadQueue({ datasetId, folder, onSamplesAdded: onUploaded });
  const s = upload.snapshot;

  // A run that ends while the dialog is closed says how it went.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !s.running && !open) {
      const args = { added: s.counts.added, existing: s.counts.existing, failed: s.counts.failed };
      const notify = s.counts.failed > 0 ? notification.warning : notification.success;
      notify({ title: t('notice.title'), description: t('notice.summary', args) });
    }
    wasRunning.current = s.running;
  }, [s.running, s.counts, open, notification, t]);

  return (
    <>
      {/* A dataset without an input folder (not an OBS source) has nowhere to put files. */}
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} aria-haspopup="dialog" disabled={folder === '/'}>
        {s.running ? t('buttonProgress', { percent: overallPercent(s) }) : t('button')}
      </Button>
      <Modal
        open={open}
        title={t('title')}
        onCancel={() => setOpen(false)}
        footer={<Button onClick={() => setOpen(false)}>{s.running ? t('closeRunning') : t('close')}</Button>}
        width={720}
      >
        <DropZone folder={folder} onFiles={upload.add} />
        <UploadProgress snapshot={s} onRetry={upload.retryFailed} onClear={upload.reset} />
      </Modal>
    </>
  );
}
