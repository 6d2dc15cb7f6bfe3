import { randomUUID } from 'node:crypto';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { describeFailure, isFinalError } from './failure.js';
import { endTask, type AnyTaskHandler } from './finalize.js';
import type { TaskHandle } from './handler.js';
import { TASK_KINDS, type TaskKind } from './kinds.js';
import { updateClaimedTask, type ClaimedPatch, type TaskRow } from './repository.js';
import { ACTIVE_SQL, QUEUED_SQL } from './sql.js';

/** Where a job's last message is kept in its result (the task center shows it as `message`). */
export const MESSAGE_FIELD = '_message';

export type { TaskHandle, TaskOutcome } from './handler.js';

/** Progress and result writes of a job: at most one per interval (engine clock). */
export const REPORT_INTERVAL_MS = 500;

export interface TaskRunnerOptions {
  /** Jobs run at once by this engine (default 2, or env TASK_CONCURRENCY). */
  concurrency?: number;
  /** A claim is the claimant's for this long (engine clock) unless renewed (default 30 s). */
  leaseMs?: number;
  /** How often (real time) a running job renews its lease (default leaseMs / 3). */
  heartbeatMs?: number;
  /** How often (real time) the runner looks for retries that became due and leases that expired (default 1 s). */
  pollMs?: number;
  /** First retry delay (engine clock), doubled at each further attempt (default 2 s). */
  retryBaseMs?: number;
}

const MAX_RETRY_DELAY_MS = 5 * 60_000;

interface Job {
  id: string;
  token: string;
  controller: AbortController;
  /** Someone else claimed the row (our lease passed): this job writes nothing more. */
  lost: boolean;
}

/** One queue runner per engine: tests run several engines in one process. */
class TaskRunner {
  readonly running = new Map<string, Job>();
  private closing = false;
  private wakeScheduled = false;
  private timer: NodeJS.Timeout;
  /** In `ctx.background` while rows wait to be claimed: tests and `close` can wait for the queue. */
  private pending: { promise: Promise<void>; resolve: () => void } | undefined;
  readonly concurrency: number;
  readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly retryBaseMs: number;

