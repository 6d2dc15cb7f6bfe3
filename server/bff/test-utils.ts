import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../contract/bff.js';
// Tests run the real engine as the BFF's upstream, over real HTTP; production BFF code never imports it.
import { signedFileUrl } from '../engine/storage/signed-url.js';
import { TEST_AK, TEST_PROJECT, TEST_SK, makeTestEngine, type TestEngine } from '../engine/test-utils.js';
import { buildBff, type BffOptions } from './app.js';

export const ADMIN = { username: 'admin', password: 'first-admin-password' };
export const USER_PASSWORD = 'user-password-123';
export { TEST_AK, TEST_PROJECT, TEST_SK };

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A browser stand-in: keeps the session cookie and sends the CSRF token on mutations. */
export class TestClient {
  sessionCookie?: string;
  csrfToken?: string;
  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    url: string,
    opts: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    if (this.sessionCookie) headers.cookie = `dc_session=${this.sessionCookie}`;
    if (opts.csrf !== false && this.csrfToken && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = this.csrfToken;
    let body: string | Buffer | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, opts.headers);
    const res = await fetch(this.baseUrl + url, { method, headers, body: body as BodyInit | undefined, redirect: 'manual' });
    const text = await res.text();
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('dc_session='));
    if (setCookie) {
      const value = setCookie.slice('dc_session='.length).split(';')[0];
      this.sessionCookie = value || undefined;
    }
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  async login(username: string, password: string): Promise<TestResponse> {
    const res = await this.request('POST', '/bff/login', { body: { username, password } });
    if (res.status === 200) this.csrfToken = res.json().csrf_token;
    return res;
  }
}

export interface TestStack {
  bff: FastifyInstance;
  engine: TestEngine;
  bffUrl: string;
  engineUrl: string;
  /** The BFF's DATA_DIR (console.sqlite). */
  dataDir: string;
  client: () => TestClient;
  /** A signed file URL as the engine puts in samples' `source`, reachable at `/api{url}` through the BFF. */
  fileUrl: (objectPath: string) => string;
  /** A signed-in client of a user with `role` (created by the admin on first use). */
  as: (role: Role | 'admin') => Promise<TestClient>;
  close: () => Promise<void>;
}

/** A real engine on a random port and a BFF in front of it, each on its own temporary DATA_DIR. */
export async function startTestStack(opts: Partial<BffOptions> = {}): Promise<TestStack> {
  const engine = await makeTestEngine();
  await engine.app.listen({ host: '127.0.0.1', port: 0 });
  const engineUrl = `http://127.0.0.1:${(engine.app.server.address() as { port: number }).port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dc-bff-'));
  const distDir = path.join(dataDir, 'dist');
  mkdirSync(path.join(distDir, 'assets'), { recursive: true });
  writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>Data Console</title><div id="root"></div>');
  writeFileSync(path.join(distDir, 'assets', 'app-abc123.js'), 'console.log("app")');
  const bff = await buildBff({
    dataDir,
    distDir,
    upstream: { kind: 'local', baseUrl: engineUrl, projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK },
    firstAdmin: () => ADMIN,
    ...opts,
  });
  await bff.listen({ host: '127.0.0.1', port: 0 });
  const bffUrl = `http://127.0.0.1:${(bff.server.address() as { port: number }).port}`;
  const client = () => new TestClient(bffUrl);

  const clients = new Map<string, TestClient>();
  const as = async (role: Role) => {
    const cached = clients.get(role);
    if (cached) return cached;
    const c = client();
    if (role === 'admin') {
      await c.login(ADMIN.username, ADMIN.password);
    } else {
      const admin = await as('admin');
      const created = await admin.request('POST', '/bff/users', { body: { username: `${role}1`, password: USER_PASSWORD, role } });
      if (created.status !== 201) throw new Error(`creating ${role}: ${created.status} ${created.text}`);
      await c.login(`${role}1`, USER_PASSWORD);
    }
    clients.set(role, c);
    return c;
  };

  return {
    bff,
    engine,
    bffUrl,
    engineUrl,
    dataDir,
    client,
    as,
    fileUrl: (objectPath) => `/api${signedFileUrl(engine.ctx, objectPath)}`,
    close: async () => {
      await bff.close();
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
