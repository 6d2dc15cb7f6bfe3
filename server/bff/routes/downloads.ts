import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import yazl from 'yazl';
import { z } from 'zod';
import { ModelArtsError } from '../../contract/errors.js';
import { encodeRfc3986 } from '../../contract/signing.js';
import { ListObjectsResp, ObjectPath } from '../../contract/storage.js';
import { guard } from '../auth/guard.js';
import type { BffContext } from '../context.js';
import { UpstreamError, UpstreamUnreachable, createUpstreamClient, upstreamError, type UpstreamClient } from '../proxy/upstream-client.js';

/** The biggest folder a zip download takes: files + folders, and bytes of all files. */
export interface DownloadLimits {
  maxEntries: number;
  maxBytes: number;
}
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { maxEntries: 100_000, maxBytes: 10 * 1024 ** 3 };

export const ZIP_DOWNLOAD_PATH = '/bff/downloads/zip';
export const ZipDownloadQuery = z.object({ path: ObjectPath });

interface PlannedFile {
  path: string;
  /** Name inside the zip, under the folder's own name. */
  entry: string;
  size: number;
  mtime?: number;
}

interface ZipPlan {
  name: string;
  files: PlannedFile[];
  emptyFolders: string[];
  bytes: number;
}

const PAGE = 1000;
/** Files requested ahead of the one being zipped. */
const PREFETCH = 4;
/** Already compressed: stored as they are, deflating them again costs CPU for nothing. */
const STORED = /\.(jpe?g|png|gif|webp|avif|heic|mp[34]|m4a|mov|webm|ogg|flac|zip|gz|tgz|bz2|xz|7z|rar|pdf)$/i;

const tooBig = (what: string) =>
  new ModelArtsError('4200', `The folder is too large to download as a zip (${what}); download a smaller folder`);

/** Zip entry names use `/`; a `\` inside an object name would otherwise become a folder separator. */
const entryName = (name: string) => name.replace(/\\/g, '_');

/**
 * Lists `folder` recursively through the upstream's storage extension, one level (and one page of files)
 * per request, refusing as soon as the limits are passed: nothing is sent to the browser before this ends.
 */
async function planZip(client: UpstreamClient, folder: string, limits: DownloadLimits, signal: AbortSignal): Promise<ZipPlan> {
  const list = (path: string, page: number) =>
    client
      .getJson<unknown>(`/storage/objects?path=${encodeURIComponent(path)}&offset=${page}&limit=${PAGE}`, signal)
      .then((body) => ListObjectsResp.parse(body));
  const first = await list(folder, 0);
  const root = first.path.endsWith('/') ? first.path : `${first.path}/`;
  const name = root.split('/').filter(Boolean).pop() ?? 'download';
  const plan: ZipPlan = { name, files: [], emptyFolders: [], bytes: 0 };
  let entries = 0;
  const queue: { path: string; listing?: ListObjectsResp }[] = [{ path: root, listing: first }];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const page0 = next.listing ?? (await list(next.path, 0));
    entries += page0.total_file_count + page0.folders.length;
    if (entries > limits.maxEntries) throw tooBig(`more than ${limits.maxEntries.toLocaleString('en')} files and folders`);
    const rel = entryName(next.path.slice(root.length));
    if (page0.total_file_count === 0 && page0.folders.length === 0) plan.emptyFolders.push(`${name}/${rel}`);
    for (const sub of page0.folders) queue.push({ path: sub.path });
    for (let page = 0, listing = page0; ; listing = await list(next.path, ++page)) {
      for (const f of listing.files) {
        plan.bytes += f.size ?? 0;
        plan.files.push({ path: f.path, entry: `${name}/${entryName(f.path.slice(root.length))}`, size: f.size ?? 0, mtime: f.mtime });
      }
      if (plan.bytes > limits.maxBytes) throw tooBig(`more than ${(limits.maxBytes / 1024 ** 2).toFixed(0)} MB`);
      if ((page + 1) * PAGE >= listing.total_file_count || listing.files.length === 0) break;
    }
  }
  return plan;
}

/**
 * `GET /bff/downloads/zip?path=<object folder>`: the folder (an export's output, say) as one zip, streamed
 * by the BFF from the upstream's storage extension — listed, then each file fetched signed, one at a time,
 * so memory stays flat whatever the folder's size. Any signed-in role. A client that leaves stops it.
 */
export const downloadRoutes: FastifyPluginAsyncZod<{ ctx: BffContext; limits: DownloadLimits }> = async (app, { ctx, limits }) => {
  const client = createUpstreamClient(ctx.upstream);
  app.addHook('onClose', async () => client.close());
  app.addHook('onRequest', guard(ctx.sessions));

  app.get(ZIP_DOWNLOAD_PATH, { schema: { querystring: ZipDownloadQuery } }, async (req, reply) => {
    if (ctx.upstream.kind === 'modelarts') {
      throw new ModelArtsError('4383', 'Zip downloads need the storage extension of the embedded engine; ModelArts has none: download the folder from OBS', 501);
    }
    const abort = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) abort.abort();
    };
    reply.raw.once('close', onClose);

    let plan: ZipPlan;
    try {
      plan = await planZip(client, req.query.path, limits, abort.signal);
    } catch (err) {
      // The client left while the folder was being listed: nobody to answer.
      if (abort.signal.aborted) {
        reply.raw.destroy();
        return reply;
      }
      if (err instanceof UpstreamError) return reply.status(err.status).send(err.body);
      if (err instanceof UpstreamUnreachable) throw new ModelArtsError('0010', 'The data service is not reachable', 502);
      throw err;
    }

    const zip = new yazl.ZipFile();
    const output = zip.outputStream as Readable;
    // Once the first byte is out, a failure can only cut the download short (the client sees an error).
    const fail = (err: unknown) => {
      if (abort.signal.aborted) return;
      req.log.warn({ err, path: req.query.path }, 'zip download failed mid-way');
      abort.abort();
      output.destroy();
      reply.raw.destroy();
    };
    zip.on('error', fail);
    // The next few files are requested while one streams: a round trip per file would otherwise dominate
    // folders of small files. Unread answers wait paused, held back by TCP, so memory stays bounded.
    const fetches = new Map<number, Promise<IncomingMessage>>();
    const fetchFile = (i: number) => {
      if (i >= plan.files.length || fetches.has(i)) return;
      const pending = client.get(`/storage/objects/content?path=${encodeURIComponent(plan.files[i].path)}`, abort.signal);
      pending.then((res) => res.on('error', fail), fail);
      fetches.set(i, pending);
    };
    plan.files.forEach((file, i) => {
      const options = { mtime: file.mtime ? new Date(file.mtime) : undefined, compress: !STORED.test(file.path) };
      zip.addReadStreamLazy(file.entry, options, (cb: (err: Error | null, stream: IncomingMessage) => void) => {
        if (abort.signal.aborted) return; // never answered: the zip stays stalled and is dropped with the response
        for (let k = i; k < i + PREFETCH; k++) fetchFile(k);
        const pending = fetches.get(i)!;
        fetches.delete(i);
        pending.then(async (res) => {
          if (res.statusCode !== 200) return fail(await upstreamError(res));
          cb(null, res);
        }, fail);
      });
    });
    for (const folder of plan.emptyFolders) zip.addEmptyDirectory(folder);
    zip.end();
    abort.signal.addEventListener('abort', () => output.destroy(), { once: true });

    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc3986(plan.name)}.zip`)
      .header('cache-control', 'no-store')
      .send(output);
  });
};
