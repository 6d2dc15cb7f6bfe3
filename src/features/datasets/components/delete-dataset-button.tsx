import { DeleteOutlined } from '@ant-design/icons';
import type { Dataset } from '@contract/dataset';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDeleteDataset } from '../api';

/** Deletes after a confirmation that states the impact: counts go, the source files stay (U3). */
export function DeleteDatasetButton({ dataset, onDeleted }: { dataset: Dataset; onDeleted?: () => void }) {
  const { t } = useTranslation('datasets');
  const { modal, message } = App.useApp();
  const remove = useDeleteDataset();

  const confirm = () =>
    modal.confirm({
      title: t('delete.title', { name: dataset.dataset_name }),
      content: (
        <>
          <p>{t('delete.impact', { samples: dataset.total_sample_count, labels: dataset.labels.length, versions: dataset.dataset_version_count })}</p>
          <p>{t('delete.sourceStays', { path: dataset.data_sources[0]?.data_path ?? '' })}</p>
        </>
      ),
      okText: t('delete.confirm'),
      okButtonProps: { danger: true },
      cancelText: t('common:actions.cancel'),
      onOk: () =>
        remove.mutateAsync(dataset.dataset_id).then(() => {
          void message.success(t('delete.done', { name: dataset.dataset_name }));
          onDeleted?.();
        }),
    });

  return (
    <Button
      type="text"
      danger
      icon={<DeleteOutlined />}
      aria-label={t('delete.button', { name: dataset.dataset_name })}
      onClick={(e) => {
        e.stopPropagation();
        confirm();
      }}
    />
  );
}
