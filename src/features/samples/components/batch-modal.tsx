import { Alert, Checkbox, Flex, Modal, Progress, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/components/format';
import type { ApiError } from '@/lib/api-error';
import { SelectionChangedError, type BatchAction, type BatchProgress } from '../batch-run';

export type BatchKind = 'label' | 'unlabel' | 'delete';

interface Props {
  kind?: BatchKind;
  /** Samples the action applies to, as the user was shown. */
  count: number;
  /** `all`: every sample matching the filter; `some`: an explicit selection. */
  scope: 'all' | 'some';
  labels: { name: string; type: number }[];
  running: boolean;
  progress?: BatchProgress;
  error?: Error | ApiError | null;
  /** Set when the engine refused because the count of matching samples moved (ModelArts.4396). */
  countChanged?: { from: number; to: number };
  onConfirm: (action: BatchAction) => void;
  onStop: () => void;
  onClose: () => void;
}

/**
 * Confirms a batch action after stating how many samples it changes (quality-bar U3), shows progress
 * while it runs and why it failed. The dialog is remounted for every opening, so choices start fresh.
 */
export function BatchModal(p: Props) {
  const { t, i18n } = useTranslation('samples');
  const [chosen, setChosen] = useState<string[]>([]);
  const [removeAll, setRemoveAll] = useState(false);
  const [deleteSource, setDeleteSource] = useState(false);
  const { kind, count } = p;
  const n = formatNumber(count, i18n.language);

  const action = (): BatchAction | undefined => {
    const picked = p.labels.filter((l) => chosen.includes(l.name)).map(({ name, type }) => ({ name, type }));
    if (kind === 'delete') return { action: 'delete', delete_source: deleteSource };
    if (kind === 'unlabel' && removeAll) return { action: 'set_labels', labels: [] };
    if (picked.length === 0) return undefined;
    return { action: kind === 'label' ? 'add_labels' : 'remove_labels', labels: picked };
  };
  const ready = action() !== undefined && count > 0;
  const labelSelect = (
    <Select
      mode="multiple"
      aria-label={t('batch.chooseLabels')}
      placeholder={t('batch.chooseLabels')}
      value={chosen}
      onChange={setChosen}
      options={p.labels.map((l) => ({ value: l.name, label: l.name }))}
      style={{ width: '100%' }}
      disabled={p.running}
      showSearch
    />
  );

  return (
    <Modal
      open={kind !== undefined}
      title={kind ? t(`batch.title.${kind}`, { count, n }) : undefined}
      okText={kind ? t(`batch.confirm.${kind}`, { count, n }) : undefined}
      okButtonProps={{ danger: kind === 'delete', disabled: !ready }}
      cancelText={p.running ? t('batch.stop') : t('batch.cancel')}
      confirmLoading={p.running}
      onOk={() => {
        const a = action();
        if (a) p.onConfirm(a);
      }}
      // antd ignores `onCancel` while `confirmLoading`: the cancel button, labelled Stop then, stops the run.
      cancelButtonProps={{ onClick: () => p.running && p.onStop() }}
      onCancel={() => !p.running && p.onClose()}
      maskClosable={!p.running}
      destroyOnHidden
    >
      <Flex vertical gap="middle">
        <Typography.Paragraph strong style={{ margin: 0 }}>
          {p.scope === 'all' ? t('batch.scopeAll', { count, n }) : t('batch.scopeSome', { count, n })}
        </Typography.Paragraph>
        {kind === 'label' && labelSelect}
        {kind === 'unlabel' && (
          <>
            <Radio.Group
              value={removeAll}
              onChange={(e) => setRemoveAll(e.target.value as boolean)}
              disabled={p.running}
              options={[
                { value: false, label: t('batch.removeChosen') },
                { value: true, label: t('batch.removeAll') },
              ]}
            />
            {!removeAll && labelSelect}
          </>
        )}
        {kind === 'delete' && (
          <>
            <Typography.Paragraph style={{ margin: 0 }}>{t('delete.body', { count, n })}</Typography.Paragraph>
            <Checkbox checked={deleteSource} disabled={p.running} onChange={(e) => setDeleteSource(e.target.checked)}>
              {t('delete.deleteSource')}
            </Checkbox>
            <Typography.Text type={deleteSource ? 'danger' : 'secondary'}>
              {deleteSource ? t('delete.sourceGone', { count, n }) : t('delete.sourceKept')}
            </Typography.Text>
          </>
        )}
        {p.running && <RunProgress progress={p.progress} />}
        {p.countChanged && (
          <Alert
            type="warning"
            showIcon
            title={t('batch.countChanged', {
              from: formatNumber(p.countChanged.from, i18n.language),
              to: formatNumber(p.countChanged.to, i18n.language),
            })}
          />
        )}
        {p.error && !p.countChanged && <BatchError error={p.error} />}
      </Flex>
    </Modal>
  );
}

function RunProgress({ progress }: { progress?: BatchProgress }) {
  const { t, i18n } = useTranslation('samples');
  if (!progress) return <Progress percent={100} status="active" showInfo={false} aria-label={t('batch.working')} />;
  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  const values = { done: formatNumber(progress.done, i18n.language), total: formatNumber(progress.total, i18n.language) };
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary">{t(`batch.phase.${progress.phase}`, values)}</Typography.Text>
      <Progress percent={percent} status="active" aria-label={t(`batch.phase.${progress.phase}`, values)} />
    </Flex>
  );
}

function BatchError({ error }: { error: Error | ApiError }) {
  const { t } = useTranslation('samples');
  if (error instanceof SelectionChangedError) return <Alert type="warning" showIcon title={t('batch.selectionChanged')} />;
  if (error.name === 'AbortError' || error.name === 'CanceledError') return <Alert type="info" showIcon title={t('batch.stopped')} />;
  const code = 'code' in error ? ` (${error.code})` : '';
  return <Alert type="error" showIcon title={t('batch.failed')} description={`${error.message}${code}`} />;
}
