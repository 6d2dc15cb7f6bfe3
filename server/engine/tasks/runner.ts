import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { TASK_KINDS, type TaskKind } from './kinds.js';
import { getTask, updateTask } from './repository.js';

/** What a running job sees: its abort signal and the means to record its progress. */
export interface TaskHandle {
  readonly id: string;
  readonly signal: AbortSignal;
  /** STARTING → RUNNING (e.g. once the files to import have been counted). */
  running(): void;
  /** Records progress (0–100) and result counters; written at most every `REPORT_INTERVAL_MS`. */
  report(update: { progress?: number; result?: Record<string, unknown> }): void;
}

export type TaskOutcome = 'succeeded' | 'failed';

export interface TaskJob {
  /** Id of a `tasks` row already inserted with the kind's `queued` status. */
  id: string;
  kind: TaskKind;
  /** The work; its return value is merged into the row's result. Throw to fail the task. */
  run(task: TaskHandle): Promise<Record<string, unknown> | void>;
  /** Runs inside the transaction that records the final status (e.g. gives the dataset back its status). */
  finish?(outcome: TaskOutcome): void;
}

export const REPORT_INTERVAL_MS = 500;
/** Tasks that run at once per engine; the rest wait QUEUING (imports are I/O + libvips threads). */
const CONCURRENCY = 2;

interface RunnerState {
  active: Map<string, AbortController>;
  waiting: { job: TaskJob; controller: AbortController; start: () => void }[];
}

// One queue per engine: tests run several engines in one process.
const states = new WeakMap<EngineContext, RunnerState>();
function stateOf(ctx: EngineContext): RunnerState {
  let s = states.get(ctx);
  if (!s) {
    s = { active: new Map(), waiting: [] };
    states.set(ctx, s);
  }
  return s;
}

/**
 * Queues a job and returns at once. The returned promise (also tracked in `ctx.background`, which the app
 * awaits on close) settles when the row holds a final status; it never rejects.
 */
export function submitTask(ctx: EngineContext, job: TaskJob): Promise<void> {
  const state = stateOf(ctx);
  const controller = new AbortController();
  const done = new Promise<void>((resolve) => {
    const start = () => {
      state.active.set(job.id, controller);
      // Next turn of the event loop: the request that queued the task answers first, and reads QUEUING.
      setImmediate(() => {
        void execute(ctx, job, controller.signal).finally(() => {
          state.active.delete(job.id);
          resolve();
          startNext(state);
        });
      });
    };
    state.waiting.push({ job, controller, start });
  });
  ctx.background.add(done);
  void done.finally(() => ctx.background.delete(done));
  startNext(state);
  return done;
}

function startNext(state: RunnerState): void {
  while (state.active.size < CONCURRENCY && state.waiting.length > 0) state.waiting.shift()!.start();
}

/**
 * Stops a task: a running job sees its signal aborted, a queued one fails without starting. The task ends
 * FAILED with `reason` (default ModelArts.4393 "Task stopped"). Returns false if the task is not in this queue.
 */
export function abortTask(ctx: EngineContext, id: string, reason?: ModelArtsError): boolean {
  const state = stateOf(ctx);
  const error = reason ?? new ModelArtsError('4393');
  const running = state.active.get(id);
  if (running) {
    running.abort(error);
    return true;
  }
  const queued = state.waiting.find((w) => w.job.id === id);
  if (!queued) return false;
  queued.controller.abort(error);
  // Run it now: execute() sees the aborted signal and fails the row without calling the job.
  state.waiting.splice(state.waiting.indexOf(queued), 1);
  queued.start();
  return true;
}

/** Stops every task of a dataset (the dataset is being deleted …). Returns how many were stopped. */
export function abortDatasetTasks(ctx: EngineContext, datasetId: string, reason?: ModelArtsError): number {
  const state = stateOf(ctx);
  const ids = [...state.active.keys(), ...state.waiting.map((w) => w.job.id)];
  let n = 0;
  for (const id of ids) if (getTask(ctx, id)?.dataset_id === datasetId && abortTask(ctx, id, reason)) n++;
  return n;
}

/** Stops every task of this engine (e.g. on shutdown, so closing does not wait for a long import). */
export function abortAllTasks(ctx: EngineContext, reason?: ModelArtsError): number {
  const state = stateOf(ctx);
  const ids = [...state.active.keys(), ...state.waiting.map((w) => w.job.id)];
  return ids.filter((id) => abortTask(ctx, id, reason)).length;
}

async function execute(ctx: EngineContext, job: TaskJob, signal: AbortSignal): Promise<void> {
  const statuses = TASK_KINDS[job.kind];
  let result: Record<string, unknown> = {};
  let progress: number | undefined;
  let lastWrite = 0;
  let failure: { code: string; msg: string } | undefined;
  try {
    signal.throwIfAborted();
    updateTask(ctx, job.id, { status: statuses.starting, start_time: ctx.now() });
    const handle: TaskHandle = {
      id: job.id,
      signal,
      running: () => {
        signal.throwIfAborted();
        updateTask(ctx, job.id, { status: statuses.running });
      },
      report: (update) => {
        if (update.result) result = { ...result, ...update.result };
        if (update.progress !== undefined) progress = Math.max(0, Math.min(100, update.progress));
        const now = Date.now();
        if (now - lastWrite < REPORT_INTERVAL_MS) return;
        lastWrite = now;
        updateTask(ctx, job.id, { progress, result });
      },
    };
    const final = await job.run(handle);
    signal.throwIfAborted();
    if (final) result = { ...result, ...final };
  } catch (err) {
    failure = describeFailure(ctx, signal.aborted ? signal.reason : err);
  }
  finalize(ctx, job, result, failure);
}

/** Writes the final status; whatever happens, the row does not stay unfinished. */
function finalize(ctx: EngineContext, job: TaskJob, result: Record<string, unknown>, failure?: { code: string; msg: string }): void {
  const statuses = TASK_KINDS[job.kind];
  const outcome: TaskOutcome = failure ? 'failed' : 'succeeded';
  const patch = {
    status: failure ? statuses.failed : statuses.succeeded,
    result,
    end_time: ctx.now(),
    ...(failure ? { error_code: failure.code, error_msg: failure.msg } : { progress: 100 }),
  };
  try {
    ctx.sqlite.transaction(() => {
      updateTask(ctx, job.id, patch);
      job.finish?.(outcome);
    })();
  } catch (err) {
    // The finishing hook failed: still record a final status, so no poller waits forever.
    const f = describeFailure(ctx, err);
    try {
      updateTask(ctx, job.id, { ...patch, status: statuses.failed, error_code: f.code, error_msg: f.msg });
    } catch {
      // The database itself is gone (engine closing): recoverTasks() fails the row at the next start.
    }
  }
}

/** An error as a task shows it: the API's code, and a message without local file-system paths. */
export function describeFailure(ctx: EngineContext, err: unknown): { code: string; msg: string } {
  if (err instanceof ModelArtsError) return { code: `ModelArts.${err.code}`, msg: err.message };
  const raw = err instanceof Error ? err.message : String(err);
  const msg = raw.split(ctx.dataDir).join('').slice(0, 500);
  return { code: 'ModelArts.4392', msg: `Task failed: ${msg || 'unexpected error'}` };
}
