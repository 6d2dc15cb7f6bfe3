/** Every failed request becomes one ApiError (transport layer of the three error layers). */
export class ApiError extends Error {
  readonly status: number;
  /** `ModelArts.NNNN`, or `NETWORK` / `PARSE` for failures that never reached a well-formed answer. */
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