  constructor(
    private readonly ctx: EngineContext,
    readonly handlers: ReadonlyMap<TaskKind, AnyTaskHandler>,
    opts: TaskRunnerOptions,
  ) {
    const fromEnv = Number(process.env.TASK_CONCURRENCY);
    this.concurrency = Math.max(1, Math.floor(opts.concurrency ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 2)));
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(10, Math.floor(this.leaseMs / 3));
    this.retryBaseMs = opts.retryBaseMs ?? 2_000;
    this.timer = setInterval(() => this.pump(), opts.pollMs ?? 1_000);
    this.timer.unref();
  }

  /** Claims and starts jobs after the current turn (a request's transaction commits first). */
  wake(): void {
    if (this.closing) return;
    if (!this.pending) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.pending = { promise, resolve };
      this.ctx.background.add(promise);
      void promise.finally(() => this.ctx.background.delete(promise));
    }
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.pump();
    });
  }

  pump(): void {
    if (this.closing) return;
    try {
      while (this.running.size < this.concurrency) {
        const claim = claimNext(this.ctx, this.leaseMs);
        if (!claim) break;
        this.start(claim.row, claim.token, claim.expired);
      }
      const waiting = this.ctx.sqlite.prepare(`SELECT 1 FROM tasks WHERE end_time IS NULL AND ${QUEUED_SQL} LIMIT 1`).get();
      if (!waiting && this.running.size === 0) this.settlePending();
    } catch {
      // The database is closing (engine shut down between two turns) or busy: the next poll tries again.
      if (!this.ctx.sqlite.open) this.settlePending();
    }
  }

  private settlePending(): void {
    this.pending?.resolve();
    this.pending = undefined;
  }

  private start(row: TaskRow, token: string, expired: boolean): void {
    const handler = this.handlers.get(row.kind as TaskKind);
    if (!handler) {
      endTask(this.ctx, { row, handler, token, failure: { code: 'ModelArts.4392', msg: `No handler for tasks of kind ${row.kind} in this engine` } });
      return;
    }
    // A lease that passed means its runner died in the middle of the job: the same rule as a restart.
    if (expired && (handler.onRestart === 'fail' || row.attempts > row.max_attempts)) {
      endTask(this.ctx, { row, handler, token, failure: { code: 'ModelArts.4392', msg: 'Task interrupted: its runner stopped' } });
      return;
    }
    const job: Job = { id: row.id, token, controller: new AbortController(), lost: false };
    this.running.set(row.id, job);
    const done = this.execute(row, handler, job).finally(() => {
      this.running.delete(row.id);
      this.pump();
    });
    this.ctx.background.add(done);
    void done.finally(() => this.ctx.background.delete(done));
  }

  /** A write of the claimant; when the row is no longer ours, the job is aborted and writes nothing more. */
  private writeClaimed(job: Job, patch: ClaimedPatch): boolean {
    if (job.lost) return false;
    const applied = updateClaimedTask(this.ctx, job.id, job.token, patch);
    if (!applied) {
      job.lost = true;
      job.controller.abort(new ModelArtsError('4392', 'Task claimed by another runner'));
    }
    return applied;
  }

  private async execute(row: TaskRow, handler: AnyTaskHandler, job: Job): Promise<void> {
    const { ctx } = this;
    const { signal } = job.controller;
    const statuses = TASK_KINDS[row.kind as TaskKind];
    let result = JSON.parse(row.result) as Record<string, unknown>;
    let progress = row.progress;
    let lastWrite = Number.NEGATIVE_INFINITY;
    const heartbeat = setInterval(() => {
      if (!this.ctx.sqlite.open) return;
      this.writeClaimed(job, { lease_until: ctx.now() + this.leaseMs });
    }, this.heartbeatMs);
    heartbeat.unref();
    const handle: TaskHandle = {
      id: row.id,
      attempt: row.attempts,
      signal,
      running: () => {
        signal.throwIfAborted();
        this.writeClaimed(job, { status: statuses.running });
        signal.throwIfAborted();
      },
      report: (update) => {
        if (update.result) result = { ...result, ...update.result };
        if (update.message !== undefined) result = { ...result, [MESSAGE_FIELD]: update.message.slice(0, 500) };
        if (update.progress !== undefined) progress = Math.max(0, Math.min(100, update.progress));
        const now = ctx.now();
        if (now - lastWrite < REPORT_INTERVAL_MS) return;
        lastWrite = now;
        this.writeClaimed(job, { progress, result });
      },
    };
    let error: unknown;
    let failed = false;
    try {
      const final = await handler.run(ctx, JSON.parse(row.params) as never, handle);
      signal.throwIfAborted();
      if (final) result = { ...result, ...final };
    } catch (err) {
      failed = true;
      error = signal.aborted ? signal.reason : err;
    } finally {
      clearInterval(heartbeat);
    }
    if (job.lost || !ctx.sqlite.open) return;
    if (!failed) {
      endTask(ctx, { row, handler, token: job.token, result });
      return;
    }
    if (error === SHUTDOWN && handler.onRestart === 'resume') {
      // A graceful shutdown: the job goes back to the queue and resumes at the next start.
      this.writeClaimed(job, { status: statuses.queued, claim_token: null, lease_until: null, attempts: row.attempts - 1, progress, result });
      return;
    }
    const failure = describeFailure(ctx, error);
    if (!isFinalError(error) && error !== SHUTDOWN && row.attempts < row.max_attempts) {
      const delay = Math.min(MAX_RETRY_DELAY_MS, this.retryBaseMs * 2 ** (row.attempts - 1));
      this.writeClaimed(job, { status: statuses.queued, claim_token: null, lease_until: null, next_run_at: ctx.now() + delay, progress, result });
      return;
    }
    endTask(ctx, { row, handler, token: job.token, result, failure });
  }

  /** Aborts a job of this runner; false when the task does not run here. */
  abort(id: string, reason: unknown): boolean {
    const job = this.running.get(id);
    if (!job) return false;
    job.controller.abort(reason);
    return true;
  }

  /** Engine shutdown: no more claims; running jobs are aborted (resumable ones go back to the queue). */
  close(): void {
    this.closing = true;
    clearInterval(this.timer);
    for (const job of this.running.values()) job.controller.abort(SHUTDOWN);
    this.settlePending();
  }
}

