/**
 * The `idempotency-key` request header (local extension) of the task-starting POSTs: a repeated request
 * with the same key gets the task the first one created. Keys longer than 200 characters are ignored.
 */
export const idempotencyKeyOf = (header: string | string[] | undefined): string | undefined => {
  const key = (Array.isArray(header) ? header[0] : header)?.trim();
  return key && key.length <= 200 ? key : undefined;
};
