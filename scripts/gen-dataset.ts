import { mkdir, rename, rm, stat, symlink } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { isImportTerminal } from '../server/contract/import-task.js';
import type { SearchCondition } from '../server/contract/search.js';
import { ConfigError, engineIdentity, loadEnv } from '../server/config.js';
import { buildEngine } from '../server/engine/app.js';
import type { EngineContext } from '../server/engine/context.js';
import { insertSamples, sampleIdFor, type NewSample } from '../server/engine/samples/repository.js';
import { SHAPE_CLASSES, SHAPE_COLORS, generateShapeImages, seededRandom, type ShapeClass } from './demo-images.js';
import { EngineRequestError, createEngineClient, type EngineClient } from './engine-client.js';

/**
 * A large image-classification dataset, made quickly: the dataset and its labels are created through the
 * API, then the rows are inserted with the samples repository's own `insertSamples` in large batches (one
 * transaction each), so every counter is exact. Rows point at a pool of 64 real images: each folder
 * `images/<group>/bNNNNN/` is a symlink to the pool, giving every row its own object path (sample ids are
 * md5 of the path) while the disk holds only the pool. Names, folders, times (four months, daytime UTC),
 * labels (~half labeled, some with two), labelers and hard flags vary so every gallery filter finds rows.
 */
export const GEN_BUCKET = 'generated';
export const DARK_LABEL = 'dark';
export const GEN_LABELS = [...SHAPE_CLASSES, DARK_LABEL] as const;
export const GEN_LABELERS = ['ana@example.com', 'bo@example.com', 'chen@example.com', 'dana@example.com'] as const;
export const GEN_GROUPS = ['camera-a', 'camera-b', 'drone', 'scanner'] as const;
export const GEN_SPAN_DAYS = 120;
const POOL_SIZE = 64;
const NAME_PREFIXES = ['IMG_', 'DSC', 'frame_', 'scan-'];
const DAY = 86_400_000;
const BATCH = 10_000;
const CHUNK = 200_000;

export interface GenerateOptions {
  samples: number;
  /** Dataset name; default `samples-<N>`, with `-2`, `-3` … when the name is taken. */
  name?: string;
  seed?: number;
  /** End of the sample-time span (ms); default now. */
  until?: number;
  onProgress?: (inserted: number, total: number) => void;
}

/** A filter the generated rows answer, with the exact number of samples it selects. */
export interface FilterProbe {
  key: string;
  sample_state?: string;
  search_conditions: SearchCondition[];
  matches: number;
}

export interface GeneratedDataset {
  datasetId: string;
  name: string;
  samples: number;
  /** What the rows hold, counted while inserting (for checking the API's counters). */
  expected: { labeled: number; unlabeled: number; hard: number; perLabel: Record<string, number> };
  probes: FilterProbe[];
}

