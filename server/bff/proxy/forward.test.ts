import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isImportTerminal } from '../../contract/import-task.js';
import { ListObjectsResp } from '../../contract/storage.js';
import { verifyRequest } from '../../contract/signing.js';
import { TEST_AK, TEST_PROJECT, TEST_SK, startTestStack, type TestStack } from '../test-utils.js';

const P = `/api/v2/${TEST_PROJECT}`;

describe('proxy to the embedded engine (real HTTP, real signature check)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('signs a GET so that the engine accepts it', async () => {
    const res = await (await stack.as('labeler')).request('GET', `${P}/datasets?offset=0&limit=10`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ total_number: expect.any(Number), datasets: expect.any(Array) });
  });

  it('signs JSON bodies over their exact bytes and streams uploads as UNSIGNED-PAYLOAD', async () => {
    const manager = await stack.as('manager');
    const bucket = await manager.request('POST', `${P}/storage/buckets`, {
      rawBody: '{ "name" :\n  "proxied" }',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(bucket.status).toBe(201);
    const bytes = Buffer.alloc(256 * 1024, 7);
    const upload = await manager.request('PUT', `${P}/storage/objects?path=${encodeURIComponent('/proxied/猫 cat.bin')}`, {
      rawBody: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.status).toBe(200);
    expect(upload.json()).toEqual({ path: '/proxied/猫 cat.bin', size: bytes.length });
    const listing = ListObjectsResp.parse((await manager.request('GET', `${P}/storage/objects?path=/proxied/`)).json());
    expect(listing.files.map((f) => f.name)).toEqual(['猫 cat.bin']);
  });

  it('signs idempotency-key so that the engine verifies it with the rest of the request', async () => {
    const res = await (await stack.as('manager')).request('POST', `${P}/storage/buckets`, {
      body: { name: 'keyed' },
      headers: { 'idempotency-key': 'bucket-keyed-1' },
    });
    expect(res.status).toBe(201);
  });

  it('gives the same import task for two POSTs with the same idempotency-key (BFF → engine)', async () => {
    const manager = await stack.as('manager');
    await manager.request('POST', `${P}/storage/buckets`, { body: { name: 'idem' } });
    const jpeg = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#36c' } }).jpeg().toBuffer();
    await manager.request('PUT', `${P}/storage/objects?path=/idem/in/a.jpg`, { rawBody: jpeg, headers: { 'content-type': 'application/octet-stream' } });
    const created = await manager.request('POST', `${P}/datasets`, {
      body: { dataset_name: 'idem', data_sources: [{ data_path: '/idem/in/' }], work_path: '/idem/out/', work_path_type: 0 },
    });
    expect(created.status, created.text).toBe(201);
    const url = `${P}/datasets/${created.json().dataset_id}/import-tasks`;
    // The import on create runs first; a second import is refused while it does.
    while (!isImportTerminal((await manager.request('GET', `${url}/${created.json().import_task_id}`)).json().status)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const post = (key: string) => manager.request('POST', url, { body: { import_path: '/idem/in/' }, headers: { 'idempotency-key': key } });
    const first = await post('idem-key-1');
    expect(first.status, first.text).toBe(200);
    const again = await post('idem-key-1');
    expect(again.status, again.text).toBe(200);
    expect(again.json().task_id).toBe(first.json().task_id);
  });

  it('lets a labeler load a file through its signed URL', async () => {
    const manager = await stack.as('manager');
    await manager.request('POST', `${P}/storage/buckets`, { body: { name: 'files' } });
    await manager.request('PUT', `${P}/storage/objects?path=/files/a.txt`, { rawBody: 'hello', headers: { 'content-type': 'application/octet-stream' } });
    const res = await (await stack.as('labeler')).request('GET', stack.fileUrl('/files/a.txt'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello');
  });

  it('signs percent-encoded Unicode paths and repeated query keys the way the engine checks them', async () => {
    const admin = await stack.as('admin');
    const res = await admin.request('GET', `${P}/datasets/ds1/data-annotations/labels/${encodeURIComponent('猫 label')}?a=2&a=1&b=%E2%9C%93`);
    expect(res.status).not.toBe(401);
    expect(res.json().error_code).not.toMatch(/^ModelArts\.020\d$/);
  });

  it('passes the engine errors through unchanged', async () => {
    const res = await (await stack.as('admin')).request('POST', `${P}/storage/buckets`, { rawBody: '{bad json', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4105');
  });

  it('refuses a path with another project id (403 ModelArts.0210) before reaching the engine', async () => {
    const res = await (await stack.as('admin')).request('GET', '/api/v2/ffffffffffffffffffffffffffffffff/datasets');
    expect(res.status).toBe(403);
    expect(res.json().error_code).toBe('ModelArts.0210');
  });
});

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP server standing in for ModelArts: it records what the BFF sends and answers 200. */
async function recordingUpstream(): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'dc_session=from-upstream; Path=/', 'x-request-id': 'r1' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests };
}

describe('what the proxy sends upstream', () => {
  let stack: TestStack;
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  beforeAll(async () => {
    upstream = await recordingUpstream();
    stack = await startTestStack({ upstream: { kind: 'modelarts', baseUrl: upstream.url, projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK } });
  });
  afterAll(async () => {
    await stack.close();
    upstream.server.close();
  });

  const last = () => upstream.requests[upstream.requests.length - 1];
  const verifies = (r: Recorded) => {
    const q = r.url.indexOf('?');
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(q < 0 ? '' : r.url.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const path = q < 0 ? r.url : r.url.slice(0, q);
    return verifyRequest({ method: r.method, path, query, headers: r.headers, body: r.body }, (ak) => (ak === TEST_AK ? TEST_SK : undefined));
  };

  it('forwards the exact JSON bytes, signed, without the browser cookie, CSRF token or origin', async () => {
    const admin = await stack.as('admin');
    const raw = '{ "dataset_name" : "ds1",\n "description":"naïve ✓" }';
    const res = await admin.request('POST', `${P}/datasets?x=1&x=0`, {
      rawBody: raw,
      headers: { 'content-type': 'application/json', origin: stack.bffUrl, authorization: 'Bearer from-browser' },
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const r = last();
    expect(r.url).toBe(`/v2/${TEST_PROJECT}/datasets?x=1&x=0`);
    expect(r.body.toString('utf8')).toBe(raw);
    expect(verifies(r)).toEqual({ ok: true, ak: TEST_AK });
    expect(r.headers['x-project-id']).toBe(TEST_PROJECT);
    for (const name of ['cookie', 'x-csrf-token', 'origin', 'referer']) expect(r.headers[name]).toBeUndefined();
    expect(r.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=/);
  });

  it('forwards idempotency-key signed, so that a retried POST reaches the upstream with the same key, untampered', async () => {
    const manager = await stack.as('manager');
    const key = 'retry-7f3c0b2a-import';
    for (let i = 0; i < 2; i++) {
      await manager.request('POST', `${P}/datasets/ds1/import-tasks`, { body: { import_path: '/b/in/' }, headers: { 'idempotency-key': key } });
      const r = last();
      expect(r.headers['idempotency-key']).toBe(key);
      expect(r.headers.authorization).toMatch(/SignedHeaders=[^,]*\bidempotency-key\b/);
      expect(verifies(r)).toEqual({ ok: true, ak: TEST_AK });
      // A key changed on the way would no longer match the signature.
      expect(verifies({ ...r, headers: { ...r.headers, 'idempotency-key': 'other' } }).ok).toBe(false);
    }
    await manager.request('POST', `${P}/datasets/ds1/import-tasks`, { body: { import_path: '/b/in/' } });
    expect(last().headers['idempotency-key']).toBeUndefined();
  });

  it('streams other bodies with X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD', async () => {
    const bytes = Buffer.from([0, 1, 2, 3, 255]);
    await (await stack.as('admin')).request('PUT', `${P}/storage/objects?path=/b/x.bin`, {
      rawBody: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const r = last();
    expect(r.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(r.body.equals(bytes)).toBe(true);
    expect(verifies(r).ok).toBe(true);
  });

  it('does not let the upstream set cookies on the console origin', async () => {
    const res = await (await stack.as('admin')).request('GET', `${P}/datasets`);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('x-request-id')).toBe('r1');
  });

  it('answers 502 ModelArts.0010 when the upstream is down', async () => {
    const dead = await startTestStack({ upstream: { kind: 'local', baseUrl: 'http://127.0.0.1:1', projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK } });
    try {
      const res = await (await dead.as('admin')).request('GET', `${P}/datasets`);
      expect(res.status).toBe(502);
      expect(res.json().error_code).toBe('ModelArts.0010');
    } finally {
      await dead.close();
    }
  });
});
