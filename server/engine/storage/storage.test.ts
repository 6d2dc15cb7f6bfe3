import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListBucketsResp, ListObjectsResp } from '../../contract/storage.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';

let engine: TestEngine;
let obs: string;
beforeAll(async () => {
  engine = await makeTestEngine();
  obs = path.join(engine.dataDir, 'obs');
});
afterAll(() => engine.close());

const put = (p: string, body: Buffer, headers: Record<string, string> = {}) =>
  engine.call('PUT', `/storage/objects?path=${encodeURIComponent(p)}`, body, { 'content-type': 'application/octet-stream', ...headers });

describe('buckets', () => {
  it('creates a bucket (201) and lists it', async () => {
    const res = await engine.call('POST', '/storage/buckets', { name: 'photos' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'photos' });
    expect(existsSync(path.join(obs, 'photos'))).toBe(true);
    const list = ListBucketsResp.parse((await engine.call('GET', '/storage/buckets')).json());
    expect(list.buckets.map((b) => b.name)).toContain('photos');
    expect(list.buckets.find((b) => b.name === 'photos')?.create_time).toBeGreaterThan(0);
  });

  it('refuses a bucket that exists with ModelArts.0107', async () => {
    await engine.call('POST', '/storage/buckets', { name: 'twice' });
    const res = await engine.call('POST', '/storage/buckets', { name: 'twice' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.0107');
  });

  it.each(['AB', 'Upper', 'a', '-lead', 'has space', '../x', 'a'.repeat(64)])('refuses the bucket name %j with 0101', async (name) => {
    const res = await engine.call('POST', '/storage/buckets', { name });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.0101');
  });

  it('does not list hidden or invalid directory names as buckets', async () => {
    mkdirSync(path.join(obs, '.hidden'));
    mkdirSync(path.join(obs, 'NotABucket'));
    const names = ListBucketsResp.parse((await engine.call('GET', '/storage/buckets')).json()).buckets.map((b) => b.name);
    expect(names).not.toContain('.hidden');
    expect(names).not.toContain('NotABucket');
  });
});

describe('folders and uploads', () => {
  beforeAll(async () => {
    await engine.call('POST', '/storage/buckets', { name: 'upl' });
  });

  it('creates nested folders (201)', async () => {
    const res = await engine.call('POST', '/storage/folders', { path: 'obs://upl/a/b/c' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ path: '/upl/a/b/c/' });
    expect(existsSync(path.join(obs, 'upl/a/b/c'))).toBe(true);
  });

  it('refuses a folder in a missing bucket with 4311', async () => {
    const res = await engine.call('POST', '/storage/folders', { path: '/nobucket/a/' });
    expect(res.json().error_code).toBe('ModelArts.4311');
  });

  it('uploads raw bytes, creating parent folders, and leaves no temporary file', async () => {
    const bytes = Buffer.from('hello, world');
    const res = await put('/upl/x/y/hello.txt', bytes);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ path: '/upl/x/y/hello.txt', size: bytes.length });
    expect(readFileSync(path.join(obs, 'upl/x/y/hello.txt'), 'utf8')).toBe('hello, world');
    expect(readdirSync(path.join(obs, 'upl/x/y'))).toEqual(['hello.txt']);
  });

  it('accepts an unsigned payload (X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD) and replaces the file', async () => {
    const res = await put('obs://upl/x/y/hello.txt', Buffer.from('second'), { 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' });
    expect(res.statusCode).toBe(200);
    expect(readFileSync(path.join(obs, 'upl/x/y/hello.txt'), 'utf8')).toBe('second');
  });

  it('accepts an empty file', async () => {
    const res = await put('/upl/empty.bin', Buffer.alloc(0));
    expect(res.json()).toEqual({ path: '/upl/empty.bin', size: 0 });
  });

  it.each([
    ['a folder path', '/upl/x/', '4313'],
    ['a bucket root', '/upl/', '4313'],
    ['a file used as a folder', '/upl/x/y/hello.txt/inner.txt', '4313'],
    ['a name taken by a folder', '/upl/x/y', '4313'],
    ['a missing bucket', '/missing-bucket/f.txt', '4311'],
  ])('refuses uploading to %s with %s', async (_what, p, code) => {
    const res = await put(p, Buffer.from('x'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe(`ModelArts.${code}`);
  });

  it('refuses another content type', async () => {
    const res = await engine.call('PUT', '/storage/objects?path=/upl/z.txt', { a: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toMatch(/^ModelArts\.\d{4}$/);
    expect(existsSync(path.join(obs, 'upl/z.txt'))).toBe(false);
  });
});

describe('listing', () => {
  beforeAll(async () => {
    await engine.call('POST', '/storage/buckets', { name: 'lst' });
    for (const name of ['c.jpg', 'a.jpg', 'b.jpg', 'e.jpg', 'd.jpg']) await put(`/lst/dir/${name}`, Buffer.from(name));
    await engine.call('POST', '/storage/folders', { path: '/lst/dir/zeta/' });
    await engine.call('POST', '/storage/folders', { path: '/lst/dir/alpha/' });
    writeFileSync(path.join(obs, 'lst/dir/.secret'), 'hidden');
  });

  it('lists one level: folders and files in name order, without hidden files', async () => {
    const res = await engine.call('GET', '/storage/objects?path=/lst/dir/');
    const body = ListObjectsResp.parse(res.json());
    expect(body.path).toBe('/lst/dir/');
    expect(body.folders.map((f) => f.path)).toEqual(['/lst/dir/alpha/', '/lst/dir/zeta/']);
    expect(body.files.map((f) => f.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg']);
    expect(body.files[0]).toMatchObject({ path: '/lst/dir/a.jpg', size: 5 });
    expect(body.files[0].mtime).toBeGreaterThan(0);
    expect(body.total_file_count).toBe(5);
  });

  it('pages the files with offset as page index', async () => {
    const p1 = ListObjectsResp.parse((await engine.call('GET', '/storage/objects?path=obs://lst/dir&offset=1&limit=2')).json());
    expect(p1.files.map((f) => f.name)).toEqual(['c.jpg', 'd.jpg']);
    expect(p1.total_file_count).toBe(5);
    const p2 = ListObjectsResp.parse((await engine.call('GET', '/storage/objects?path=/lst/dir/&offset=2&limit=2')).json());
    expect(p2.files.map((f) => f.name)).toEqual(['e.jpg']);
  });

  it('lists a bucket root', async () => {
    const body = ListObjectsResp.parse((await engine.call('GET', '/storage/objects?path=/lst/')).json());
    expect(body.folders.map((f) => f.name)).toEqual(['dir']);
  });

  it.each([
    ['/nolst/dir/', '4311'],
    ['/lst/nothing/', '4312'],
    ['/lst/dir/a.jpg', '4313'],
  ])('answers %s with %s', async (p, code) => {
    const res = await engine.call('GET', `/storage/objects?path=${encodeURIComponent(p)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe(`ModelArts.${code}`);
  });

  it.each(['limit=0', 'limit=1001', 'offset=-1', 'limit=abc'])('refuses bad paging %s with 0101', async (q) => {
    const res = await engine.call('GET', `/storage/objects?path=/lst/dir/&${q}`);
    expect(res.json().error_code).toBe('ModelArts.0101');
  });

  it('refuses a missing path with 0101', async () => {
    expect((await engine.call('GET', '/storage/objects')).json().error_code).toBe('ModelArts.0101');
  });
});
