import { useQueries, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isPhaseTerminal, type TaskSummary } from '@contract/task';
import { forgetStartedTask, useStartedTasks } from '@/lib/started-tasks';
import { TASK_POLL_MS, taskKeys, taskQueries } from '../api';

/** Where a task is shown: its dataset's Tasks tab, or the task center when the dataset is gone. */
export const taskLink = (task: Pick<TaskSummary, 'task_id' | 'dataset_id' | 'dataset_name'>) =>
  task.dataset_id && task.dataset_name
    ? `/datasets/${encodeURIComponent(task.dataset_id)}/tasks?task=${encodeURIComponent(task.task_id)}`
    : `/tasks?task=${encodeURIComponent(task.task_id)}`;

interface Props {
  /** Called once per finished task, e.g. to refresh what it changed. */
  onFinished?: (task: TaskSummary) => void;
  /** Poll interval; tests shorten it. */
  pollMs?: number;
}

/**
 * Mounted once in the layout: polls the tasks this user started in this tab (one request per unfinished task
 * per interval, quality-bar W4) and tells them when one succeeds or fails, wherever they are in the console.
 */
export function TaskNotifications({ onFinished, pollMs = TASK_POLL_MS }: Props) {
  const { t } = useTranslation('task-center');
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const started = useStartedTasks();
  const told = useRef(new Set<string>());
  const results = useQueries({
    queries: started.map((s) => taskQueries.detail(s.task_id, pollMs)),
  });

  useEffect(() => {
    results.forEach((r, i) => {
      const watched = started[i];
      if (!watched || told.current.has(watched.task_id)) return;
      // Unknown task (deleted with its dataset, or from another project): nothing left to tell.
      if (r.isError && r.error.status === 400) {
        told.current.add(watched.task_id);
        forgetStartedTask(watched.task_id);
        return;
      }
      const task = r.data;
      if (!task || !isPhaseTerminal(task.phase)) return;
      told.current.add(task.task_id);
      const kind = t(`kind.${task.kind}`);
      const dataset = task.dataset_name || task.dataset_id || '—';
      const open = (
        <Button
          type="link"
          style={{ paddingInline: 0 }}
          onClick={() => {
            notification.destroy(task.task_id);
            void navigate(taskLink(task));
          }}
        >
          {t('notify.open')}
        </Button>
      );
      const args = { key: task.task_id, duration: task.phase === 'succeeded' ? 8 : 0, actions: open };
      if (task.phase === 'succeeded') {
        notification.success({ ...args, title: t('notify.succeeded', { kind, dataset }), description: t(`notify.succeededDetail.${task.kind}`) });
      } else {
        const reason = `${task.error_msg ?? t('notify.noReason')}${task.error_code ? ` (${task.error_code})` : ''}`;
        notification.error({ ...args, title: t(task.phase === 'stopped' ? 'notify.stopped' : 'notify.failed', { kind, dataset }), description: reason });
      }
      onFinished?.(task);
      void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
      forgetStartedTask(task.task_id);
    });
  }, [results, started, notification, navigate, queryClient, onFinished, t]);

  return null;
}
