import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './test-utils.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

describe('security headers', () => {
  it('sends a CSP that allows antd inline styles but no inline or foreign scripts', async () => {
    const res = await stack.client().request('GET', '/');
    const csp = Object.fromEntries(
      res.headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('puts them on API answers too', async () => {
    const res = await stack.client().request('GET', '/bff/session');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('SPA and health', () => {
  it('answers /healthz', async () => {
    const res = await stack.client().request('GET', '/healthz');
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves index.html for client-side routes, revalidated, and hashed assets cached for good', async () => {
    const page = await stack.client().request('GET', '/datasets/abc/samples?page=2');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = await stack.client().request('GET', '/assets/app-abc123.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('never answers API paths with the SPA', async () => {
    for (const url of ['/bff/nothing', '/api/v1/x', '/api/nothing']) {
      const res = await stack.client().request('GET', url);
      expect(res.status).toBe(404);
      expect(res.json().error_code).toBe('ModelArts.4204');
    }
    const post = await stack.client().request('POST', '/datasets');
    expect(post.status).toBe(404);
  });

  it('explains with a 503 page when the SPA has not been built', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'dc-nodist-'));
    const bare = await startTestStack({ distDir: empty });
    try {
      const res = await bare.client().request('GET', '/datasets');
      expect(res.status).toBe(503);
      expect(res.text).toContain('npm run build');
      expect((await bare.client().request('GET', '/healthz')).status).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('API docs', () => {
  it('serves Swagger UI for the upstream document, pointed at the BFF', async () => {
    const page = await stack.client().request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    const spec = (await stack.client().request('GET', '/api/docs/json')).json();
    expect(spec.info.title).toContain('ModelArts');
    expect(spec.servers).toEqual([{ url: '/api', description: expect.any(String) }]);
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/v2/{project_id}/'))).toBe(true);
  });
});
