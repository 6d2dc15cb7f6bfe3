import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { http } from '@/lib/http';

/** One request as the fake server sees it. */
export interface FakeRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  params: Record<string, unknown>;
  body: unknown;
  config: InternalAxiosRequestConfig;
}
export interface FakeResponse {
  status: number;
  data?: unknown;
}
export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * Intercepts the one axios instance at its adapter — the network boundary — so every interceptor,
 * parser and hook above it runs for real. Returns the request log and a restore function.
 */
export function installFakeNetwork(handler: FakeHandler) {
  const requests: FakeRequest[] = [];
  const previous = http.defaults.adapter;
  const adapter: AxiosAdapter = async (config) => {
    const url = new URL(config.url ?? '', 'http://console.test');
    const params: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...(config.params ?? {}) };
    const body = typeof config.data === 'string' && config.data.startsWith('{') ? JSON.parse(config.data) : config.data;
    const req: FakeRequest = { method: (config.method ?? 'get').toUpperCase(), path: url.pathname, params, body, config };
    requests.push(req);
    const res = await handler(req);
    const response = { data: res.data, status: res.status, statusText: String(res.status), headers: new AxiosHeaders(), config, request: {} };
    if (res.status >= 200 && res.status < 300) return response;
    throw new AxiosError(`Request failed with status code ${res.status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response);
  };
  http.defaults.adapter = adapter;
  return {
    requests,
    restore: () => {
      http.defaults.adapter = previous;
    },
  };
}

export const json = (data: unknown, status = 200): FakeResponse => ({ status, data });
export const apiError = (status: number, code: string, msg: string): FakeResponse => ({
  status,
  data: { error_code: code, error_msg: msg },
});
