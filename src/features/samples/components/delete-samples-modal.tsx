import type { QueryKey } from '@tanstack/react-query';
import { Alert, Checkbox, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteSamples } from '../api';

interface Props {
  datasetId: string;
  /** Samples to delete; the dialog is open while this is non-empty. */
  sampleIds: string[];
  onClose: (deleted: boolean) => void;
  alsoInvalidate: readonly QueryKey[];
}

/** States how many samples go and whether their files go too (quality-bar U3), then sends S4. */
export function DeleteSamplesModal({ datasetId, sampleIds, onClose, alsoInvalidate }: Props) {
  const { t } = useTranslation('samples');
  const [deleteSource, setDeleteSource] = useState(false);
  const remove = useDeleteSamples(datasetId, alsoInvalidate);
  const count = sampleIds.length;

  const confirm = async () => {
    await remove.mutateAsync({ samples: sampleIds, deleteSource });
    onClose(true);
  };

  return (
    <Modal
      open={count > 0}
      title={t('delete.title', { count })}
      okText={t('delete.confirm', { count })}
      okButtonProps={{ danger: true }}
      cancelText={t('delete.cancel')}
      confirmLoading={remove.isPending}
      onOk={() => confirm().catch(() => undefined)}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Flex vertical gap="middle">
        <Typography.Paragraph style={{ margin: 0 }}>{t('delete.body', { count })}</Typography.Paragraph>
        <Checkbox checked={deleteSource} onChange={(e) => setDeleteSource(e.target.checked)}>
          {t('delete.deleteSource')}
        </Checkbox>
        <Typography.Text type={deleteSource ? 'danger' : 'secondary'}>
          {deleteSource ? t('delete.sourceGone', { count }) : t('delete.sourceKept')}
        </Typography.Text>
        {remove.isError && <Alert type="error" showIcon title={t('delete.failed')} description={`${remove.error.message} (${remove.error.code})`} />}
      </Flex>
    </Modal>
  );
}
