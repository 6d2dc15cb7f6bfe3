import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedFileUrl } from './signed-url.js';
import { TEST_PROJECT, makeTestEngine, type TestEngine } from '../test-utils.js';

/**
 * S3 (quality-bar.md): ≥ 50 traversal variants in every path-taking field are refused with a 400 and a
 * ModelArts code, and nothing outside DATA_DIR/obs is read or written.
 */
const SECRET = 'TOP-SECRET-CONTENT';

const VARIANTS: string[] = [
  '/conf/../../outside/pwned.txt',
  '/conf/../outside/pwned.txt',
  '/conf/sub/../../../outside/pwned.txt',
  `/conf/${'../'.repeat(20)}etc/passwd`,
  '/conf/./../outside/pwned.txt',
  '/conf/%2e%2e/%2e%2e/outside/pwned.txt',
  '/conf/%2E%2E/outside/pwned.txt',
  '/conf/.%2e/outside/pwned.txt',
  '/conf/%2e./outside/pwned.txt',
  '/conf/%252e%252e/%252e%252e/outside/pwned.txt',
  '/conf/%25252e%25252e/outside/pwned.txt',
  '/conf/%2525252e%2525252e/outside/pwned.txt',
  '/conf/..%2f..%2foutside/pwned.txt',
  '/conf/..%2F..%2Foutside/pwned.txt',
  '/conf/%2e%2e%2f%2e%2e%2foutside%2fpwned.txt',
  '/conf/..%252f..%252foutside/pwned.txt',
  '/conf/..\\..\\outside\\pwned.txt',
  '/conf/%5c..%5c..%5coutside%5cpwned.txt',
  '/conf/..%5c..%5coutside/pwned.txt',
  '/conf/%2e%2e%5c%2e%2e%5coutside/pwned.txt',
  '/conf/pwned.txt\u0000.jpg',
  '/conf/pwned.txt%00.jpg',
  '/conf/..%00/outside/pwned.txt',
  '/conf/%2500/pwned.txt',
  '/conf/\t../outside/pwned.txt',
  '/conf/\r\n../outside/pwned.txt',
  'obs://conf/../../outside/pwned.txt',
  'obs://../outside/pwned.txt',
  'OBS://conf/%2e%2e/outside/pwned.txt',
  's3://conf/../../outside/pwned.txt',
  'obs:/conf/../outside/pwned.txt',
  'obs:///../outside/pwned.txt',
  'file:///etc/passwd',
  '/etc/passwd',
  '//etc/passwd',
  '///etc/passwd',
  '/etc/',
  '../../etc/passwd',
  '..',
  '.',
  '/',
  '',
  'C:\\Windows\\win.ini',
  'C:/Windows/win.ini',
  '\\\\server\\share\\pwned.txt',
  '/conf/\uFF0E\uFF0E/\uFF0E\uFF0E/outside/pwned.txt',
  '/conf/\u2025/outside/pwned.txt',
  '/conf/\u2024\u2024/outside/pwned.txt',
  '/conf/..\uFF0F..\uFF0Foutside/pwned.txt',
  '/conf/\uFF3C..\uFF3Coutside',
  '/conf/%ef%bc%8e%ef%bc%8e/outside/pwned.txt',
  '/conf/%c0%ae%c0%ae/outside/pwned.txt',
  '/conf/%e0%80%ae%e0%80%ae/outside/pwned.txt',
  '/conf/%u002e%u002e/outside/pwned.txt',
  '/conf/ ../outside/pwned.txt',
  '/conf/.../outside/pwned.txt',
  '/CONF/../outside/pwned.txt',
  `/${'a'.repeat(2000)}/pwned.txt`,
  '/conf/link/pwned.txt',
  '/conf/link/secret.txt',
  '/conf/link/',
  '/conf/link/deeper/pwned.txt',
  '/linkbucket/pwned.txt',
  '/linkbucket/secret.txt',
  '/linkbucket/',
  '/conf/filelink',
  '/conf/dangling/pwned.txt',
  '/conf/dangling/',
];

let engine: TestEngine;
let port: number;
let outside: string;
let sibling: string;

/** Every file and folder outside the store that the engine has no business touching, with contents. */
function snapshot(): string[] {
  const out: string[] = [];
  const walk = (dir: string, skip: (name: string) => boolean) => {
    for (const name of readdirSync(dir).sort()) {
      if (skip(name)) continue;
      const p = path.join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) {
        out.push(`${p}/`);
        walk(p, () => false);
      } else if (st) {
        out.push(`${p} ${st.size} ${st.mtimeMs} ${readFileSync(p, 'utf8')}`);
      }
    }
  };
  // The database and the thumbnail cache are the engine's own, beside the store.
  walk(engine.dataDir, (name) => name === 'obs' || name === 'cache' || name.startsWith('engine.sqlite'));
  walk(sibling, () => false);
  return out;
}

