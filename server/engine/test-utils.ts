import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { signRequest } from '../contract/signing.js';
import { splitUrl } from './auth/verify-signature.js';
import { buildEngine, type EngineOptions } from './app.js';
import type { EngineContext } from './context.js';

export const TEST_PROJECT = '0123456789abcdef0123456789abcdef';
export const TEST_AK = 'TESTAK0001';
export const TEST_SK = 'test-secret-key-0001';

export interface TestEngine {
  app: FastifyInstance;
  ctx: EngineContext;
  dataDir: string;
  /** A signed request; `url` is relative to `/v2/{project}` when it does not start with `/v2/`. */
  call: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

/** Options of the engine under test: its clock (`now`), its task runner and handlers. */
export type TestEngineOptions = Partial<Pick<EngineOptions, 'now' | 'tasks' | 'taskHandlers'>> & {
  /** An existing DATA_DIR (a restart of an engine); default a fresh temporary one, removed by `close`. */
  dataDir?: string;
};

/** Builds an engine on a fresh temporary DATA_DIR. */
export async function makeTestEngine(opts: TestEngineOptions = {}): Promise<TestEngine> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'dc-engine-'));
  const { app, ctx } = await buildEngine({
    dataDir,
    projectId: TEST_PROJECT,
    ak: TEST_AK,
    sk: TEST_SK,
    now: opts.now,
    tasks: opts.tasks,
    taskHandlers: opts.taskHandlers,
  });
  const call: TestEngine['call'] = async (method, url, body, extraHeaders = {}) => {
    const full = url.startsWith('/v2/') ? url : `/v2/${TEST_PROJECT}${url}`;
    const payload = body === undefined ? '' : Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const headers: Record<string, string> = { host: 'localhost', ...extraHeaders };
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const { path: p, query } = splitUrl(full);
    Object.assign(headers, signRequest({ method, path: p, query, headers, body: payload }, { ak: TEST_AK, sk: TEST_SK }));
    return app.inject({ method: method as 'GET', url: full, headers, payload: payload === '' ? undefined : payload });
  };
  return {
    app,
    ctx,
    dataDir,
    call,
    close: async () => {
      await app.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
