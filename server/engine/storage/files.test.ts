import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedFileUrl } from './signed-url.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';

let engine: TestEngine;
let obs: string;
const png = async (w: number, h: number, alpha = false) =>
  sharp({ create: { width: w, height: h, channels: alpha ? 4 : 3, background: { r: 200, g: 30, b: 30, alpha: alpha ? 0.5 : 1 } } })
    .png()
    .toBuffer();

beforeAll(async () => {
  engine = await makeTestEngine();
  obs = path.join(engine.dataDir, 'obs');
  mkdirSync(path.join(obs, 'pics/cats'), { recursive: true });
  writeFileSync(path.join(obs, 'pics/cats/big.jpg'), await sharp(await png(800, 400)).jpeg().toBuffer());
  writeFileSync(path.join(obs, 'pics/cats/clear.png'), await png(300, 600, true));
  writeFileSync(path.join(obs, 'pics/cats/notes.txt'), 'not an image');
  writeFileSync(path.join(obs, 'pics/cats/page.html'), '<script>alert(1)</script>');
  writeFileSync(path.join(obs, 'pics/cats/a b#c.jpg'), await sharp(await png(10, 10)).jpeg().toBuffer());
});
afterAll(() => engine.close());

const get = (url: string, headers: Record<string, string> = {}) => engine.app.inject({ method: 'GET', url, headers });
const thumbs = () => {
  const root = path.join(engine.dataDir, 'cache/thumbs');
  try {
    return readdirSync(root, { recursive: true }).filter((f) => /\.(jpg|png)$/.test(String(f)));
  } catch {
    return [];
  }
};

describe('signed file URLs', () => {
  it('serves the file with its content type, without any Authorization header', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/big.jpg'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([800, 400]);
  });

  it('serves names that need percent-encoding', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/a b#c.jpg'));
    expect(res.statusCode).toBe(200);
  });

  it('serves text as text, and HTML inertly (sandboxed, never as text/html)', async () => {
    const txt = await get(signedFileUrl(engine.ctx, '/pics/cats/notes.txt'));
    expect(txt.headers['content-type']).toMatch(/^text\/plain/);
    expect(txt.body).toBe('not an image');
    const html = await get(signedFileUrl(engine.ctx, '/pics/cats/page.html'));
    expect(html.headers['content-type']).not.toMatch(/html/);
    expect(html.headers['content-security-policy']).toContain('sandbox');
  });

  it('refuses an expired URL with 403 ModelArts.0108', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/big.jpg', { ttlMs: -5000 }));
    expect(res.statusCode).toBe(403);
    expect(res.json().error_code).toBe('ModelArts.0108');
  });

  it.each([
    ['a forged signature', (u: string) => u.replace(/signature=[0-9a-f]{4}/, 'signature=0000')],
    ['another file', (u: string) => u.replace('big.jpg', 'clear.png')],
    ['a changed expiry', (u: string) => u.replace(/expires=(\d+)/, (_m, e) => `expires=${Number(e) + 1000}`)],
    ['an added image process', (u: string) => `${u}&x-image-process=image%2Fresize%2Cm_lfit%2Ch_10`],
    ['a non-hex signature', (u: string) => u.replace(/signature=[0-9a-f]+/, 'signature=zz')],
  ])('refuses %s with 403 ModelArts.0108', async (_name, tamper) => {
    const res = await get(tamper(signedFileUrl(engine.ctx, '/pics/cats/big.jpg')));
    expect(res.statusCode).toBe(403);
    expect(res.json().error_code).toBe('ModelArts.0108');
  });

  it('refuses a URL without signature with 400 ModelArts.0101', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/big.jpg').replace(/&signature=.*/, ''));
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.0101');
  });

  it('answers a signed URL of a missing file with 4312', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/gone.jpg'));
    expect(res.json().error_code).toBe('ModelArts.4312');
  });

  it('answers If-None-Match with 304 and sets a cache lifetime', async () => {
    const url = signedFileUrl(engine.ctx, '/pics/cats/big.jpg');
    const first = await get(url);
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers['cache-control']).toMatch(/max-age=\d+/);
    const again = await get(url, { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('serves byte ranges for media players', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/notes.txt'), { range: 'bytes=4-5' });
    expect(res.statusCode).toBe(206);
    expect(res.body).toBe('an');
    expect(res.headers['content-range']).toBe('bytes 4-5/12');
    const bad = await get(signedFileUrl(engine.ctx, '/pics/cats/notes.txt'), { range: 'bytes=50-' });
    expect(bad.statusCode).toBe(416);
  });
});

describe('thumbnails', () => {
  it('makes a thumbnail that fits the height, keeps the aspect ratio, and caches it', async () => {
    const before = thumbs().length;
    const url = signedFileUrl(engine.ctx, '/pics/cats/big.jpg', { process: 'image/resize,m_lfit,h_100' });
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([200, 100]);
    expect(thumbs().length).toBe(before + 1);
    const again = await get(url);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    expect(thumbs().length).toBe(before + 1);
  });

  it('fits a width, keeps transparency as PNG, and never enlarges', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/clear.png', { process: 'image/resize,m_lfit,w_150' }));
    expect(res.headers['content-type']).toBe('image/png');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([150, 300, true]);
    const big = await get(signedFileUrl(engine.ctx, '/pics/cats/clear.png', { process: 'image/resize,m_lfit,h_2000' }));
    expect((await sharp(big.rawPayload).metadata()).height).toBe(600);
  });

  it('makes a new thumbnail when the file changes', async () => {
    const file = path.join(obs, 'pics/cats/changing.jpg');
    writeFileSync(file, await sharp(await png(400, 400)).jpeg().toBuffer());
    const process = 'image/resize,m_lfit,h_50';
    const first = await get(signedFileUrl(engine.ctx, '/pics/cats/changing.jpg', { process }));
    expect((await sharp(first.rawPayload).metadata()).width).toBe(50);
    writeFileSync(file, await sharp(await png(800, 400)).jpeg().toBuffer());
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = await get(signedFileUrl(engine.ctx, '/pics/cats/changing.jpg', { process }));
    expect((await sharp(second.rawPayload).metadata()).width).toBe(100);
    expect(second.headers.etag).not.toBe(first.headers.etag);
  });

  it.each(['image/crop,w_10', 'image/resize,m_fill,h_10', 'image/resize,h_0', 'image/resize,h_99999', 'image/resize,m_lfit'])(
    'refuses the signed but unsupported process %j with 400 ModelArts.4396',
    async (process) => {
      const res = await get(signedFileUrl(engine.ctx, '/pics/cats/big.jpg', { process }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error_code).toBe('ModelArts.4396');
    },
  );

  it('answers a thumbnail of a non-image with 400 ModelArts.4396', async () => {
    const res = await get(signedFileUrl(engine.ctx, '/pics/cats/notes.txt', { process: 'image/resize,m_lfit,h_10' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.4396');
  });
});
