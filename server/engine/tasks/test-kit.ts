import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EngineContext } from '../context.js';
import { insertDataset } from '../import-tasks/test-fixtures.js';
import { makeTestEngine, type TestEngine, type TestEngineOptions } from '../test-utils.js';
import { defineTaskHandler, type TaskHandle, type TaskHandler, type TaskOutcome } from './handler.js';
import type { TaskKind } from './kinds.js';
import { enqueueTask, type EnqueueTask } from './queue.js';
import { getTask, randomAlphanumeric } from './repository.js';

/** Test helpers for the task platform: an engine clock the test moves, scripted jobs, waiting for states. */

export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** Starts at the real time: signed requests are checked against the engine's clock. */
export function testClock(start = Date.now()): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Resolves when `check` holds, polling between turns of the event loop; fails after `limit` polls. */
export async function waitFor(check: () => boolean, what = 'condition', limit = 20_000): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i >= limit) throw new Error(`timed out waiting for ${what}`);
    await (i < 100 ? nextTurn() : new Promise((r) => setTimeout(r, 2)));
  }
}

/** Lets the runner take a few turns (its wake-up runs on the next turn). */
export async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await nextTurn();
}

export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

/** Resolves when the signal aborts (rejecting with its reason), or when `until` resolves. */
export function abortable(signal: AbortSignal, until: Promise<unknown> = new Promise(() => {})): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    void until.then(() => resolve());
  });
}

export type Script = (task: TaskHandle) => Promise<Record<string, unknown> | void>;

/**
 * A handler whose jobs run the script registered under their `params.script`; records every start and
 * every `finish` call.
 */
export function scriptedHandler(kind: TaskKind, opts: Partial<Pick<TaskHandler, 'onRestart' | 'maxAttempts'>> = {}) {
  const scripts = new Map<string, Script>();
  const starts: { id: string; attempt: number }[] = [];
  const finishes: { id: string; outcome: TaskOutcome }[] = [];
  const handler = defineTaskHandler<{ script: string }>({
    kind,
    onRestart: opts.onRestart ?? 'resume',
    maxAttempts: opts.maxAttempts,
    run: async (_ctx, params, task) => {
      starts.push({ id: task.id, attempt: task.attempt });
      const script = scripts.get(params.script);
      return script ? script(task) : undefined;
    },
    finish: (_ctx, _params, outcome, taskId) => void finishes.push({ id: taskId, outcome }),
  });
  return { handler, scripts, starts, finishes };
}

/** Queues a task of `kind` for a fresh dataset, running `script`. */
export function enqueueScripted(
  ctx: EngineContext,
  kind: TaskKind,
  script: string,
  extra: Partial<Omit<EnqueueTask, 'kind' | 'params'>> = {},
): { id: string; datasetId: string; created: boolean } {
  const datasetId = insertDataset(ctx, { type: 0 });
  const id = extra.id ?? `${datasetId}_${randomAlphanumeric(8)}`;
  const r = ctx.sqlite.transaction(() => enqueueTask(ctx, { datasetId, ...extra, id, kind, params: { script, dataset_id: datasetId } }))();
  return { ...r, datasetId };
}

export const taskRow = (ctx: EngineContext, id: string) => {
  const r = getTask(ctx, id);
  if (!r) throw new Error(`no task ${id}`);
  return { ...r, result: JSON.parse(r.result) as Record<string, unknown>, params: JSON.parse(r.params) as Record<string, unknown> };
};

export async function scriptedEngine(kind: TaskKind, opts: TestEngineOptions & Partial<Pick<TaskHandler, 'onRestart' | 'maxAttempts'>> = {}) {
  const clock = testClock();
  const scripted = scriptedHandler(kind, opts);
  const engine: TestEngine = await makeTestEngine({ now: clock.now, ...opts, taskHandlers: [scripted.handler, ...(opts.taskHandlers ?? [])] });
  return { engine, clock, ...scripted };
}
