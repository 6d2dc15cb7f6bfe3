import type { BatchBody } from '../../contract/common.js';
import { ModelArtsError, errorCode, type ErrorCode } from '../../contract/errors.js';

/** The verdict on one item of a batch request. */
export type Verdict = { ok: true } | { ok: false; code: ErrorCode; message: string };

export const ok: Verdict = { ok: true };
export const fail = (code: ErrorCode, message: string): Verdict => ({ ok: false, code, message });

/**
 * Label batches are all-or-nothing: when any item fails nothing is written, and the body says so per
 * item (failed items carry their own code, valid ones say they were not applied).
 */
export function batchBody(verdicts: readonly Verdict[]): BatchBody {
  const first = verdicts.find((v): v is Extract<Verdict, { ok: false }> => !v.ok);
  if (!first) return { success: true, results: verdicts.map(() => ({ success: true })) };
  return {
    success: false,
    error_code: errorCode(first.code),
    error_msg: `${first.message}; nothing was changed`,
    results: verdicts.map((v) =>
      v.ok
        ? { success: false, error_msg: 'Not applied: another item of the request failed' }
        : { success: false, error_code: errorCode(v.code), error_msg: v.message },
    ),
  };
}

/**
 * A failed batch as an HTTP error: the engine's error handler sends `toBody()`, which here is the whole
 * batch body (its `error_code` / `error_msg` make it a valid error body too).
 */
export class BatchFailure extends ModelArtsError {
  readonly body: BatchBody;
  constructor(body: BatchBody) {
    const code = (body.error_code ?? 'ModelArts.4200').replace(/^ModelArts\./, '') as ErrorCode;
    super(code, body.error_msg);
    this.body = body;
  }
  override toBody() {
    return { ...this.body, error_code: this.body.error_code!, error_msg: this.body.error_msg! };
  }
}

/** For routes and other services: returns a successful batch body, throws a failed one. */
export function unlessFailed(body: BatchBody): BatchBody {
  if (!body.success) throw new BatchFailure(body);
  return body;
}