interface PoolImage {
  name: string;
  label: ShapeClass;
  dark: boolean;
  size: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');

/** Renders the pool flat, under varied camera-like names that do not give the class away. */
async function makePool(dir: string, seed: number): Promise<PoolImage[]> {
  const rendered = await generateShapeImages(dir, { count: POOL_SIZE, seed });
  const pool = await Promise.all(
    rendered.map(async (image, k) => {
      const name = `${NAME_PREFIXES[Math.floor((k * NAME_PREFIXES.length) / POOL_SIZE)]}${pad(4096 + k * 131, 5)}.jpg`;
      await rename(path.join(dir, image.relPath), path.join(dir, name));
      // Mean brightness tells the dark backgrounds (shapes cover a small part of the image).
      const { channels } = await sharp(path.join(dir, name)).stats();
      const mean = channels.slice(0, 3).reduce((a, c) => a + c.mean, 0) / 3;
      return { name, label: image.label, dark: mean < 110, size: (await stat(path.join(dir, name))).size };
    }),
  );
  for (const c of SHAPE_CLASSES) await rm(path.join(dir, c), { recursive: true, force: true });
  return pool;
}

export async function waitForImport(client: EngineClient, datasetId: string, taskId: string): Promise<{ status: string; imported: number }> {
  for (;;) {
    const task = await client.request<{ status: string; imported_sample_count: number; error_msg?: string }>(
      'GET',
      `/datasets/${datasetId}/import-tasks/${taskId}`,
    );
    if (task.status === 'FAILED') throw new Error(`import failed: ${task.error_msg ?? ''}`);
    if (isImportTerminal(task.status)) return { status: task.status, imported: task.imported_sample_count };
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function createDataset(client: EngineClient, wanted: string | undefined, samples: number, inputPath: (name: string) => Promise<string>) {
  const base = wanted ?? `samples-${samples >= 1_000_000 && samples % 1_000_000 === 0 ? `${samples / 1_000_000}m` : samples}`;
  for (let attempt = 1; ; attempt++) {
    const name = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      const created = await client.request<{ dataset_id: string; import_task_id?: string }>('POST', '/datasets', {
        dataset_name: name,
        dataset_type: 0,
        description: `Generated: ${samples.toLocaleString('en')} samples over a pool of ${POOL_SIZE} images`,
        data_sources: [{ data_type: 0, data_path: await inputPath(name) }],
        work_path: `/${GEN_BUCKET}/output/`,
        work_path_type: 0,
        labels: GEN_LABELS.map((l) => ({ name: l, type: 0, property: { '@modelarts:color': l === DARK_LABEL ? '#595959' : SHAPE_COLORS[l] } })),
      });
      // The input folder is still empty: the import finishes at once, before any row is written.
      if (created.import_task_id) await waitForImport(client, created.dataset_id, created.import_task_id);
      return { datasetId: created.dataset_id, name };
    } catch (err) {
      // Only an automatic name moves on to the next suffix; a name the caller chose must be free.
      if (!(err instanceof EngineRequestError && err.error_code === 'ModelArts.4351') || wanted !== undefined) throw err;
    }
  }
}

/** Creates the dataset and its rows (see the module comment). Needs the engine's context and a client of it. */
export async function generateDataset(ctx: EngineContext, client: EngineClient, opts: GenerateOptions): Promise<GeneratedDataset> {
  const total = opts.samples;
  const rnd = seededRandom(opts.seed ?? 1);
  const bucketDir = path.join(ctx.dataDir, 'obs', GEN_BUCKET);
  await mkdir(path.join(bucketDir, 'output'), { recursive: true });
  const { datasetId, name } = await createDataset(client, opts.name, total, async (n) => {
    await mkdir(path.join(bucketDir, n, 'images'), { recursive: true });
    return `/${GEN_BUCKET}/${n}/images/`;
  });
  const root = path.join(bucketDir, name);
  const pool = await makePool(path.join(root, 'pool'), opts.seed ?? 1);

  const folders = Math.ceil(total / POOL_SIZE);
  const width = Math.max(5, String(folders - 1).length);
  const dirOf = (f: number) => `/${GEN_BUCKET}/${name}/images/${GEN_GROUPS[f % GEN_GROUPS.length]}/b${pad(f, width)}/`;
  for (const g of GEN_GROUPS) await mkdir(path.join(root, 'images', g), { recursive: true });
  for (let f = 0; f < folders; f++) {
    await symlink('../../pool', path.join(root, 'images', GEN_GROUPS[f % GEN_GROUPS.length], `b${pad(f, width)}`), 'dir');
  }

  // Folders follow time (data arrives over the span); rows sit between 08:00 and 15:30 UTC, so a day
  // range means the same rows whether a reader takes days in UTC or in any zone within ±8 h.
  const until = opts.until ?? Date.now();
  const firstDay = Math.floor(until / DAY) * DAY - (GEN_SPAN_DAYS - 1) * DAY;
  const timeOf = (f: number, k: number) => firstDay + Math.floor((f * GEN_SPAN_DAYS) / folders) * DAY + 8 * 3_600_000 + k * 7 * 60_000;

  const midFolder = Math.floor(folders / 2);
  const weekFrom = firstDay + Math.floor(GEN_SPAN_DAYS / 2) * DAY;
  const probeName = pool[5].name.slice(0, -4).toLowerCase();
  const weekTo = weekFrom + 7 * DAY;
  const week = `${utcDay(weekFrom)}-${utcDay(weekTo - DAY)}`;
  const has = (s: NewSample, label: string) => s.labels.some((l) => l.name === label);
  const inWeek = (s: NewSample) => s.sample_time >= weekFrom && s.sample_time < weekTo;
  type Probe = Omit<FilterProbe, 'matches'> & { test: (s: NewSample, labeler: string | undefined) => boolean };
  const probes = ([
    {
      key: `label_list AND (star, ${DARK_LABEL})`,
      search_conditions: [{ label_list: { op: 'AND', labels: [{ name: 'star' }, { name: DARK_LABEL }] } }],
      test: (s) => has(s, 'star') && has(s, DARK_LABEL),
    },
    {
      key: 'label_list OR (circle, square)',
      search_conditions: [{ label_list: { op: 'OR', labels: [{ name: 'circle' }, { name: 'square' }] } }],
      test: (s) => has(s, 'circle') || has(s, 'square'),
    },
    { key: `sample_name "${probeName}"`, search_conditions: [{ sample_name: probeName }], test: (s) => s.name.toLowerCase().includes(probeName) },
    { key: 'sample_dir (one folder)', search_conditions: [{ sample_dir: dirOf(midFolder) }], test: (s) => s.dir === dirOf(midFolder) },
    { key: 'sample_time (7 days)', search_conditions: [{ sample_time: week }], test: inWeek },
    { key: `labeler ${GEN_LABELERS[0]}`, search_conditions: [{ labeler: GEN_LABELERS[0] }], test: (_, labeler) => labeler === GEN_LABELERS[0] },
    { key: 'hard', search_conditions: [{ hard: '1' }], test: (s) => s.metadata['@modelarts:hard'] === 1 },
    {
      key: 'labeled + label star + 7 days',
      sample_state: '__ALL__',
      search_conditions: [{ label_list: { op: 'OR', labels: [{ name: 'star' }] }, sample_time: week }],
      test: (s) => has(s, 'star') && inWeek(s),
    },
  ] satisfies Probe[]).map((p: Probe) => ({ ...p, matches: 0 }));

  const expected: GeneratedDataset['expected'] = { labeled: 0, unlabeled: 0, hard: 0, perLabel: Object.fromEntries(GEN_LABELS.map((l) => [l, 0])) };
  const rowsFor = (from: number, to: number): NewSample[] => {
    const rows: NewSample[] = [];
    for (let i = from; i < to; i++) {
      const f = Math.floor(i / POOL_SIZE);
      const k = i % POOL_SIZE;
      const image = pool[k];
      const dir = dirOf(f);
      // Each labeler takes runs of folders, as a team splits work by batch.
      const labeler = rnd() < 0.5 ? GEN_LABELERS[Math.floor(f / 3) % GEN_LABELERS.length] : undefined;
      const names = labeler ? (image.dark ? [image.label, DARK_LABEL] : [image.label]) : [];
      const hard = rnd() < 0.03;
      // `labeler` is the samples' labeler column (the `labeler` search condition), beside `annotated_by`.
      const row = {
        id: sampleIdFor(dir + image.name),
        name: image.name,
        dir,
        path: dir + image.name,
        type: 0,
        size: image.size,
        sample_time: timeOf(f, k),
        labels: names.map((n) => ({ name: n, type: 0, annotated_by: labeler })),
        metadata: { '@modelarts:size': [256, 256, 3], ...(hard ? { '@modelarts:hard': 1 } : {}) },
        ...(labeler ? { labeler } : {}),
      } as NewSample;
      rows.push(row);
      if (labeler) expected.labeled++;
      else expected.unlabeled++;
      if (hard) expected.hard++;
      for (const n of names) expected.perLabel[n]++;
      for (const p of probes) if (p.test(row, labeler)) p.matches++;
    }
    return rows;
  };

  // Few large transactions, each of several insertSamples batches (which join them): fewer commits, and
  // the randomly ordered id index is written out once per transaction rather than once per batch. A larger
  // page cache while generating keeps that index (about 70 MB at 1M rows) in memory.
  const previousCache = ctx.sqlite.pragma('cache_size', { simple: true }) as number;
  ctx.sqlite.pragma('cache_size = -262144');
  try {
    for (let chunk = 0; chunk < total; chunk += CHUNK) {
      ctx.sqlite.transaction(() => {
        for (let from = chunk; from < Math.min(total, chunk + CHUNK); from += BATCH) {
          const rows = rowsFor(from, Math.min(total, chunk + CHUNK, from + BATCH));
          const { inserted } = insertSamples(ctx, datasetId, rows);
          if (inserted !== rows.length) throw new Error(`inserted ${inserted} of ${rows.length} rows: the dataset already had some of them`);
          opts.onProgress?.(from + rows.length, total);
        }
      })();
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    ctx.sqlite.pragma(`cache_size = ${previousCache}`);
  }
  return { datasetId, name, samples: total, expected, probes: probes.map(({ test: _, ...p }) => p) };
}

export interface GenDatasetRun {
  dataset: GeneratedDataset;
  /** The dataset's page in the console that `npm start` serves on this DATA_DIR. */
  consoleUrl: string;
}

const USAGE = 'usage: npm run gen-dataset -- --samples 1000000 [--data-dir ./data] [--name NAME] [--seed N]';

/**
 * The command: opens the engine on DATA_DIR with the identity `npm start` uses there (created on first use),
 * generates, and closes. `argv` are the arguments after the script name.
 */
export async function runGenDataset(argv: string[], log: (line: string) => void = console.log): Promise<GenDatasetRun> {
  const { values } = parseArgs({
    args: argv,
    options: { samples: { type: 'string' }, 'data-dir': { type: 'string' }, name: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  const samples = Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 50_000_000) throw new ConfigError(`--samples must be a whole number from 1 to 50000000\n${USAGE}`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new ConfigError(`--seed must be a whole number\n${USAGE}`);
  const env = loadEnv({ ...process.env, ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}) });
  const dataDir = path.resolve(env.DATA_DIR);
  const identity = engineIdentity(env);

  const { app, ctx } = await buildEngine({ dataDir, projectId: identity.projectId, ak: identity.ak, sk: identity.sk });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const client = createEngineClient({ engineUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, ...identity });
    const t0 = performance.now();
    let lastLog = 0;
    log(`Generating ${samples.toLocaleString('en')} samples in ${dataDir}`);
    const dataset = await generateDataset(ctx, client, {
      samples,
      seed,
      name: values.name,
      onProgress: (done, total) => {
        const now = performance.now();
        if (done < total && now - lastLog < 2000) return;
        lastLog = now;
        const rate = done / ((now - t0) / 1000);
        log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows (${Math.round(rate).toLocaleString('en')} rows/s)`);
      },
    });
    const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
    const consoleUrl = `http://${host}:${env.PORT}/datasets/${dataset.datasetId}`;
    const { labeled, unlabeled } = dataset.expected;
    log(`Dataset "${dataset.name}" (${dataset.datasetId}): ${dataset.samples.toLocaleString('en')} samples, ${labeled.toLocaleString('en')} labeled, ${unlabeled.toLocaleString('en')} unlabeled, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    log(`Start the console with DATA_DIR=${dataDir} npm start, then open ${consoleUrl}`);
    return { dataset, consoleUrl };
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await runGenDataset(process.argv.slice(2));
  } catch (err) {
    // Bad arguments or configuration are one readable message, not a stack trace.
    if (!(err instanceof ConfigError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')))) throw err;
    console.error(err.message);
    process.exitCode = 1;
  }
}
