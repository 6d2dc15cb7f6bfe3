import type { TaskKind } from '../../contract/task.js';

export type { TaskKind };

/**
 * Every kind of task speaks its own status vocabulary on the wire (imports say QUEUING … COMPLETED, exports
 * INIT … SUCCESSED). The runner works with the five phases below and writes the kind's own word for each.
 * New task kinds (export, sync, publish …) add a line here.
 */
export interface TaskStatusSet {
  queued: string;
  starting: string;
  running: string;
  succeeded: string;
  failed: string;
}

export const TASK_KINDS = {
  import: { queued: 'QUEUING', starting: 'STARTING', running: 'RUNNING', succeeded: 'COMPLETED', failed: 'FAILED' },
  export: { queued: 'INIT', starting: 'INIT', running: 'RUNNING', succeeded: 'SUCCESSED', failed: 'FAILED' },
  sync: { queued: 'QUEUING', starting: 'STARTING', running: 'RUNNING', succeeded: 'COMPLETED', failed: 'FAILED' },
  // Version publishing: the version row carries the API's own status (0 creating → 1 normal | 4 error).
  publish: { queued: 'QUEUING', starting: 'STARTING', running: 'RUNNING', succeeded: 'COMPLETED', failed: 'FAILED' },
  // The batch-by-filter extension: one change to every sample a filter matches, in chunks.
  batch: { queued: 'QUEUING', starting: 'STARTING', running: 'RUNNING', succeeded: 'COMPLETED', failed: 'FAILED' },
} as const satisfies Record<TaskKind, TaskStatusSet>;

/** Statuses of a kind that mean "not finished yet". */
export const activeStatuses = (kind: TaskKind): string[] => {
  const s = TASK_KINDS[kind];
  return [s.queued, s.starting, s.running];
};

/**
 * Dataset statuses (§9) that a task sets while it works on the dataset: creating, syncing, releasing,
 * switching, importing. A dataset left in one of them by an interrupted task goes back to normal (1).
 */
export const TASK_BUSY_DATASET_STATUSES = [0, 5, 6, 7, 8] as const;
