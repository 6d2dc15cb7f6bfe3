import type { EngineContext } from '../context.js';
import type { TaskKind } from './kinds.js';

/** What a running job sees: its abort signal and the means to record its progress. */
export interface TaskHandle {
  readonly id: string;
  /** 1 on the first run; more after a retry or a resume after a restart of the engine. */
  readonly attempt: number;
  /** Aborted by a stop request, by the dataset's deletion, by engine shutdown or by a lost lease. */
  readonly signal: AbortSignal;
  /** STARTING → RUNNING (e.g. once the files to import have been counted). */
  running(): void;
  /**
   * Records progress (0–100), result counters and a message saying what the job is doing now (English, like
   * the API's own task messages); written to the database at most every REPORT_INTERVAL_MS.
   */
  report(update: { progress?: number; result?: Record<string, unknown>; message?: string }): void;
}

export type TaskOutcome = 'succeeded' | 'failed';

/**
 * One kind of task. The queue stores only the row (kind + JSON params), so that a job can be run again
 * after a crash: everything `run` needs is in `params`, and `run` must be safe to call again on a job that
 * was cut off half-way (write to a temporary place, skip what is already done).
 */
export interface TaskHandler<P = Record<string, unknown>> {
  kind: TaskKind;
  /** The work; its return value is merged into the row's result. Throw (ideally a ModelArtsError) to fail. */
  run(ctx: EngineContext, params: P, task: TaskHandle): Promise<Record<string, unknown> | void>;
  /**
   * Runs inside the transaction that records the final status (e.g. gives the dataset back its status,
   * publishes the output). A throw here fails the task and rolls back what `finish` did.
   */
  finish?(ctx: EngineContext, params: P, outcome: TaskOutcome, taskId: string): void;
  /**
   * A job found running at start (the engine was killed) is run again when 'resume' and its attempts are
   * not exhausted, else failed with ModelArts.4392 and `finish(…, 'failed')` is called.
   */
  onRestart: 'resume' | 'fail';
  /** Runs in all (default 3); a failure other than a stop or a ModelArtsError (4xx-like) is retried with backoff. */
  maxAttempts?: number;
}

/** Keeps `P` checked at the definition site while the registry stores handlers of any params. */
export const defineTaskHandler = <P>(handler: TaskHandler<P>): TaskHandler<P> => handler;
