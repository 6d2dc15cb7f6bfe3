import { fork, type ChildProcess } from 'node:child_process';
import type { LoadResult, RequestSpec, RoundsResult } from './http-load.js';

export type LoadJob =
  | { kind: 'rounds'; specs: RequestSpec[]; rounds: number; warmup: number }
  | { kind: 'load'; spec: RequestSpec; connections: number; durationMs: number };

export interface LoadProcess {
  rounds(specs: RequestSpec[], opts: { rounds: number; warmup: number }): Promise<RoundsResult>;
  load(spec: RequestSpec, opts: { connections: number; durationMs: number }): Promise<LoadResult>;
  close(): void;
}

/** Starts the load generator in its own process (its own event loop and core), talking over IPC. */
export function startLoadProcess(): LoadProcess {
  const child: ChildProcess = fork(new URL('./load-child.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.error !== undefined) p?.reject(new Error(msg.error));
    else p?.resolve(msg.result);
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`load generator exited with ${code}`));
    pending.clear();
  });
  const run = <T>(job: LoadJob) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, job });
    });
  return {
    rounds: (specs, opts) => run<RoundsResult>({ kind: 'rounds', specs, ...opts }),
    load: (spec, opts) => run<LoadResult>({ kind: 'load', spec, ...opts }),
    close: () => {
      if (child.connected) child.disconnect();
    },
  };
}
