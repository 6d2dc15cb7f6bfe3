import { workerFunctions, type WorkerFunctionName } from './functions.js';

/** The worker threads' entry: runs the named function of functions.ts on the input. */
export default async function run({ name, input }: { name: WorkerFunctionName; input: unknown }): Promise<unknown> {
  const fn = workerFunctions[name] as ((input: unknown) => Promise<unknown>) | undefined;
  if (!fn) throw new Error(`No worker function named ${String(name)}`);
  return fn(input);
}
