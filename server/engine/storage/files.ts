import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import path from 'node:path';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { SIGNED_URL_TTL_MS, verifyFileSignature } from './signed-url.js';
import { parseImageProcess, thumbnail } from './thumbnails.js';

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  avif: 'image/avif',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  json: 'application/json; charset=utf-8',
  manifest: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
};

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[path.extname(name).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

export interface FileRequest {
  projectId: string;
  /** The URL's `{bucket}/{key…}`, already percent-decoded by the router. */
  objectKey: string;
  expires: number;
  signature: string;
  process?: string;
  ifNoneMatch?: string;
  range?: string;
}

export interface FileResponse {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  body?: ReadStream;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (one range; media players ask for nothing else). */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

/**
 * Serves a file reached through a signed URL (the samples' `source`): the path is confined first (400),
 * then the signature checked (403 ModelArts.0108), then the file or its thumbnail streamed with an ETag
 * and a cache lifetime that ends with the signature.
 */
export async function signedFile(ctx: EngineContext, req: FileRequest): Promise<FileResponse> {
  if (req.projectId !== ctx.projectId) throw new ModelArtsError('0210', 'This URL belongs to another project');
  const ref = ctx.store.parse(`/${req.objectKey}`);
  if (ref.key === '' || ref.key.endsWith('/')) throw new ModelArtsError('4313', `Invalid path ${ref.objectPath}: not a file`);
  const process = req.process ?? '';
  if (!verifyFileSignature(ctx, ref.objectPath, { expires: req.expires, signature: req.signature, process })) {
    throw new ModelArtsError('0108', 'The file URL has expired or its signature is not valid');
  }
  const file = await ctx.store.resolveExisting(ref.objectPath);
  if (file.isDirectory) throw new ModelArtsError('4313', `Invalid path ${ref.objectPath}: not a file`);

  const maxAge = Math.max(0, Math.min(SIGNED_URL_TTL_MS, req.expires - ctx.now()));
  const etag = `"${createHash('sha1').update(`${file.size}:${file.mtimeMs}:${process}`).digest('hex').slice(0, 27)}"`;
  const headers: Record<string, string> = {
    etag,
    'cache-control': `private, max-age=${Math.floor(maxAge / 1000)}`,
    'last-modified': new Date(file.mtimeMs).toUTCString(),
    // Uploaded files are untrusted: never let one run as a page of the console's origin.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'x-content-type-options': 'nosniff',
  };
  if (req.ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return { status: 304, headers };
  }

  if (process) {
    const thumb = await thumbnail(ctx, file, parseImageProcess(process));
    headers['content-type'] = thumb.contentType;
    headers['content-length'] = String(thumb.size);
    return { status: 200, headers, body: createReadStream(thumb.fsPath) };
  }

  headers['content-type'] = contentTypeOf(ref.key);
  headers['accept-ranges'] = 'bytes';
  const range = req.range ? parseRange(req.range, file.size) : undefined;
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${file.size}` } };
  }
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers['content-length'] = String(range.end - range.start + 1);
    return { status: 206, headers, body: createReadStream(file.fsPath, range) };
  }
  headers['content-length'] = String(file.size);
  return { status: 200, headers, body: createReadStream(file.fsPath) };
}
