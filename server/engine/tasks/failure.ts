import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';

/** The code of a task that failed for a reason the API has no own code for, or that a restart cut off. */
export const TASK_FAILED_CODE = 'ModelArts.4392';
export const INTERRUPTED_CODE = TASK_FAILED_CODE;
export const INTERRUPTED_MSG = 'Task interrupted by a restart of the engine';
export const STOPPED_CODE = 'ModelArts.4393';

export interface TaskFailure {
  code: string;
  msg: string;
}

/** An error as a task shows it: the API's code, and a message without local file-system paths. */
export function describeFailure(ctx: EngineContext, err: unknown): TaskFailure {
  if (err instanceof ModelArtsError) return { code: `ModelArts.${err.code}`, msg: err.message };
  const raw = err instanceof Error ? err.message : String(err);
  const msg = raw.split(ctx.dataDir).join('').slice(0, 500);
  return { code: TASK_FAILED_CODE, msg: `Task failed: ${msg || 'unexpected error'}` };
}

/** Stops and ModelArtsErrors (the API's 4xx-like answers) are final; anything else may be retried. */
export const isFinalError = (err: unknown): boolean => err instanceof ModelArtsError;
