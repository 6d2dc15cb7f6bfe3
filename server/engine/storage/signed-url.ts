import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EngineContext } from '../context.js';

/** Signed file URLs last this long: enough for a page of thumbnails to load, short enough to expire. */
export const SIGNED_URL_TTL_MS = 60 * 60 * 1000;

function mac(secret: string, objectPath: string, expires: number, process: string): string {
  return createHmac('sha256', secret).update(`${objectPath}\n${expires}\n${process}`).digest('hex');
}

const encodePath = (objectPath: string) => objectPath.split('/').map(encodeURIComponent).join('/');

/**
 * The `source` of a sample: `/v2/{project}/storage/files/{bucket}/{key}?expires=…&signature=…` (relative to
 * the API root, like OBS's pre-signed URLs are to theirs). `process` is an OBS image-processing string such
 * as `image/resize,m_lfit,h_200`.
 */
export function signedFileUrl(ctx: EngineContext, objectPath: string, opts: { process?: string; ttlMs?: number } = {}): string {
  const expires = Math.floor((ctx.now() + (opts.ttlMs ?? SIGNED_URL_TTL_MS)) / 1000) * 1000;
  const process = opts.process ?? '';
  const params = new URLSearchParams({ expires: String(expires) });
  if (process) params.set('x-image-process', process);
  params.set('signature', mac(ctx.urlSecret, objectPath, expires, process));
  return `/v2/${ctx.projectId}/storage/files${encodePath(objectPath)}?${params}`;
}

/** Checks a signed URL's parameters for `objectPath`; false when expired or forged. */
export function verifyFileSignature(
  ctx: EngineContext,
  objectPath: string,
  q: { expires: number; signature: string; process?: string },
): boolean {
  if (!Number.isFinite(q.expires) || q.expires < ctx.now()) return false;
  const expected = Buffer.from(mac(ctx.urlSecret, objectPath, q.expires, q.process ?? ''), 'hex');
  const given = Buffer.from(q.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
