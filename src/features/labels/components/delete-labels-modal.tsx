import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Alert, Flex, Modal, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelDeleteImpactResp } from '@contract/label';
import { DELETE_POLICY, labelQueries, useDeleteLabels, type DeletePolicy } from '../api';

interface Props {
  datasetId: string;
  /** Labels to delete; the modal is open while this is non-empty. */
  names: string[];
  onClose: (deleted: boolean) => void;
  alsoInvalidate: readonly QueryKey[];
}

/** Deleting labels states its impact (quality-bar U3): the policy decides what goes besides the label. */
export function DeleteLabelsModal({ datasetId, names, onClose, alsoInvalidate }: Props) {
  const { t } = useTranslation('labels');
  const [policy, setPolicy] = useState<DeletePolicy>(DELETE_POLICY.LABEL_ONLY);
  const open = names.length > 0;
  const impact = useQuery({ ...labelQueries.deleteImpact(datasetId, names), enabled: open });
  const remove = useDeleteLabels(datasetId, alsoInvalidate);

  const confirm = async () => {
    await remove.mutateAsync({ names, policy });
    onClose(true);
  };

  return (
    <Modal
      open={open}
      title={names.length === 1 ? t('delete.titleOne', { name: names[0] }) : t('delete.titleMany', { count: names.length })}
      okText={t('delete.confirm')}
      okButtonProps={{ danger: true, disabled: impact.isPending && impact.fetchStatus !== 'idle' }}
      cancelText={t('form.cancel')}
      confirmLoading={remove.isPending}
      onOk={() => confirm().catch(() => undefined)}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Flex vertical gap="middle">
        <Radio.Group
          value={policy}
          onChange={(e) => setPolicy(e.target.value as DeletePolicy)}
          aria-label={t('delete.policy')}
          orientation="vertical"
          options={[
            { value: DELETE_POLICY.LABEL_ONLY, label: t('delete.policy0') },
            { value: DELETE_POLICY.WITH_SAMPLES, label: t('delete.policy1') },
            { value: DELETE_POLICY.WITH_FILES, label: t('delete.policy2') },
          ]}
        />
        {impact.data ? (
          <ImpactText impact={impact.data} policy={policy} />
        ) : impact.isError ? (
          <Alert type="error" showIcon title={t('delete.impactError')} description={impact.error.message} />
        ) : (
          <Skeleton active paragraph={{ rows: 1 }} title={false} />
        )}
        {remove.isError && <Alert type="error" showIcon title={t('delete.failed')} description={`${remove.error.message} (${remove.error.code})`} />}
      </Flex>
    </Modal>
  );
}

function ImpactText({ impact, policy }: { impact: LabelDeleteImpactResp; policy: DeletePolicy }) {
  const { t } = useTranslation('labels');
  const carried = t('delete.carried', { count: impact.sample_count });
  const consequence =
    policy === DELETE_POLICY.LABEL_ONLY
      ? t('delete.keepSamples')
      : policy === DELETE_POLICY.WITH_SAMPLES
        ? t('delete.deleteSamples', { count: impact.exclusive_sample_count })
        : `${t('delete.deleteSamples', { count: impact.exclusive_sample_count })} ${t('delete.deleteFiles', { count: impact.file_count })}`;
  return (
    <Alert
      role="status"
      type={policy === DELETE_POLICY.LABEL_ONLY ? 'info' : 'warning'}
      showIcon
      title={<Typography.Text>{`${carried} ${consequence}`}</Typography.Text>}
    />
  );
}
