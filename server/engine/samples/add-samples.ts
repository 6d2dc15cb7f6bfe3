import { randomBytes } from 'node:crypto';
import { link, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { DATASET_TYPES, isImageDatasetType } from '../../contract/dataset.js';
import { errorCode, ModelArtsError, type ErrorCode } from '../../contract/errors.js';
import type { AddSample, AddSamplesBody, AddSamplesResp } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { readImageSize } from '../import-tasks/image-files.js';
import { labelRowsByName } from '../labels/repository.js';
import { imageSizeOf, validateSampleLabels, type AnnotationTarget } from './annotations.js';
import { innerWorkPath, requireDataset } from './dataset-ref.js';
import { insertSamples, sampleIdFor, type NewSample } from './repository.js';
import { inTransaction, stmt } from './sql.js';

/**
 * S2: adds files as samples. Each item is either its bytes (`data`, base64, written into the dataset's
 * `inner_data_path` under its own name) or an object already in the store (`data_source.data_path`).
 *
 * The request is checked as a whole first — its shape, names, labels and coordinates — and nothing is
 * written when any of that is wrong (400). Then each file has its own outcome in `results`: 4422 when the
 * name or the sample is taken, 4311/4312/4313 for a data_source that cannot be used, 4421 for a file that
 * is not a readable image; the other files are added, in one transaction.
 */
type Body = z.output<typeof AddSamplesBody>;

/** Only these take `final_annotation: false` (§4 S2). */
const AUTO_LABEL_TYPES = new Set([0, 1]);
const BASE64 = /^[A-Za-z0-9+/\r\n]+=*[\r\n]*$/;

interface Item {
  index: number;
  name: string;
  objectPath?: string;
  /** Where the bytes are: the store's file (data_source), or a hidden temporary beside the target (data). */
  fsPath?: string;
  temp?: string;
  size: number;
  mtime: number;
  sample?: NewSample;
  error?: { code: ErrorCode; msg: string };
}

const fail = (item: Item, code: ErrorCode, msg: string) => (item.error = { code, msg });

function checkFileName(name: string | undefined, index: number): string {
  const why = (m: string) => new ModelArtsError('0101', `samples[${index}]: ${m}`);
  if (!name) throw why('a sample given as data needs a name');
  if (/[/\\\p{Cc}]/u.test(name) || name === '.' || name === '..' || name.startsWith('.')) {
    throw why(`${JSON.stringify(name)} is not a file name (no slashes, control characters or leading dot)`);
  }
  return name;
}

function decodeData(data: string, index: number): Buffer {
  const payload = data.replace(/^data:[^;,]*;base64,/, '');
  if (!BASE64.test(payload)) throw new ModelArtsError('0101', `samples[${index}].data is not base64`);
  return Buffer.from(payload, 'base64');
}

/** Reads what the file is: its size, time and (image datasets) its pixel size; item-level failures only. */
async function locate(ctx: EngineContext, it: Item, s: AddSample, dataDir: string, image: boolean): Promise<[number, number, number] | undefined> {
  if (s.data !== undefined) {
    const bytes = decodeData(s.data, it.index);
    const ref = ctx.store.parse(`${dataDir}${it.name}`);
    it.objectPath = ref.objectPath;
    const dir = path.dirname(ref.fsPath);
    ctx.store.assertInside(dir);
    try {
      await mkdir(dir, { recursive: true });
      ctx.store.assertInside(dir);
      it.temp = path.join(dir, `.upload-${randomBytes(8).toString('hex')}`);
      await writeFile(it.temp, bytes);
    } catch (err) {
      if (err instanceof ModelArtsError) throw err;
      // A file where the dataset's data folder should be, a name too long for the file system …
      throw new ModelArtsError('4421', `Cannot write ${ref.objectPath}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    it.fsPath = it.temp;
    it.size = bytes.length;
  } else {
    try {
      const ref = await ctx.store.resolveExisting(s.data_source!.data_path);
      if (ref.isDirectory) throw new ModelArtsError('4313', `${ref.objectPath} is a folder, not a file`);
      Object.assign(it, { objectPath: ref.objectPath, fsPath: ref.fsPath, size: ref.size, mtime: Math.round(ref.mtimeMs) });
      it.name = ref.objectPath.slice(ref.objectPath.lastIndexOf('/') + 1);
    } catch (err) {
      if (!(err instanceof ModelArtsError)) throw err;
      fail(it, err.code, err.message);
      return undefined;
    }
  }
  if (!image) return undefined;
  try {
    return await readImageSize(it.fsPath!);
  } catch (err) {
    fail(it, '4421', `${it.name} is not a readable image: ${(err as Error).message}`);
    return undefined;
  }
}

/** Phase one: every item read and checked; throws (nothing written) on a request-level problem. */
async function prepare(ctx: EngineContext, datasetId: string, body: Body, items: Item[]): Promise<void> {
  const dataset = requireDataset(ctx, datasetId);
  if (!body.final_annotation && !AUTO_LABEL_TYPES.has(dataset.type)) {
    throw new ModelArtsError('0101', 'final_annotation false (labels to be confirmed) is only for image classification and object detection datasets');
  }
  const ownType = DATASET_TYPES[dataset.type as keyof typeof DATASET_TYPES]?.sampleType ?? 9;
  const image = isImageDatasetType(dataset.type);
  const target: AnnotationTarget = { datasetType: dataset.type, labels: labelRowsByName(ctx, datasetId) };
  const dataDir = `${innerWorkPath(ctx, datasetId)}data/`;
  body.samples.forEach((s, i) => {
    if ((s.data === undefined) === (s.data_source === undefined)) {
      throw new ModelArtsError('0101', `samples[${i}]: give either data or data_source`);
    }
    if (s.sample_type !== undefined && ownType !== 9 && s.sample_type !== ownType) {
      throw new ModelArtsError('0101', `samples[${i}]: sample_type ${s.sample_type} does not fit this dataset (${ownType})`);
    }
    if (s.data !== undefined) checkFileName(s.name, i);
  });
  const seen = new Set<string>();
  for (const [i, s] of body.samples.entries()) {
    const it = items[i];
    const size = await locate(ctx, it, s, dataDir, image);
    if (it.error) continue;
    const metadata: Record<string, unknown> = { ...(s.metadata ?? {}), ...(size ? { '@modelarts:size': size } : {}) };
    const labels = validateSampleLabels(target, { name: it.name, size: imageSizeOf(metadata) }, s.labels ?? []);
    const objectPath = it.objectPath!;
    if (seen.has(objectPath)) {
      fail(it, '4422', `${objectPath} is given twice in this request`);
      continue;
    }
    seen.add(objectPath);
    const cut = objectPath.lastIndexOf('/');
    it.sample = {
      id: sampleIdFor(objectPath),
      name: objectPath.slice(cut + 1),
      dir: objectPath.slice(0, cut + 1),
      path: objectPath,
      type: s.sample_type ?? ownType,
      size: it.size,
      sample_time: it.mtime,
      labels,
      metadata,
      final: body.final_annotation,
    };
  }
}

/** Phase two: temporaries become the named files; a name already taken is 4422, never overwritten. */
async function placeFiles(ctx: EngineContext, items: Item[]): Promise<string[]> {
  const placed: string[] = [];
  for (const it of items) {
    if (!it.temp || it.error) continue;
    const target = ctx.store.parse(it.objectPath!).fsPath;
    try {
      await link(it.temp, target);
      placed.push(target);
      it.mtime = Math.round((await stat(target)).mtimeMs);
      it.sample!.sample_time = it.mtime;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') fail(it, '4422', `A file named ${it.name} already exists in ${it.objectPath!.slice(0, -it.name.length)}`);
      else fail(it, '4421', `${it.name} could not be written (${code ?? 'error'})`);
    }
  }
  return placed;
}

const removeAll = (files: (string | undefined)[]) => Promise.all(files.map((f) => (f ? unlink(f).catch(() => undefined) : undefined)));

export async function addSamples(ctx: EngineContext, datasetId: string, body: Body): Promise<AddSamplesResp> {
  const items: Item[] = body.samples.map((s, index) => ({ index, name: s.name ?? '', size: 0, mtime: ctx.now() }));
  let placed: string[] = [];
  try {
    await prepare(ctx, datasetId, body, items);
    placed = await placeFiles(ctx, items);
    inTransaction(ctx, () => {
      requireDataset(ctx, datasetId);
      const exists = stmt<{ n: number }>(ctx, 'SELECT COUNT(*) AS n FROM samples WHERE dataset_id = ? AND id = ?');
      const fresh: NewSample[] = [];
      for (const it of items) {
        if (it.error || !it.sample) continue;
        if (exists.get(datasetId, it.sample.id)!.n > 0) fail(it, '4422', `Sample ${it.sample.path} is already in the dataset`);
        else fresh.push(it.sample);
      }
      insertSamples(ctx, datasetId, fresh);
    });
  } catch (err) {
    await removeAll(placed);
    throw err;
  } finally {
    await removeAll(items.map((it) => it.temp));
  }
  const results = items.map((it) =>
    it.error
      ? { success: false, name: it.name, error_code: errorCode(it.error.code), error_msg: it.error.msg }
      : { success: true, name: it.name, info: it.sample!.id },
  );
  const firstError = items.find((it) => it.error)?.error;
  return firstError
    ? { success: false, error_code: errorCode(firstError.code), error_msg: firstError.msg, results }
    : { success: true, results };
}