beforeAll(async () => {
  engine = await makeTestEngine();
  const obs = path.join(engine.dataDir, 'obs');
  outside = path.join(engine.dataDir, 'outside');
  sibling = `${engine.dataDir}-sibling`;
  for (const dir of [outside, sibling]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  }
  mkdirSync(path.join(obs, 'conf/input'), { recursive: true });
  mkdirSync(path.join(obs, 'conf/out'), { recursive: true });
  symlinkSync(outside, path.join(obs, 'conf/link'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(obs, 'conf/filelink'));
  symlinkSync(path.join(outside, 'not-yet'), path.join(obs, 'conf/dangling'));
  symlinkSync(outside, path.join(obs, 'linkbucket'));
  // Real HTTP for the file URLs: an injected request's URL is normalized (dot segments resolved) before
  // the engine sees it, a socket's is not.
  await engine.app.listen({ port: 0, host: '127.0.0.1' });
  port = (engine.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await engine.close();
  rmSync(sibling, { recursive: true, force: true });
});

/** Percent-encodes what a URL cannot carry raw, keeping the variant's own %XX sequences as they are. */
const urlSafe = (s: string) => [...s].map((c) => (/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]/.test(c) ? c : encodeURIComponent(c))).join('');

/**
 * A signed URL for the variant, signed for the object path the engine will compute from it: a valid
 * signature, so that only the path rules can refuse it.
 */
function fileUrl(variant: string): string {
  let query = 'expires=9999999999999&signature=00';
  try {
    const objectPath = engine.ctx.store.parse(variant).objectPath.replace(/\/$/, ''); // the router drops a trailing slash
    query = signedFileUrl(engine.ctx, objectPath).split('?')[1];
  } catch {
    // not even parseable: the signature is never looked at
  }
  const p = variant.replace(/^(obs|s3):\/\//i, '/');
  return `/v2/${TEST_PROJECT}/storage/files${p.startsWith('/') ? '' : '/'}${urlSafe(p)}?${query}`;
}

/** GET over a socket, the URL sent byte for byte. */
const rawGet = (url: string) =>
  new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: url, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });

const FIELDS: [string, (v: string) => Promise<{ statusCode: number; body: string }>][] = [
  ['GET storage/objects path', (v) => engine.call('GET', `/storage/objects?path=${encodeURIComponent(v)}`)],
  ['POST storage/folders path', (v) => engine.call('POST', '/storage/folders', { path: v })],
  [
    'PUT storage/objects path',
    (v) => engine.call('PUT', `/storage/objects?path=${encodeURIComponent(v)}`, Buffer.from('pwned'), { 'content-type': 'application/octet-stream' }),
  ],
  ['GET storage/files URL', (v) => rawGet(fileUrl(v))],
  [
    'POST datasets data_path',
    (v) =>
      engine.call('POST', '/datasets', {
        dataset_name: `d${Math.random().toString(36).slice(2, 10)}`,
        dataset_type: 400,
        data_sources: [{ data_path: v }],
        work_path: '/conf/out/',
        work_path_type: 0,
      }),
  ],
  [
    'POST datasets work_path',
    (v) =>
      engine.call('POST', '/datasets', {
        dataset_name: `w${Math.random().toString(36).slice(2, 10)}`,
        dataset_type: 400,
        data_sources: [{ data_path: '/conf/input/' }],
        work_path: v,
        work_path_type: 0,
      }),
  ],
];

describe('path confinement', () => {
  it(`has at least 50 variants (${VARIANTS.length})`, () => {
    expect(new Set(VARIANTS).size).toBe(VARIANTS.length);
    expect(VARIANTS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(FIELDS)('refuses every variant in %s with a 400 and touches nothing outside the store', async (_field, send) => {
    const before = snapshot();
    const accepted: string[] = [];
    for (const variant of VARIANTS) {
      const res = await send(variant);
      const body = JSON.parse(res.body || '{}') as { error_code?: string; error_msg?: string };
      const refused = res.statusCode === 400 && /^ModelArts\.\d{4}$/.test(body.error_code ?? '') && Boolean(body.error_msg);
      if (!refused) accepted.push(`${JSON.stringify(variant)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      expect(res.body).not.toContain(SECRET);
    }
    expect(accepted).toEqual([]);
    expect(snapshot()).toEqual(before);
    const datasets = engine.ctx.sqlite.prepare('SELECT count(*) AS n FROM datasets').get() as { n: number };
    expect(datasets.n).toBe(0);
  });
});
