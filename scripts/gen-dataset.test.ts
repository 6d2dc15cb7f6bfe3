import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchCondition } from '../server/contract/search.js';
import { ConfigError } from '../server/config.js';
import { buildEngine } from '../server/engine/app.js';
import type { EngineContext } from '../server/engine/context.js';
import { readCounters, recount } from '../server/engine/samples/repository.js';
import { signRequest } from '../server/contract/signing.js';
import { GEN_GROUPS, GEN_LABELERS, GEN_LABELS, GEN_SPAN_DAYS, runGenDataset, type GenDatasetRun } from './gen-dataset.js';

interface StoredRow {
  name: string;
  dir: string;
  path: string;
  status: string;
  sample_time: number;
  labels: { name: string; annotated_by?: string }[];
  metadata: Record<string, unknown>;
}

/** An independent reading of a search condition over stored rows (what the API's filter must select). */
function matches(row: StoredRow, c: SearchCondition): boolean {
  const names = new Set(row.labels.map((l) => l.name));
  if (c.label_list) {
    const hits = c.label_list.labels.map((l) => names.has(l.name ?? ''));
    if (!(c.label_list.op === 'AND' ? hits.every(Boolean) : hits.some(Boolean))) return false;
  }
  if (c.sample_name !== undefined && !row.name.toLowerCase().includes(c.sample_name.toLowerCase())) return false;
  if (c.sample_dir !== undefined && row.dir !== c.sample_dir) return false;
  if (c.sample_time !== undefined) {
    const [from, to] = c.sample_time.split('-');
    const day = new Date(row.sample_time).toISOString().slice(0, 10).replaceAll('-', '');
    if (day < from || day > to) return false;
  }
  if (c.labeler !== undefined && !row.labels.some((l) => l.annotated_by === c.labeler)) return false;
  if (c.hard !== undefined && (row.metadata['@modelarts:hard'] === 1 ? '1' : '0') !== c.hard) return false;
  return true;
}

