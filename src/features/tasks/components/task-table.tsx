import { CloudUploadOutlined, EditOutlined, ExportOutlined, ImportOutlined, SyncOutlined } from '@ant-design/icons';
import { Flex, Progress, Space, Table, Tooltip, Typography, theme, type TableColumnsType, type TablePaginationConfig } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isPhaseTerminal, type TaskKind, type TaskPhase, type TaskSummary } from '@contract/task';
import { formatTime } from '@/components/format';
import { StatusTag, type StatusTone } from '@/components/status-tag';
import { elapsedMs, formatDuration, remainingMs } from '../timing';
import { TaskActions } from './task-actions';

const KIND_ICONS: Record<TaskKind, ReactNode> = {
  import: <ImportOutlined />,
  export: <ExportOutlined />,
  sync: <SyncOutlined />,
  publish: <CloudUploadOutlined />,
  batch: <EditOutlined />,
};

/** The API's code for a task ended by a stop request. */
const STOPPED_CODE = 'ModelArts.4393';

const PHASE_TONES: Record<TaskPhase, StatusTone> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  stopped: 'warning',
};

/** The current time, ticking each second only while some task runs, so elapsed and remaining times move. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(id);
  }, [ticking]);
  return now;
}

export function TaskStatus({ task }: { task: TaskSummary }) {
  const { t } = useTranslation('task-center');
  const tag = (
    <Tooltip title={t('statusWord', { status: task.status })}>
      <span>
        <StatusTag tone={PHASE_TONES[task.phase]}>{t(`phase.${task.phase}`)}</StatusTag>
      </span>
    </Tooltip>
  );
  if (!task.error_code && !task.error_msg) return tag;
  return (
    <Flex vertical gap={2} style={{ maxWidth: 320 }}>
      {tag}
      <Typography.Text type={task.phase === 'stopped' ? 'secondary' : 'danger'}>
        {/* The engine's stop message is English; a stop on request reads better in the user's language. */}
        {`${task.phase === 'stopped' && task.error_code === STOPPED_CODE ? t('stoppedOnRequest') : (task.error_msg ?? '')}${task.error_code ? ` (${task.error_code})` : ''}`}
      </Typography.Text>
    </Flex>
  );
}

const count = (result: Record<string, unknown>, key: string) => (typeof result[key] === 'number' ? (result[key] as number) : 0);

/** What the task has done so far, in the words of its kind (files read, samples written, samples added …). */
function TaskCounts({ task }: { task: TaskSummary }) {
  const { t, i18n } = useTranslation('task-center');
  const n = (key: string) => count(task.result, key).toLocaleString(i18n.language);
  const text =
    task.kind === 'import'
      ? t('counts.import', { finished: n('finished_file_count'), total: n('total_file_count'), imported: n('imported_sample_count') })
      : task.kind === 'export'
        ? t('counts.export', { finished: n('finished_sample_count'), total: n('total_sample_count') })
        : task.kind === 'sync'
          ? t('counts.sync', { added: n('add_sample_count'), deleted: n('deleted_sample_count') })
          : task.kind === 'batch'
            ? t('counts.batch', { changed: n('changed'), matched: n('matched') })
            : undefined;
  return text ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{text}</Typography.Text> : null;
}

function TaskProgress({ task }: { task: TaskSummary }) {
  const { t } = useTranslation('task-center');
  const percent = task.phase === 'succeeded' ? 100 : Math.floor(task.progress);
  const status = task.phase === 'failed' ? 'exception' : task.phase === 'succeeded' ? 'success' : task.phase === 'running' ? 'active' : 'normal';
  return (
    <Flex vertical gap={0}>
      <Progress
        percent={percent}
        size="small"
        status={status}
        style={{ minWidth: 140, marginBottom: 0 }}
        aria-label={t('progressLabel', { kind: t(`kind.${task.kind}`), percent })}
      />
      <TaskCounts task={task} />
    </Flex>
  );
}

export interface TaskTableProps {
  tasks: TaskSummary[];
  loading?: boolean;
  /** Managers and admins may stop and retry. */
  canManage: boolean;
  /** Off in a dataset's own Tasks tab, where every row is of that dataset. */
  showDataset?: boolean;
  /** A task to mark and scroll to (the one a dialog just started). */
  highlightTaskId?: string;
  onRetried?: (task: TaskSummary, newTaskId: string) => void;
  pagination?: TablePaginationConfig | false;
  emptyText: ReactNode;
}

/** Tasks of every kind with live progress, timings, errors and their actions (the API puts unfinished ones first). */
export function TaskTable({ tasks, loading, canManage, showDataset = true, highlightTaskId, onRetried, pagination = false, emptyText }: TaskTableProps) {
  const { t, i18n } = useTranslation('task-center');
  const { token } = theme.useToken();
  const now = useNow(tasks.some((task) => task.phase === 'running'));
  const tableRef = useRef<HTMLDivElement>(null);
  const scrolledTo = useRef<string | undefined>(undefined);
  const highlightShown = !!highlightTaskId && tasks.some((task) => task.task_id === highlightTaskId);

  // Scroll once to the highlighted task, as soon as its row is rendered.
  useEffect(() => {
    if (!highlightShown || scrolledTo.current === highlightTaskId) return;
    scrolledTo.current = highlightTaskId;
    const rows = tableRef.current?.querySelectorAll<HTMLElement>('tr[data-row-key]') ?? [];
    const row = [...rows].find((r) => r.dataset.rowKey === highlightTaskId);
    row?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  }, [highlightShown, highlightTaskId]);

  const columns: TableColumnsType<TaskSummary> = [
    {
      title: t('columns.kind'),
      key: 'kind',
      render: (_, task) => (
        <Space size={6}>
          {KIND_ICONS[task.kind]}
          <span>{t(`kind.${task.kind}`)}</span>
        </Space>
      ),
    },
    ...(showDataset
      ? [
          {
            title: t('columns.dataset'),
            key: 'dataset',
            render: (_: unknown, task: TaskSummary) =>
              task.dataset_id && task.dataset_name ? (
                <Link to={`/datasets/${encodeURIComponent(task.dataset_id)}/tasks`}>{task.dataset_name}</Link>
              ) : (
                <Typography.Text type="secondary">{task.dataset_id ? t('datasetDeleted') : '—'}</Typography.Text>
              ),
          },
        ]
      : []),
    { title: t('columns.status'), key: 'status', render: (_, task) => <TaskStatus task={task} /> },
    { title: t('columns.progress'), key: 'progress', render: (_, task) => <TaskProgress task={task} /> },
    { title: t('columns.elapsed'), key: 'elapsed', render: (_, task) => formatDuration(elapsedMs(task, now)) },
    {
      title: t('columns.remaining'),
      key: 'remaining',
      render: (_, task) => (isPhaseTerminal(task.phase) ? '—' : formatDuration(remainingMs(task, now))),
    },
    { title: t('columns.created'), key: 'created', render: (_, task) => formatTime(task.create_time, i18n.language) },
    {
      title: t('columns.actions'),
      key: 'actions',
      render: (_, task) => <TaskActions task={task} canManage={canManage} onRetried={onRetried} />,
    },
  ];

  return (
    <div ref={tableRef}>
      <Table<TaskSummary>
        aria-label={t('tableLabel')}
        rowKey="task_id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={tasks}
        pagination={pagination}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText }}
        onRow={(task) =>
          task.task_id === highlightTaskId
            ? { 'aria-current': 'true', style: { outline: `2px solid ${token.colorPrimary}`, outlineOffset: -2 } }
            : {}
        }
      />
    </div>
  );
}
