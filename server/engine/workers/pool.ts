import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { EngineContext } from '../context.js';
import type { WorkerFunctionName, WorkerFunctions } from './functions.js';

/**
 * The engine's pool of worker threads for CPU-heavy work (image headers, annotation parsing): one per
 * engine, created at its first use and destroyed when the engine closes. One thread fewer than the
 * cores, so the engine's own event loop keeps a core.
 */
export const WORKER_THREADS = Math.max(1, availableParallelism() - 1);

const pools = new WeakMap<EngineContext, Piscina>();

function poolOf(ctx: EngineContext): Piscina {
  let pool = pools.get(ctx);
  if (!pool) {
    pool = new Piscina({
      // The worker is TypeScript: each thread registers tsx's loader, under `npm start` and vitest alike.
      filename: new URL('./worker.ts', import.meta.url).href,
      execArgv: ['--import', 'tsx'],
      minThreads: 1,
      maxThreads: WORKER_THREADS,
      idleTimeout: 30_000,
    });
    // The pool emits 'error' for a result that arrives from a thread being terminated because its task was
    // aborted (the call has already rejected); unhandled, that event would crash the engine. Calls carry
    // their own errors, so the pool-level ones are dropped.
    pool.on('error', () => {});
    pools.set(ctx, pool);
  }
  return pool;
}

/**
 * Runs a function of functions.ts on a worker thread. An aborted `signal` rejects the call (and the
 * thread doing it is replaced), so a stopped task does not wait for its batch.
 */
export async function runInWorker<N extends WorkerFunctionName>(
  ctx: EngineContext,
  name: N,
  input: Parameters<WorkerFunctions[N]>[0],
  opts: { signal?: AbortSignal } = {},
): Promise<Awaited<ReturnType<WorkerFunctions[N]>>> {
  opts.signal?.throwIfAborted();
  try {
    return await poolOf(ctx).run({ name, input }, { signal: opts.signal ?? null });
  } catch (err) {
    // Piscina rejects with its own AbortError: the task sees the signal's reason (a stop, a deletion …).
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw err;
  }
}

/** Destroys the engine's pool (engine close). */
export async function closeWorkerPool(ctx: EngineContext): Promise<void> {
  const pool = pools.get(ctx);
  if (!pool) return;
  pools.delete(ctx);
  await pool.destroy();
}
