import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../contract/bff.js';
import { TEST_AK, TEST_PROJECT, TEST_SK, startTestStack, type TestClient, type TestStack } from '../test-utils.js';

const P = `/api/v2/${TEST_PROJECT}`;
const zipUrl = (folder: string) => `/bff/downloads/zip?path=${encodeURIComponent(folder)}`;

/** Unzips a whole archive: file entries with their bytes, and the directory entries. */
async function unzip(bytes: Buffer): Promise<{ files: Map<string, Buffer>; dirs: string[] }> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  const dirs: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        dirs.push(entry.fileName);
        zip.readEntry();
        return;
      }
      zip.openReadStreamPromise(entry).then(async (stream) => {
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        files.set(entry.fileName, Buffer.concat(chunks));
        zip.readEntry();
      }, reject);
    });
    zip.readEntry();
  });
  return { files, dirs };
}

const download = (stack: TestStack, client: TestClient | undefined, folder: string, init: RequestInit = {}) =>
  fetch(stack.bffUrl + zipUrl(folder), { ...init, headers: client?.sessionCookie ? { cookie: `dc_session=${client.sessionCookie}` } : {} });

/** Writes `count` files of `size` random bytes straight into the engine's store (fixture set-up only). */
function seedFolder(stack: TestStack, objectFolder: string, count: number, size: number): Map<string, Buffer> {
  const dir = path.join(stack.engine.ctx.store.root, objectFolder);
  mkdirSync(dir, { recursive: true });
  const written = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const bytes = randomBytes(size);
    const name = `f${String(i).padStart(5, '0')}.bin`;
    writeFileSync(path.join(dir, name), bytes);
    written.set(name, bytes);
  }
  return written;
}