describe('gen-dataset on a small N', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dc-gen-dataset-'));
  const lines: string[] = [];
  let first: GenDatasetRun;
  let second: GenDatasetRun;
  let engine: Awaited<ReturnType<typeof buildEngine>>;
  let ctx: EngineContext;
  let identity: { projectId: string; ak: string; sk: string };

  beforeAll(async () => {
    // First run on an empty DATA_DIR, second on the engine DB the first one left.
    first = await runGenDataset(['--samples', '2000', '--data-dir', dataDir], (l) => lines.push(l));
    second = await runGenDataset(['--samples', '2000', '--data-dir', dataDir, '--seed', '7'], (l) => lines.push(l));
    // What `npm start` does on this DATA_DIR: the identity the script wrote, the same engine DB.
    identity = JSON.parse(readFileSync(path.join(dataDir, 'engine-credentials.json'), 'utf8')) as typeof identity;
    engine = await buildEngine({ dataDir, ...identity });
    ctx = engine.ctx;
  }, 120_000);
  afterAll(async () => {
    await engine?.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (url: string) => {
    const full = `/v2/${identity.projectId}${url}`;
    const [p, q = ''] = full.split('?');
    const headers: Record<string, string> = { host: 'localhost' };
    Object.assign(headers, signRequest({ method: 'GET', path: p, query: Object.fromEntries(new URLSearchParams(q)), headers, body: '' }, identity));
    const res = await engine.app.inject({ method: 'GET', url: full, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const rowsOf = (datasetId: string): StoredRow[] =>
    (ctx.sqlite.prepare('SELECT name, dir, path, status, sample_time, labels, metadata FROM samples WHERE dataset_id = ?').all(datasetId) as Record<string, string | number>[]).map(
      (r) => ({ ...r, labels: JSON.parse(r.labels as string), metadata: JSON.parse(r.metadata as string) }) as StoredRow,
    );

  it('creates a second dataset under a free name on a DATA_DIR that already has one, and prints its console URL', () => {
    expect(first.dataset.name).toBe('samples-2000');
    expect(second.dataset.name).toBe('samples-2000-2');
    expect(first.consoleUrl).toMatch(new RegExp(`^http://[^/]+:\\d+/datasets/${first.dataset.datasetId}$`));
    expect(lines.some((l) => l.includes(first.consoleUrl))).toBe(true);
    expect(lines.some((l) => /2,000 \/ 2,000 rows/.test(l))).toBe(true);
  });

  it('keeps every counter equal to a recount of the rows, and the API reports them', async () => {
    for (const run of [first, second]) {
      const { datasetId, expected } = run.dataset;
      expect(readCounters(ctx, datasetId)).toEqual(recount(ctx, datasetId));
      const ds = (await call(`/datasets/${datasetId}`)) as { total_sample_count: number; annotated_sample_count: number; labels: { name: string; sample_count: number }[] };
      expect(ds.total_sample_count).toBe(2000);
      expect(ds.annotated_sample_count).toBe(expected.labeled);
      expect(Object.fromEntries(ds.labels.map((l) => [l.name, l.sample_count]))).toEqual(expected.perLabel);
    }
  });

  it('varies labels, folders, names, times and labelers so that every gallery filter has something to find', () => {
    const rows = rowsOf(first.dataset.datasetId);
    const labeled = rows.filter((r) => r.labels.length > 0);
    expect(labeled.length / rows.length).toBeGreaterThan(0.4);
    expect(labeled.length / rows.length).toBeLessThan(0.6);
    expect(labeled.every((r) => r.status === 'MANUAL_ANNOTATION')).toBe(true);
    for (const label of GEN_LABELS) expect(first.dataset.expected.perLabel[label]).toBeGreaterThan(0);
    expect(labeled.some((r) => r.labels.length === 2)).toBe(true);
    expect(new Set(rows.map((r) => r.dir.split('/')[4]))).toEqual(new Set(GEN_GROUPS));
    expect(new Set(rows.map((r) => r.name.replace(/\d+\.jpg$/, ''))).size).toBeGreaterThanOrEqual(4);
    expect(new Set(labeled.flatMap((r) => r.labels.map((l) => l.annotated_by)))).toEqual(new Set(GEN_LABELERS));
    const times = rows.map((r) => r.sample_time);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan((GEN_SPAN_DAYS - 10) * 86_400_000);
    expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
  });

  it('knows exactly how many samples each filter probe selects, and each selects some', () => {
    for (const run of [first, second]) {
      const rows = rowsOf(run.dataset.datasetId);
      expect(run.dataset.probes.length).toBeGreaterThanOrEqual(7);
      for (const probe of run.dataset.probes) {
        const want = rows.filter(
          (r) => (probe.sample_state !== '__ALL__' || r.status !== 'UN_ANNOTATION') && probe.search_conditions.every((c) => matches(r, c)),
        ).length;
        expect({ probe: probe.key, matches: probe.matches }).toEqual({ probe: probe.key, matches: want });
        expect(probe.matches, probe.key).toBeGreaterThan(0);
        expect(probe.matches, probe.key).toBeLessThan(rows.length);
      }
    }
  });

  it('points every row at a real image: originals and thumbnails decode', async () => {
    const { datasetId } = first.dataset;
    for (const offset of [0, 10, 19]) {
      const page = (await call(`/datasets/${datasetId}/data-annotations/samples?limit=100&offset=${offset}&process_parameter=image/resize,m_lfit,h_100`)) as {
        samples: { sample_dir: string; sample_name: string; source: string }[];
      };
      expect(page.samples).toHaveLength(100);
      const sample = page.samples[37];
      const original = await sharp(ctx.store.parse(sample.sample_dir + sample.sample_name).fsPath).metadata();
      expect([original.format, original.width, original.height]).toEqual(['jpeg', 256, 256]);
      const thumb = await engine.app.inject({ method: 'GET', url: sample.source });
      expect(thumb.statusCode).toBe(200);
      const decoded = await sharp(thumb.rawPayload).metadata();
      expect(decoded.height).toBe(100);
    }
  });

  it('refuses bad arguments with a readable message', async () => {
    await expect(runGenDataset(['--samples', 'many', '--data-dir', dataDir])).rejects.toThrow(ConfigError);
    await expect(runGenDataset(['--samples', '0', '--data-dir', dataDir])).rejects.toThrow(/--samples must be/);
    await expect(runGenDataset(['--data-dir', dataDir])).rejects.toThrow(/usage: npm run gen-dataset/);
  });
});
