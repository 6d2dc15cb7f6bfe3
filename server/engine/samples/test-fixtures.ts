import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { insertSamples, sampleIdFor, type NewSample } from './repository.js';

// Test fixtures for samples and labels: datasets are inserted as rows (not through D2), files are written
// straight into the object store.

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newDatasetId(): string {
  return [...randomBytes(19)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('');
}

/** A dataset row of `type` (0 image classification by default) reading from /bucket/input/. */
export async function createTestDataset(ctx: EngineContext, opts: { type?: number; bucket?: string } = {}): Promise<string> {
  const id = newDatasetId();
  const now = ctx.now();
  const bucket = opts.bucket ?? 'bucket';
  await ctx.db
    .insertInto('datasets')
    .values({
      id,
      name: `ds-${id}`,
      type: opts.type ?? 0,
      description: '',
      status: 1,
      data_sources: JSON.stringify([{ data_type: 0, data_path: `/${bucket}/input/` }]),
      work_path: `/${bucket}/output/`,
      work_path_type: 0,
      data_format: 'Default',
      schema_json: null,
      extra: '{}',
      workspace_id: '0',
      import_task_id: null,
      current_version_id: null,
      next_version_num: 1,
      create_time: now,
      update_time: now,
      data_update_time: now,
    })
    .execute();
  return id;
}

/** Writes a small PNG at `objectPath` in the store. */
export async function writeTestImage(ctx: EngineContext, objectPath: string, size = 8): Promise<string> {
  const ref = ctx.store.parse(objectPath);
  mkdirSync(path.dirname(ref.fsPath), { recursive: true });
  await sharp({ create: { width: size, height: size, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .png()
    .toFile(ref.fsPath);
  return ref.objectPath;
}

/** A NewSample for `objectPath`; labels given by name get the defaults. */
export function newSample(
  objectPath: string,
  labels: (string | SampleLabel)[] = [],
  metadata: Record<string, unknown> = {},
): NewSample {
  const cut = objectPath.lastIndexOf('/');
  return {
    id: sampleIdFor(objectPath),
    name: objectPath.slice(cut + 1),
    dir: objectPath.slice(0, cut + 1),
    path: objectPath,
    type: 0,
    size: 100,
    sample_time: 1_700_000_000_000,
    labels: labels.map((l) => (typeof l === 'string' ? { name: l } : l)),
    metadata,
  };
}

/** Writes an image per spec and inserts the samples; returns their ids in order. */
export async function addImageSamples(
  ctx: EngineContext,
  datasetId: string,
  specs: { path: string; labels?: (string | SampleLabel)[] }[],
): Promise<string[]> {
  const samples: NewSample[] = [];
  for (const spec of specs) {
    await writeTestImage(ctx, spec.path);
    samples.push(newSample(spec.path, spec.labels));
  }
  insertSamples(ctx, datasetId, samples);
  return samples.map((s) => s.id);
}
