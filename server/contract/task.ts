import { z } from 'zod';
import { ProjectParams, pageQuery } from './common.js';

/**
 * The task center (a local extension, not in ModelArts): every long-running task of every kind, across
 * datasets, in one shape. Each kind keeps its own status words on its own API (imports QUEUING … COMPLETED,
 * exports INIT … SUCCESSED); `phase` is the same for all, so a console can sort and filter them together.
 */
export const TASK_KINDS = ['import', 'export', 'sync', 'publish', 'batch'] as const;
export const TaskKind = z.enum(TASK_KINDS);
export type TaskKind = z.infer<typeof TaskKind>;

/** `stopped` = failed with ModelArts.4393 after a stop request. */
export const TASK_PHASES = ['queued', 'running', 'succeeded', 'failed', 'stopped'] as const;
export const TaskPhase = z.enum(TASK_PHASES);
export type TaskPhase = z.infer<typeof TaskPhase>;
export const isPhaseTerminal = (p: TaskPhase | undefined) => p === 'succeeded' || p === 'failed' || p === 'stopped';

export const TaskSummary = z.object({
  task_id: z.string(),
  kind: TaskKind,
  dataset_id: z.string().optional(),
  /** Empty when the dataset has been deleted since. */
  dataset_name: z.string().optional(),
  /** The kind's own status word, as its API reports it. */
  status: z.string(),
  phase: TaskPhase,
  /** Percent, 0–100. */
  progress: z.number(),
  create_time: z.number(),
  start_time: z.number().optional(),
  end_time: z.number().optional(),
  update_time: z.number(),
  /** Runs so far (> 1 after a retry or a resume after a restart). */
  attempts: z.number().int(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  /** What the task was last doing, in the engine's words (English), e.g. "Reading image headers". */
  message: z.string().optional(),
  /** The request that created the task, as sent to its API (I2 / E2 body …): a console re-sends it to retry. */
  params: z.record(z.string(), z.unknown()),
  /** The kind's counters and outputs (imported_sample_count, finished_sample_count, manifest_path, new_dataset_id, version_id …). */
  result: z.record(z.string(), z.unknown()),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

/** Comma-separated lists, e.g. `kind=import,export&phase=queued,running`. */
const csv = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .max(200)
    .transform((s, c) => {
      const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
      const parsed = z.array(item).safeParse(parts);
      if (!parsed.success) {
        c.addIssue({ code: 'custom', message: `unknown value in "${s}"` });
        return z.NEVER;
      }
      return parsed.data as z.infer<T>[];
    });

export const ListTasksQuery = z.object({
  kind: csv(TaskKind).optional(),
  phase: csv(TaskPhase).optional(),
  dataset_id: z.string().min(1).max(64).optional(),
  ...pageQuery(100, 20),
});
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

/** Unfinished tasks first (queued and running, oldest first), then finished ones, newest first. */
export const ListTasksResp = z.object({
  total_count: z.number().int(),
  /** Unfinished tasks among those matching the filters (all pages). */
  active_count: z.number().int(),
  tasks: z.array(TaskSummary),
});
export type ListTasksResp = z.infer<typeof ListTasksResp>;

export const TaskPathParams = ProjectParams.extend({ task_id: z.string().min(1).max(128) });

/** Base path of the task center extension, after `/v2/{project_id}`. */
export const TASK_CENTER_PATH = '/task-center/tasks';
