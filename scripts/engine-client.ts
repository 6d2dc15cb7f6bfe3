import { signRequest } from '../server/contract/signing.js';

/**
 * A tiny client for scripts and benchmarks: every request is signed with SDK-HMAC-SHA256 (§11), exactly
 * as an API client of ModelArts would, so scripts exercise the engine's real authentication path.
 */
export interface EngineClientOptions {
  /** Base URL of the engine, e.g. `http://127.0.0.1:8081`. */
  engineUrl: string;
  projectId: string;
  ak: string;
  sk: string;
}

/** A 4xx/5xx answer of the API, with its `ModelArts.NNNN` code and message. */
export class EngineRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error_code: string,
    readonly error_msg: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path} → ${status} ${error_code}: ${error_msg}`);
    this.name = 'EngineRequestError';
  }
}

export interface EngineClient {
  /** `path` is relative to `/v2/{projectId}` and may carry a query string. Resolves to the parsed JSON body. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

function errorOf(status: number, text: string): { error_code: string; error_msg: string } {
  try {
    const parsed = JSON.parse(text) as { error_code?: unknown; error_msg?: unknown };
    if (typeof parsed.error_code === 'string') {
      return { error_code: parsed.error_code, error_msg: String(parsed.error_msg ?? '') };
    }
  } catch {
    // Not JSON: report the raw text below.
  }
  return { error_code: `HTTP.${status}`, error_msg: text.slice(0, 500) };
}

/** Splits a URL's query as the engine does (URLSearchParams), repeated keys as arrays. */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

export function createEngineClient(opts: EngineClientOptions): EngineClient {
  const base = new URL(opts.engineUrl);
  const credentials = { ak: opts.ak, sk: opts.sk };
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const rel = path.startsWith('/') ? path : `/${path}`;
      const url = new URL(`/v2/${opts.projectId}${rel}`, base);
      const payload = body === undefined ? '' : JSON.stringify(body);
      // fetch sends `Host` from the URL itself; it is signed with that same value.
      const headers: Record<string, string> = { host: url.host };
      if (body !== undefined) headers['content-type'] = 'application/json';
      Object.assign(headers, signRequest({ method, path: url.pathname, query: queryOf(url), headers, body: payload }, credentials));
      delete headers.host;
      const res = await fetch(url, { method, headers, body: body === undefined ? undefined : payload });
      const text = await res.text();
      if (!res.ok) {
        const { error_code, error_msg } = errorOf(res.status, text);
        throw new EngineRequestError(res.status, error_code, error_msg, method, rel);
      }
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
  };
}
