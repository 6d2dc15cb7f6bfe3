import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Progress, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isImportTerminal, type ImportTaskStatusResp } from '@contract/import-task';
import { importTaskKeys, importTaskQueries } from '../api';

const STATUS_COLORS: Record<string, string> = { QUEUING: 'default', STARTING: 'processing', RUNNING: 'processing', COMPLETED: 'success', FAILED: 'error', NOT_EXIST: 'default' };
const LIST_POLL_MS = 3000;

interface Props {
  datasetId: string;
  /** The dataset's `import_task_id`, used until the task list has been read. */
  taskId?: string;
  /** The dataset reports an import (status 8): look for its task until one shows up. */
  importing: boolean;
  /** Keys whose data an import changes (dataset, stats, labels, samples): invalidated when it ends. */
  alsoInvalidate: readonly QueryKey[];
}

/** The latest import of a dataset: live progress while it runs, then its outcome (error code and message if it failed). */
export function ImportProgress({ datasetId, taskId, importing, alsoInvalidate }: Props) {
  const queryClient = useQueryClient();
  const list = useQuery({
    ...importTaskQueries.list(datasetId),
    refetchInterval: (q) => (importing && !q.state.data?.import_tasks.some((task) => !isImportTerminal(task.status)) ? LIST_POLL_MS : false),
  });
  const newest = list.data?.import_tasks.reduce<ImportTaskStatusResp | undefined>((a, b) => (!a || b.create_time > a.create_time ? b : a), undefined);
  const currentId = newest?.task_id ?? taskId;
  const task = useQuery({ ...importTaskQueries.detail(datasetId, currentId ?? ''), enabled: !!currentId });

  // An import seen running that reaches a final status has changed samples, labels and counts.
  const status = task.data?.status;
  const previous = useRef<string | undefined>(undefined);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (was && !isImportTerminal(was) && isImportTerminal(status)) {
      void Promise.all([importTaskKeys.list(datasetId), ...alsoInvalidate].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    }
  }, [status, datasetId, alsoInvalidate, queryClient]);

  return task.data ? <ImportTaskCard task={task.data} /> : null;
}

export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

function ImportTaskCard({ task }: { task: ImportTaskStatusResp }) {
  const { t } = useTranslation('import-tasks');
  const done = task.finished_file_count;
  const total = task.total_file_count;
  const percent = task.status === 'COMPLETED' ? 100 : total > 0 ? Math.floor((done / total) * 100) : 0;
  const running = !isImportTerminal(task.status);
  return (
    <Card
      size="small"
      title={t('progress.title')}
      extra={<Tag color={STATUS_COLORS[task.status]}>{t(`status.${task.status}`)}</Tag>}
      aria-live="polite"
      aria-label={t('progress.title')}
      role="region"
    >
      <Progress
        percent={percent}
        status={task.status === 'FAILED' ? 'exception' : running ? 'active' : 'success'}
        aria-label={t('progress.progress', { percent })}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'files', label: t('progress.files'), children: t('progress.filesValue', { done, total }) },
          { key: 'samples', label: t('progress.samples'), children: task.imported_sample_count },
          { key: 'elapsed', label: t('progress.elapsed'), children: formatElapsed(task.elapsed_time) },
          { key: 'path', label: t('progress.path'), children: <Typography.Text ellipsis={{ tooltip: task.import_path }}>{task.import_path}</Typography.Text> },
        ]}
      />
      <SkippedItems task={task} />
      {task.status === 'FAILED' && (
        <Alert type="error" showIcon title={`${t('progress.failed')}${task.error_code ? ` (${task.error_code})` : ''}`} description={task.error_msg ?? t('progress.noMessage')} />
      )}
    </Card>
  );
}

/** Local extension: what an import skipped and why, so the user can fix the source and import again. */
function SkippedItems({ task }: { task: ImportTaskStatusResp }) {
  const { t } = useTranslation('import-tasks');
  const failed = task.failed_file_count ?? 0;
  const invalid = task.invalid_annotation_count ?? 0;
  if (failed === 0 && invalid === 0 && !task.issues?.length) return null;
  const summary = [failed > 0 && t('progress.failedFiles', { count: failed }), invalid > 0 && t('progress.invalidAnnotations', { count: invalid })].filter(Boolean).join(' ');
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 8 }}
      title={summary || t('progress.issues')}
      description={
        task.issues?.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {task.issues.slice(0, 5).map((i) => (
              <li key={`${i.path}:${i.reason}`}>
                <Typography.Text code>{i.path}</Typography.Text> {i.reason}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