/** The abort reason of a graceful shutdown (compared by identity). */
const SHUTDOWN = new ModelArtsError('4393', 'Stopped: the engine is shutting down');

/**
 * Claims the next runnable row: queued and due (highest priority, then oldest), or claimed by a runner
 * whose lease has passed. The claim writes a fresh token and lease, counts the attempt and sets STARTING.
 */
export function claimNext(ctx: EngineContext, leaseMs: number): { row: TaskRow; token: string; expired: boolean } | undefined {
  return ctx.sqlite
    .transaction(() => {
      const now = ctx.now();
      const row = ctx.sqlite
        .prepare(
          `SELECT * FROM tasks WHERE end_time IS NULL
             AND ((${QUEUED_SQL} AND next_run_at <= @now) OR (claim_token IS NOT NULL AND lease_until < @now AND ${ACTIVE_SQL}))
           ORDER BY priority DESC, create_time, rowid LIMIT 1`,
        )
        .get({ now }) as TaskRow | undefined;
      if (!row) return undefined;
      const token = randomUUID();
      const starting = TASK_KINDS[row.kind as TaskKind]?.starting ?? row.status;
      ctx.sqlite
        .prepare(
          `UPDATE tasks SET claim_token = @token, lease_until = @lease, attempts = attempts + 1, status = @status,
             start_time = COALESCE(start_time, @now), update_time = @now WHERE id = @id`,
        )
        .run({ token, lease: now + leaseMs, status: starting, now, id: row.id });
      return {
        row: { ...row, attempts: row.attempts + 1, status: starting, claim_token: token, start_time: row.start_time ?? now },
        token,
        expired: row.claim_token !== null,
      };
    })
    .immediate();
}

const runners = new WeakMap<EngineContext, TaskRunner>();

/** Starts the engine's runner (buildEngine, after the recovery) and claims what is queued. */
export function startTaskRunner(ctx: EngineContext, handlers: readonly AnyTaskHandler[], opts: TaskRunnerOptions = {}): void {
  runners.get(ctx)?.close();
  const runner = new TaskRunner(ctx, new Map(handlers.map((h) => [h.kind, h])), opts);
  runners.set(ctx, runner);
  runner.wake();
}

/** Graceful shutdown of the engine's runner (its `close`). */
export function stopTaskRunner(ctx: EngineContext): void {
  runners.get(ctx)?.close();
}

/** Looks for work now (after the current turn): new rows, retries that became due, expired leases. */
export function wakeTaskRunner(ctx: EngineContext): void {
  runners.get(ctx)?.wake();
}

/** The handler this engine runs a kind with. */
export function taskHandlerOf(ctx: EngineContext, kind: string): AnyTaskHandler | undefined {
  return runners.get(ctx)?.handlers.get(kind as TaskKind);
}

/** Aborts the job if it runs in this engine. */
export function abortRunningJob(ctx: EngineContext, id: string, reason: unknown): boolean {
  return runners.get(ctx)?.abort(id, reason) ?? false;
}

/** Ids of the jobs running in this engine now. */
export function runningTaskIds(ctx: EngineContext): string[] {
  return [...(runners.get(ctx)?.running.keys() ?? [])];
}
