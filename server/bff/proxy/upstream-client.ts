import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { ErrorBody } from '../../contract/errors.js';
import { parseQuery, signRequest } from '../../contract/signing.js';
import type { Upstream } from './upstream.js';

/** A non-2xx answer of the upstream, kept as it was sent (its own `ModelArts.NNNN` code and message). */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(`${status} ${body.error_code}: ${body.error_msg}`);
    this.name = 'UpstreamError';
  }
}

/** The upstream could not be reached at all (connection refused, reset …). */
export class UpstreamUnreachable extends Error {}

/** Requests the BFF makes on its own behalf (not proxied for a browser), signed with the upstream's AK/SK. */
export interface UpstreamClient {
  /** `relPath` is relative to `/v2/{project_id}` and may carry a query string; resolves to the response stream. */
  get(relPath: string, signal?: AbortSignal): Promise<IncomingMessage>;
  /** GET and parse JSON; a non-2xx answer rejects with UpstreamError. */
  getJson<T>(relPath: string, signal?: AbortSignal): Promise<T>;
  close(): void;
}

async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new UpstreamUnreachable(`upstream answer larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads an upstream error body; anything that is not one becomes a generic ModelArts.0010. */
export async function upstreamError(res: IncomingMessage): Promise<UpstreamError> {
  const status = res.statusCode ?? 502;
  try {
    const parsed = ErrorBody.safeParse(JSON.parse((await readBody(res, 64 * 1024)).toString('utf8')));
    if (parsed.success) return new UpstreamError(status, parsed.data);
  } catch {
    // Not JSON: fall through to the generic body.
  }
  return new UpstreamError(status >= 400 ? status : 502, { error_code: 'ModelArts.0010', error_msg: `The data service answered HTTP ${status}` });
}

export function createUpstreamClient(upstream: Upstream): UpstreamClient {
  const target = new URL(upstream.baseUrl);
  const transport = target.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 16 });
  const credentials = { ak: upstream.ak, sk: upstream.sk };

  const get = (relPath: string, signal?: AbortSignal) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const q = relPath.indexOf('?');
      const path = `/v2/${upstream.projectId}${q < 0 ? relPath : relPath.slice(0, q)}`;
      const search = q < 0 ? '' : relPath.slice(q);
      const headers: OutgoingHttpHeaders & Record<string, string> = { host: target.host, 'x-project-id': upstream.projectId };
      Object.assign(headers, signRequest({ method: 'GET', path, query: parseQuery(search), headers, body: '' }, credentials));
      const req = transport.request(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, method: 'GET', path: path + search, headers, agent, signal },
        resolve,
      );
      req.on('error', (err) => reject(signal?.aborted ? err : new UpstreamUnreachable(err.message)));
      req.end();
    });

  return {
    get,
    async getJson<T>(relPath: string, signal?: AbortSignal): Promise<T> {
      const res = await get(relPath, signal);
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) throw await upstreamError(res);
      return JSON.parse((await readBody(res, 32 * 1024 * 1024)).toString('utf8')) as T;
    },
    close: () => agent.destroy(),
  };
}
