import { SyncOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isImportTerminal, type SyncStatusResp } from '@contract/import-task';
import { formatTime } from '@/components/format';
import { isApiError } from '@/lib/api-error';
import { useIdempotencyKey } from '@/lib/idempotency-key';
import { importTaskKeys, importTaskQueries, useSyncData } from '../api';

interface Props {
  datasetId: string;
  /** Called with the sync task's id once the API accepted it. */
  onStarted?: (taskId: string) => void;
  /** Keys whose data a sync changes (samples, stats …): invalidated when a sync seen running ends. */
  alsoInvalidate?: readonly QueryKey[];
}

const STATUS_COLORS: Record<string, string> = { QUEUING: 'default', STARTING: 'processing', RUNNING: 'processing', COMPLETED: 'success', FAILED: 'error' };

/** Y1 behind a confirmation that says what a sync does, with the last sync's outcome (Y2) beside it. */
export function SyncButton({ datasetId, onStarted, alsoInvalidate = [] }: Props) {
  const { t, i18n } = useTranslation('import-tasks');
  const { notification } = App.useApp();
  const queryClient = useQueryClient();
  const status = useQuery(importTaskQueries.syncStatus(datasetId));
  const sync = useSyncData(datasetId);
  const idempotency = useIdempotencyKey();
  const running = !!status.data && !isImportTerminal(status.data.status);

  // A sync seen running that ends has added and removed samples.
  const previous = useRef<string | undefined>(undefined);
  const current = status.data?.status;
  useEffect(() => {
    const was = previous.current;
    previous.current = current;
    if (was && !isImportTerminal(was) && isImportTerminal(current)) {
      void Promise.all([importTaskKeys.dataset(datasetId), ...alsoInvalidate].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    }
  }, [current, datasetId, alsoInvalidate, queryClient]);

  const start = async () => {
    try {
      const { task_id } = await sync.mutateAsync(idempotency.key);
      onStarted?.(task_id);
    } catch (e) {
      const code = isApiError(e) ? e.code : 'CLIENT';
      notification.error({
        title: code === 'ModelArts.4355' ? t('sync.alreadyRunning') : t('sync.failed'),
        description: `${e instanceof Error ? e.message : String(e)} (${code})`,
      });
    }
  };

  return (
    <Space size={4}>
      <Popconfirm
        title={t('sync.confirmTitle')}
        description={<Typography.Paragraph style={{ maxWidth: 340, margin: 0 }}>{t('sync.confirmBody')}</Typography.Paragraph>}
        okText={t('sync.confirm')}
        cancelText={t('common:actions.cancel')}
        onOpenChange={(open) => open && idempotency.renew()}
        onConfirm={start}
        disabled={running}
      >
        <Button icon={<SyncOutlined spin={running} />} disabled={running} loading={sync.isPending}>
          {running ? t('sync.running') : t('sync.button')}
        </Button>
      </Popconfirm>
      {status.data && <SyncStatusTag status={status.data} language={i18n.language} />}
    </Space>
  );
}

function SyncStatusTag({ status: s, language }: { status: SyncStatusResp; language: string }) {
  const { t } = useTranslation('import-tasks');
  if (s.status === 'NOT_EXIST') return <Tag>{t('sync.never')}</Tag>;
  const details = [
    t('sync.lastAt', { time: formatTime(s.create_time, language) }),
    t('sync.counts', { added: s.add_sample_count, deleted: s.deleted_sample_count, total: s.total_sample_count }),
    s.error_code ? `${s.error_msg ?? ''} (${s.error_code})` : undefined,
  ].filter(Boolean);
  return (
    <Tooltip title={details.map((d) => <div key={d}>{d}</div>)}>
      <Tag color={STATUS_COLORS[s.status]} tabIndex={0} aria-label={`${t('sync.last')}: ${t(`status.${s.status}`)}. ${details.join('. ')}`}>
        {t('sync.last')}: {t(`status.${s.status}`)}
      </Tag>
    </Tooltip>
  );
}
