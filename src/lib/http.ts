import axios, { AxiosError } from 'axios';
import type { z } from 'zod';
import { BatchBody } from '@contract/common';
import { ApiError } from './api-error';

/** The one axios instance: same-origin, session cookie, CSRF header on mutations. */
export const http = axios.create({ withCredentials: true, timeout: 60_000 });

let csrfToken: string | undefined;
let projectId: string | undefined;

export function setSessionContext(ctx: { csrfToken?: string; projectId?: string }) {
  csrfToken = ctx.csrfToken;
  projectId = ctx.projectId;
}

/** `/api/v2/{project_id}{path}` for the signed-in user's project. */
export function apiPath(path: string): string {
  if (!projectId) throw new ApiError(401, 'ModelArts.4630', 'Not logged in');
  return `/api/v2/${projectId}${path}`;
}

/** Turns a `source` URL from the API into one the browser can load. */
export function fileUrl(source: string): string {
  return /^https?:\/\//.test(source) ? source : `/api${source}`;
}

http.interceptors.request.use((config) => {
  const method = (config.method ?? 'get').toLowerCase();
  if (csrfToken && !['get', 'head', 'options'].includes(method)) config.headers.set('x-csrf-token', csrfToken);
  return config;
});

http.interceptors.response.use(
  (res) => res,
  (err: AxiosError<{ error_code?: string; error_msg?: string }>) => {
    const data = err.response?.data;
    if (err.response) {
      throw new ApiError(err.response.status, data?.error_code ?? `HTTP.${err.response.status}`, data?.error_msg ?? err.message);
    }
    throw new ApiError(0, 'NETWORK', err.message);
  },
);

/** Parses a response with the contract: drift between server and SPA fails loudly. */
export function parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ApiError(0, 'PARSE', `Unexpected response: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}

export async function getJson<S extends z.ZodType>(schema: S, url: string, params?: object): Promise<z.infer<S>> {
  const res = await http.get(url, { params });
  return parse(schema, res.data);
}

/** Batch bodies are HTTP 200 even when items fail (modelarts-api.md §12): turn failures into one ApiError. */
export function assertBatchSuccess(data: unknown): BatchBody {
  const body = parse(BatchBody, data || { success: true });
  const failed = [body, ...(body.results ?? [])].filter((r) => r.success === false);
  if (failed.length === 0) return body;
  const messages = [...new Set(failed.map((r) => r.error_msg).filter(Boolean))];
  throw new ApiError(200, failed.find((r) => r.error_code)?.error_code ?? 'BATCH', messages.join('; ') || 'Some items failed');
}
