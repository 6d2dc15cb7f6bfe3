import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';

export interface ResizeParams {
  width?: number;
  height?: number;
}

const MAX_EDGE = 4096;

/**
 * Parses the OBS image-processing parameter the API's `process_parameter` uses:
 * `image/resize,m_lfit,h_200` / `w_300` / both. Only proportional fit-inside (`m_lfit`, the default) is
 * offered, which is what galleries ask for.
 */
export function parseImageProcess(value: string): ResizeParams {
  const bad = (why: string) => new ModelArtsError('4396', `Unsupported x-image-process ${JSON.stringify(value)}: ${why}`);
  const [action, ...args] = value.split(',');
  if (action !== 'image/resize') throw bad('only image/resize is supported');
  const params: ResizeParams = {};
  for (const arg of args) {
    const m = /^([a-z]+)_(\w+)$/.exec(arg);
    if (!m) throw bad(`bad argument ${arg}`);
    const [, name, v] = m;
    if (name === 'm') {
      if (v !== 'lfit') throw bad('only m_lfit is supported');
    } else if (name === 'w' || name === 'h') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > MAX_EDGE) throw bad(`${name} must be 1–${MAX_EDGE}`);
      params[name === 'w' ? 'width' : 'height'] = n;
    } else if (name !== 'limit') {
      throw bad(`unknown argument ${name}`);
    }
  }
  if (!params.width && !params.height) throw bad('give w_N or h_N');
  return params;
}

const inFlight = new Map<string, Promise<Thumbnail>>();

export interface Thumbnail {
  fsPath: string;
  contentType: string;
  size: number;
}

/** Transparent images stay PNG; everything else becomes a compact JPEG. */
async function render(source: string, params: ResizeParams, png: boolean, target: string): Promise<Thumbnail> {
  const pipeline = sharp(source, { failOn: 'none', limitInputPixels: 1e9 })
    .rotate()
    .resize({ ...params, fit: 'inside', withoutEnlargement: true });
  const out = png ? pipeline.png({ compressionLevel: 6 }) : pipeline.jpeg({ quality: 80 });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await out.toFile(temp);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw new ModelArtsError('4396', `Cannot make a thumbnail of this file: ${(err as Error).message}`);
  }
  const st = await stat(target);
  return { fsPath: target, contentType: png ? 'image/png' : 'image/jpeg', size: st.size };
}

/**
 * Returns a cached thumbnail of an object, made on first use. The cache key covers the object path, its
 * mtime and size and the parameters, so a replaced file never shows a stale thumbnail.
 */
export async function thumbnail(
  ctx: EngineContext,
  source: { objectPath: string; fsPath: string; mtimeMs: number; size: number },
  params: ResizeParams,
): Promise<Thumbnail> {
  const key = createHash('sha256')
    .update(`${source.objectPath}\n${source.mtimeMs}\n${source.size}\n${params.width ?? ''}x${params.height ?? ''}`)
    .digest('hex');
  const dir = path.join(ctx.dataDir, 'cache', 'thumbs', key.slice(0, 2));
  for (const [ext, contentType] of [['jpg', 'image/jpeg'], ['png', 'image/png']] as const) {
    const fsPath = path.join(dir, `${key}.${ext}`);
    const st = await stat(fsPath).catch(() => undefined);
    if (st) return { fsPath, contentType, size: st.size };
  }
  // Keyed by the cache location, so that two engines in one process never share an entry.
  const flightKey = path.join(dir, key);
  let pending = inFlight.get(flightKey);
  if (!pending) {
    // The output format (and so the file name) is only known after reading the header.
    pending = (async () => {
      const meta = await sharp(source.fsPath, { failOn: 'none' })
        .metadata()
        .catch((err: Error) => {
          throw new ModelArtsError('4396', `Cannot make a thumbnail of this file: ${err.message}`);
        });
      const png = meta.hasAlpha === true;
      return render(source.fsPath, params, png, path.join(dir, `${key}.${png ? 'png' : 'jpg'}`));
    })().finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, pending);
  }
  return pending;
}
