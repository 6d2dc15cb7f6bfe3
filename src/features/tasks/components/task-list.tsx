import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Typography } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isPhaseTerminal, type TaskSummary } from '@contract/task';
import { TASK_POLL_MS, taskQueries } from '../api';
import { PAGE_SIZES, useTaskFilters } from '../use-task-filters';
import { TaskFilters, type DatasetOption } from './task-filters';
import { TaskTable } from './task-table';

const NO_KEYS: readonly QueryKey[] = [];

export interface TaskListProps {
  /** Pins the list to one dataset (its Tasks tab); otherwise the dataset is a filter. */
  datasetId?: string;
  /** Datasets for the dataset filter (task center page). */
  datasetOptions?: DatasetOption[];
  datasetOptionsLoading?: boolean;
  /** Asks the caller for datasets matching what is typed in the dataset filter. */
  onDatasetSearch?: (text: string) => void;
  canManage: boolean;
  /** Buttons that start tasks (import, export, sync), shown beside the filters. */
  toolbar?: ReactNode;
  /** Keys whose data a task changes when it ends (a dataset's counts, samples, versions): invalidated then. */
  alsoInvalidate?: readonly QueryKey[];
  /** Poll interval; tests shorten it. */
  pollMs?: number;
}

/** Invalidates `keys` when a task seen unfinished on screen has ended. */
function useInvalidateOnFinish(tasks: TaskSummary[] | undefined, keys: readonly QueryKey[]) {
  const queryClient = useQueryClient();
  const unfinished = useRef(new Set<string>());
  useEffect(() => {
    if (!tasks) return;
    const ended = tasks.some((task) => isPhaseTerminal(task.phase) && unfinished.current.has(task.task_id));
    unfinished.current = new Set(tasks.filter((task) => !isPhaseTerminal(task.phase)).map((task) => task.task_id));
    if (ended) void Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  }, [tasks, keys, queryClient]);
}

/** Filters (in the URL), the task table with live progress, paging, and what to do when it is empty or fails. */
export function TaskList({ datasetId, datasetOptions, datasetOptionsLoading, onDatasetSearch, canManage, toolbar, alsoInvalidate = NO_KEYS, pollMs = TASK_POLL_MS }: TaskListProps) {
  const { t } = useTranslation('task-center');
  const [, setParams] = useSearchParams();
  const { state, filters, update, filtered, highlightTaskId } = useTaskFilters(datasetId);
  const list = useQuery(taskQueries.list(filters, pollMs));
  useInvalidateOnFinish(list.data?.tasks, alsoInvalidate);

  // A retried task is shown as the highlighted row, as one a dialog just started is.
  const showTask = (_: TaskSummary, id: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('task', id);
        next.delete('page');
        return next;
      },
      { replace: true },
    );

  const empty = filtered ? (
    <Empty description={t('empty.filtered')}>
      <Button onClick={() => update({ kind: [], phase: [], dataset: undefined })}>{t('filters.clear')}</Button>
    </Empty>
  ) : (
    <Empty description={datasetId ? t('empty.dataset') : t('empty.all')} />
  );

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <TaskFilters value={state} onChange={update} datasetOptions={datasetOptions} datasetOptionsLoading={datasetOptionsLoading} onDatasetSearch={onDatasetSearch} filtered={filtered} />
        {toolbar && (
          <Flex gap="small" wrap>
            {toolbar}
          </Flex>
        )}
      </Flex>
      {list.data && (
        <Typography.Text type="secondary" aria-live="polite">
          {t('count', { count: list.data.total_count, active: list.data.active_count })}
        </Typography.Text>
      )}
      {list.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('loadError')}
          description={`${list.error.message} (${list.error.code}). ${t('loadErrorHint')}`}
          action={<Button onClick={() => list.refetch()}>{t('retryLoad')}</Button>}
        />
      ) : (
        <TaskTable
          tasks={list.data?.tasks ?? []}
          loading={list.isPending}
          canManage={canManage}
          showDataset={!datasetId}
          highlightTaskId={highlightTaskId}
          onRetried={showTask}
          emptyText={empty}
          pagination={{
            current: state.page,
            pageSize: state.size,
            total: list.data?.total_count ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES.map(String),
            hideOnSinglePage: false,
            onChange: (page, size) => update({ page: size !== state.size ? 1 : page, size }),
          }}
        />
      )}
    </Flex>
  );
}
