import { DownloadOutlined, ExportOutlined, RedoOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TaskSummary } from '@contract/task';
import type { ApiError } from '@/lib/api-error';
import { canRetry, canStop, useRetryTask, useStopTask } from '../api';
import { exportFolder, zipDownloadUrl } from '../timing';

const datasetName = (task: TaskSummary) => task.dataset_name || task.dataset_id || '—';

/** A link to what a finished task produced: the zip of an export's folder, a new dataset, samples or versions. */
export function TaskOutput({ task }: { task: TaskSummary }) {
  const { t } = useTranslation('task-center');
  if (task.phase !== 'succeeded') return null;
  const dataset = task.dataset_id && task.dataset_name ? `/datasets/${encodeURIComponent(task.dataset_id)}` : undefined;
  if (task.kind === 'export') {
    const created = typeof task.result.new_dataset_id === 'string' ? task.result.new_dataset_id : undefined;
    if (created) {
      return (
        <Link to={`/datasets/${encodeURIComponent(created)}/samples`}>
          <ExportOutlined /> {t('output.newDataset')}
        </Link>
      );
    }
    const folder = exportFolder(task);
    return folder ? (
      <a href={zipDownloadUrl(folder)} download aria-label={t('output.downloadLabel', { folder })} title={folder}>
        <DownloadOutlined /> {t('output.download')}
      </a>
    ) : null;
  }
  if (!dataset) return null;
  const tab = task.kind === 'publish' ? 'versions' : 'samples';
  return <Link to={`${dataset}/${tab}`}>{t(`output.${tab}`)}</Link>;
}

interface Props {
  task: TaskSummary;
  /** Stop and retry change data: only managers and admins get them (the BFF enforces the same). */
  canManage: boolean;
  onRetried?: (task: TaskSummary, newTaskId: string) => void;
}

/** Stop (after confirming what stops and what is discarded), retry, and the link to the task's output. */
export function TaskActions({ task, canManage, onRetried }: Props) {
  const { t } = useTranslation('task-center');
  const { message } = App.useApp();
  const stop = useStopTask();
  const retry = useRetryTask();
  const kind = t(`kind.${task.kind}`);
  const dataset = datasetName(task);
  const failed = (e: ApiError | Error) => void message.error(`${e.message}${'code' in e ? ` (${e.code})` : ''}`);

  return (
    <Space size={4} wrap>
      {canManage && canStop(task) && (
        <Popconfirm
          title={t('stop.title', { kind })}
          description={<div style={{ maxWidth: 320 }}>{t(`stop.impact.${task.kind}`, { dataset, progress: Math.floor(task.progress) })}</div>}
          okText={t('stop.confirm')}
          okButtonProps={{ danger: true }}
          cancelText={t('cancel')}
          onConfirm={() =>
            stop.mutateAsync(task.task_id).then(
              () => void message.info(t('stop.done', { kind, dataset })),
              (e: ApiError) => failed(e),
            )
          }
        >
          <Button size="small" danger icon={<StopOutlined />} loading={stop.isPending} aria-label={t('stop.label', { kind, dataset })}>
            {t('stop.button')}
          </Button>
        </Popconfirm>
      )}
      {canManage && canRetry(task) && (
        <Button
          size="small"
          icon={<RedoOutlined />}
          loading={retry.isPending}
          aria-label={t('retry.label', { kind, dataset })}
          onClick={() =>
            retry.mutateAsync(task).then(
              (id) => {
                void message.success(t('retry.done', { kind, dataset }));
                onRetried?.(task, id);
              },
              (e: ApiError | Error) => failed(e),
            )
          }
        >
          {t('retry.button')}
        </Button>
      )}
      <TaskOutput task={task} />
    </Space>
  );
}