describe('GET /bff/downloads/zip', () => {
  let stack: TestStack;
  const uploaded = new Map<string, Buffer>();
  beforeAll(async () => {
    stack = await startTestStack({ downloadLimits: { maxEntries: 1100, maxBytes: 3 * 1024 * 1024 } });
    const manager = await stack.as('manager');
    expect((await manager.request('POST', `${P}/storage/buckets`, { body: { name: 'dls' } })).status).toBe(201);
    const files: [string, Buffer][] = [
      ['Annotations/猫 cat.xml', Buffer.from('<annotation><object><name>猫</name></object></annotation>')],
      ['images/猫 cat.jpg', randomBytes(300 * 1024)],
      ['images/dog.png', randomBytes(2048)],
      ['deep/x/y/z.txt', Buffer.from('deep')],
      ['manifest.manifest', Buffer.from('{"source":"obs://dls/export-1/images/dog.png"}\n')],
      ['empty.txt', Buffer.alloc(0)],
    ];
    for (const [rel, bytes] of files) {
      const res = await manager.request('PUT', `${P}/storage/objects?path=${encodeURIComponent(`/dls/export-1/${rel}`)}`, {
        rawBody: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.status).toBe(200);
      uploaded.set(`export-1/${rel}`, bytes);
    }
    expect((await manager.request('POST', `${P}/storage/folders`, { body: { path: '/dls/export-1/nothing-here/' } })).status).toBe(201);
  });
  afterAll(() => stack.close());

  it('streams the folder as a zip holding every file byte for byte, under the folder’s name', async () => {
    const res = await download(stack, await stack.as('manager'), '/dls/export-1/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''export-1.zip");
    const { files, dirs } = await unzip(Buffer.from(await res.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual([...uploaded.keys()].sort());
    for (const [name, bytes] of uploaded) expect(files.get(name)!.equals(bytes), name).toBe(true);
    expect(dirs).toEqual(['export-1/nothing-here/']);
  });

  it('lets every signed-in role download (labelers and reviewers included), the path given with or without obs://', async () => {
    for (const role of ROLES) {
      const res = await download(stack, await stack.as(role), role === 'labeler' ? 'obs://dls/export-1/deep' : '/dls/export-1/deep/');
      expect(res.status, role).toBe(200);
      const { files } = await unzip(Buffer.from(await res.arrayBuffer()));
      expect([...files.keys()], role).toEqual(['deep/x/y/z.txt']);
    }
  });

  it('refuses anonymous callers with 401 ModelArts.4630', async () => {
    const res = await download(stack, undefined, '/dls/export-1/');
    expect(res.status).toBe(401);
    expect((await res.json()).error_code).toBe('ModelArts.4630');
  });

  it('answers a bad or missing path with 400 and the code of the listing, and sends no zip', async () => {
    const admin = await stack.as('admin');
    const cases: [string | undefined, string][] = [
      [undefined, 'ModelArts.0101'],
      ['/nobucket/x/', 'ModelArts.4311'],
      ['/dls/missing/', 'ModelArts.4312'],
      ['/dls/export-1/manifest.manifest', 'ModelArts.4313'],
    ];
    for (const [folder, code] of cases) {
      const res = await admin.request('GET', folder === undefined ? '/bff/downloads/zip' : zipUrl(folder));
      expect(res.status, folder).toBe(400);
      expect(res.headers.get('content-type'), folder).toMatch(/^application\/json/);
      expect(res.json().error_code, folder).toBe(code);
    }
  });

  it('rejects path-traversal variants with 400 and never zips anything outside the store', async () => {
    const labeler = await stack.as('labeler');
    for (const trick of ['/dls/../', '/dls/export-1/../../', '/../../etc/', '/dls/%2e%2e/', 'obs://dls/../../etc', '/dls/..%2f..%2f', '/dls/export-1/..\\..\\', '//etc/', '/dls/\0/']) {
      const res = await labeler.request('GET', zipUrl(trick));
      expect(res.status, trick).toBe(400);
      expect(res.json().error_code, trick).toMatch(/^ModelArts\.(0101|4200|431[1-6])$/);
    }
  });

  it('pages through folders of more than 1000 files', async () => {
    const written = seedFolder(stack, 'dls/many', 1001, 16);
    const res = await download(stack, await stack.as('reviewer'), '/dls/many/');
    expect(res.status).toBe(200);
    const { files } = await unzip(Buffer.from(await res.arrayBuffer()));
    expect(files.size).toBe(1001);
    for (const [name, bytes] of written) expect(files.get(`many/${name}`)?.equals(bytes), name).toBe(true);
  });

  it('refuses folders over the file-count or size limit with 400 and a message', async () => {
    seedFolder(stack, 'dls/too-many', 1101, 1);
    seedFolder(stack, 'dls/too-big', 4, 1024 * 1024);
    const admin = await stack.as('admin');
    for (const [folder, words] of [
      ['/dls/too-many/', /more than 1,100 files and folders/],
      ['/dls/too-big/', /more than 3 MB/],
    ] as const) {
      const res = await admin.request('GET', zipUrl(folder));
      expect(res.status, folder).toBe(400);
      expect(res.json().error_msg, folder).toMatch(words);
    }
  });

  it('names the file after the folder’s last segment, percent-encoded', async () => {
    const manager = await stack.as('manager');
    await manager.request('PUT', `${P}/storage/objects?path=${encodeURIComponent('/dls/导出 v1/a.txt')}`, {
      rawBody: 'a',
      headers: { 'content-type': 'application/octet-stream' },
    });
    const res = await download(stack, manager, '/dls/导出 v1/');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('导出 v1')}.zip`);
    expect([...(await unzip(Buffer.from(await res.arrayBuffer()))).files.keys()]).toEqual(['导出 v1/a.txt']);
  });

  it('writes each download to the audit log, with the folder', async () => {
    await (await download(stack, await stack.as('labeler'), '/dls/export-1/deep/')).arrayBuffer();
    const audit = (await (await stack.as('admin')).request('GET', '/bff/audit?limit=50')).json();
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ username: 'labeler1', method: 'GET', path: zipUrl('/dls/export-1/deep/'), status: 200 }),
    );
  });
});

describe('zip download against other upstreams', () => {
  it('answers 501 with a ModelArts code when the upstream is ModelArts (no storage extension)', async () => {
    const stack = await startTestStack({ upstream: { kind: 'modelarts', baseUrl: 'http://127.0.0.1:1', projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK } });
    try {
      const res = await (await stack.as('admin')).request('GET', zipUrl('/bucket/out/'));
      expect(res.status).toBe(501);
      expect(res.json().error_code).toMatch(/^ModelArts\.\d{4}$/);
      expect(res.json().error_msg).toMatch(/OBS/);
    } finally {
      await stack.close();
    }
  });

  it('stops fetching files from the upstream when the client goes away', async () => {
    // A pass-through in front of the real engine that counts file fetches.
    let fetches = 0;
    let engineUrl = '';
    const relay: Server = http.createServer((req, res) => {
      if (req.url?.includes('/storage/objects/content')) fetches++;
      const up = http.request(engineUrl + req.url, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
      req.pipe(up);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}`;
    const stack = await startTestStack({ upstream: { kind: 'local', baseUrl: relayUrl, projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK } });
    try {
      engineUrl = stack.engineUrl;
      seedFolder(stack, 'big', 400, 64 * 1024);
      const manager = await stack.as('manager');
      const abort = new AbortController();
      const res = await download(stack, manager, '/big/', { signal: abort.signal });
      expect(res.status).toBe(200);
      const reader = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream)[Symbol.asyncIterator]();
      await reader.next();
      abort.abort();
      await new Promise((r) => setTimeout(r, 400));
      const afterAbort = fetches;
      await new Promise((r) => setTimeout(r, 400));
      expect(fetches).toBe(afterAbort);
      expect(afterAbort).toBeLessThan(100);
      const audit = (await (await stack.as('admin')).request('GET', '/bff/audit?limit=50')).json();
      // Recorded once, as cut short by the client.
      expect(audit.entries.filter((e: { path: string }) => e.path === zipUrl('/big/'))).toEqual([expect.objectContaining({ status: 499 })]);
    } finally {
      // fetch (undici) leaves a connection open without a request after an abort: not the BFF's to wait for.
      stack.bff.server.closeAllConnections();
      await stack.close();
      relay.close();
    }
  });
});
