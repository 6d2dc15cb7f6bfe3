export { TASK_POLL_MS, canManageTasks, canRetry, canStop, retryTask, taskKeys, taskQueries, useRetryTask, useStopTask, type TaskListFilters } from './api';
export { TaskList, type TaskListProps } from './components/task-list';
export { TaskTable, type TaskTableProps } from './components/task-table';
export { TaskNotifications, taskLink } from './components/task-notifications';
export type { DatasetOption } from './components/task-filters';
