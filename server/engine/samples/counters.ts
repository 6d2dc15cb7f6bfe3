import type { SampleLabel, SampleStatus } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { parseJson, stmt } from './sql.js';

/** Per-dataset sample counters kept in `sample_counts`, one row per state. */
export interface SampleCounts {
  total: number;
  un_annotation: number;
  manual_annotation: number;
  auto_annotation: number;
}
type CounterState = keyof SampleCounts | 'key_sample';

/** Every stored counter of a dataset; `recount` returns the same shape computed from the rows. */
export interface DatasetCounters {
  /** `key_sample`: samples flagged hard (`@modelarts:hard`), for the stats' key_sample_stats. */
  samples: SampleCounts & { key_sample: number };
  /** Per label name: samples carrying it, and its occurrences over all samples. */
  labels: Record<string, { sample_count: number; count: number }>;
  /** Per metadata key, samples per scalar value (see `facetsOf`): S6's metadata facets. */
  metadata: Record<string, Record<string, number>>;
}

export const STATE_OF_STATUS: Record<SampleStatus, keyof SampleCounts> = {
  UN_ANNOTATION: 'un_annotation',
  MANUAL_ANNOTATION: 'manual_annotation',
  AUTO_ANNOTATION: 'auto_annotation',
};

export const stateOf = (status: string): keyof SampleCounts =>
  STATE_OF_STATUS[status as SampleStatus] ?? 'un_annotation';

/** A hard example ("key sample"): metadata `@modelarts:hard` is 1 / true. */
export function isKeySample(metadata: Record<string, unknown>): boolean {
  const hard = metadata['@modelarts:hard'];
  return hard === 1 || hard === true || hard === '1' || hard === 'true';
}

// Facet values longer than this are identifiers rather than categories: not counted.
const MAX_FACET_VALUE = 256;

/**
 * The metadata values a sample is counted under in `sample_facets`: each top-level key whose value is a
 * string, an integer or a boolean, as text (`true`, `3`). Sizes, coefficients and lists are not facets.
 */
export function facetsOf(metadata: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (key.includes('\u0000')) continue;
    if (typeof value === 'string' ? value.length <= MAX_FACET_VALUE : typeof value === 'boolean' || Number.isSafeInteger(value)) {
      out.push([key, String(value)]);
    }
  }
  return out;
}

/** Label name → occurrences in one sample's label list. */
export function occurrencesByName(labels: readonly Pick<SampleLabel, 'name'>[]): Map<string, number> {
  const byName = new Map<string, number>();
  for (const l of labels) byName.set(l.name, (byName.get(l.name) ?? 0) + 1);
  return byName;
}

/**
 * Counter changes gathered while rows change, written once at the end of the same transaction: a batch
 * of 10,000 samples costs a handful of counter updates, not 10,000.
 */
export class CounterDelta {
  private readonly states = new Map<CounterState, number>();
  private readonly labels = new Map<number, { samples: number; count: number }>();
  // key NUL value → samples
  private readonly facets = new Map<string, number>();

  state(state: CounterState, n: number): void {
    this.states.set(state, (this.states.get(state) ?? 0) + n);
  }

  /** One sample enters (n = 1) or leaves (n = -1) the counters. */
  sample(status: string, metadata: Record<string, unknown>, n: 1 | -1): void {
    this.state('total', n);
    this.state(stateOf(status), n);
    if (isKeySample(metadata)) this.state('key_sample', n);
    for (const [key, value] of facetsOf(metadata)) {
      const k = `${key}\u0000${value}`;
      this.facets.set(k, (this.facets.get(k) ?? 0) + n);
    }
  }

  label(labelId: number, samples: number, count: number): void {
    const cur = this.labels.get(labelId) ?? { samples: 0, count: 0 };
    this.labels.set(labelId, { samples: cur.samples + samples, count: cur.count + count });
  }

  apply(ctx: EngineContext, datasetId: string): void {
    const upsert = stmt(
      ctx,
      `INSERT INTO sample_counts (dataset_id, state, count) VALUES (?, ?, ?)
       ON CONFLICT (dataset_id, state) DO UPDATE SET count = count + excluded.count`,
    );
    for (const [state, n] of this.states) if (n !== 0) upsert.run(datasetId, state, n);
    const bump = stmt(ctx, 'UPDATE labels SET sample_count = sample_count + ?, count = count + ? WHERE id = ?');
    for (const [id, d] of this.labels) if (d.samples !== 0 || d.count !== 0) bump.run(d.samples, d.count, id);
    applyFacets(ctx, datasetId, this.facets);
    this.states.clear();
    this.labels.clear();
    this.facets.clear();
  }
}

function applyFacets(ctx: EngineContext, datasetId: string, facets: Map<string, number>): void {
  const upsert = stmt(
    ctx,
    `INSERT INTO sample_facets (dataset_id, key, value, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (dataset_id, key, value) DO UPDATE SET count = count + excluded.count`,
  );
  const dropEmpty = stmt(ctx, 'DELETE FROM sample_facets WHERE dataset_id = ? AND key = ? AND value = ? AND count <= 0');
  for (const [k, n] of facets) {
    if (n === 0) continue;
    const cut = k.indexOf('\u0000');
    const key = k.slice(0, cut);
    const value = k.slice(cut + 1);
    upsert.run(datasetId, key, value, n);
    if (n < 0) dropEmpty.run(datasetId, key, value);
  }
}

function readFacets(ctx: EngineContext, datasetId: string): DatasetCounters['metadata'] {
  const out: DatasetCounters['metadata'] = Object.create(null);
  const rows = stmt<{ key: string; value: string; count: number }>(ctx, 'SELECT key, value, count FROM sample_facets WHERE dataset_id = ?').all(datasetId);
  for (const r of rows) (out[r.key] ??= Object.create(null))[r.value] = r.count;
  return out;
}

const emptySamples = () => ({ total: 0, un_annotation: 0, manual_annotation: 0, auto_annotation: 0, key_sample: 0 });

/** The stored per-state counters (0 for states never counted). */
export function readSampleCounts(ctx: EngineContext, datasetId: string): SampleCounts {
  const { key_sample: _key, ...counts } = readCounters(ctx, datasetId).samples;
  return counts;
}

/** Every stored counter of the dataset. */
export function readCounters(ctx: EngineContext, datasetId: string): DatasetCounters {
  const samples = emptySamples();
  const rows = stmt<{ state: string; count: number }>(ctx, 'SELECT state, count FROM sample_counts WHERE dataset_id = ?').all(datasetId);
  for (const r of rows) if (r.state in samples) samples[r.state as CounterState] = r.count;
  const labels: DatasetCounters['labels'] = Object.create(null);
  const labelRows = stmt<{ name: string; sample_count: number; count: number }>(
    ctx,
    'SELECT name, sample_count, count FROM labels WHERE dataset_id = ?',
  ).all(datasetId);
  for (const l of labelRows) labels[l.name] = { sample_count: l.sample_count, count: l.count };
  return { samples, labels, metadata: readFacets(ctx, datasetId) };
}

/**
 * Recomputes every counter from the samples' own rows (status, label lists, metadata). With `repair`,
 * also writes them back and rebuilds the sample↔label links; run it inside a transaction.
 */
export function recount(ctx: EngineContext, datasetId: string, opts: { repair?: boolean } = {}): DatasetCounters {
  const samples = emptySamples();
  const labels: DatasetCounters['labels'] = Object.create(null);
  const labelIds = new Map<string, number>();
  for (const l of stmt<{ id: number; name: string }>(ctx, 'SELECT id, name FROM labels WHERE dataset_id = ?').all(datasetId)) {
    labels[l.name] = { sample_count: 0, count: 0 };
    labelIds.set(l.name, l.id);
  }
  const links: [number, number, number][] = [];
  const metadata: DatasetCounters['metadata'] = Object.create(null);
  const rows = stmt<{ seq: number; status: string; labels: string; metadata: string }>(
    ctx,
    'SELECT seq, status, labels, metadata FROM samples WHERE dataset_id = ?',
  ).iterate(datasetId);
  for (const row of rows) {
    samples.total++;
    samples[stateOf(row.status)]++;
    const meta = parseJson<Record<string, unknown>>(row.metadata, {});
    if (isKeySample(meta)) samples.key_sample++;
    for (const [key, value] of facetsOf(meta)) {
      const byValue = (metadata[key] ??= Object.create(null));
      byValue[value] = (byValue[value] ?? 0) + 1;
    }
    for (const [name, n] of occurrencesByName(parseJson<SampleLabel[]>(row.labels, []))) {
      const c = (labels[name] ??= { sample_count: 0, count: 0 });
      c.sample_count++;
      c.count += n;
      const id = labelIds.get(name);
      if (id !== undefined) links.push([id, row.seq, n]);
    }
  }
  const counters = { samples, labels, metadata };
  if (opts.repair) writeRecount(ctx, datasetId, counters, labelIds, links);
  return counters;
}

function writeRecount(
  ctx: EngineContext,
  datasetId: string,
  counters: DatasetCounters,
  labelIds: Map<string, number>,
  links: [number, number, number][],
): void {
  const setState = stmt(
    ctx,
    `INSERT INTO sample_counts (dataset_id, state, count) VALUES (?, ?, ?)
     ON CONFLICT (dataset_id, state) DO UPDATE SET count = excluded.count`,
  );
  for (const [state, n] of Object.entries(counters.samples)) setState.run(datasetId, state, n);
  const setLabel = stmt(ctx, 'UPDATE labels SET sample_count = ?, count = ? WHERE id = ?');
  for (const [name, id] of labelIds) setLabel.run(counters.labels[name].sample_count, counters.labels[name].count, id);
  stmt(ctx, 'DELETE FROM sample_facets WHERE dataset_id = ?').run(datasetId);
  const setFacet = stmt(ctx, 'INSERT INTO sample_facets (dataset_id, key, value, count) VALUES (?, ?, ?, ?)');
  for (const [key, byValue] of Object.entries(counters.metadata)) {
    for (const [value, n] of Object.entries(byValue)) setFacet.run(datasetId, key, value, n);
  }
  stmt(ctx, 'DELETE FROM sample_labels WHERE label_id IN (SELECT id FROM labels WHERE dataset_id = ?)').run(datasetId);
  const link = stmt(ctx, 'INSERT INTO sample_labels (label_id, sample_seq, occurrences) VALUES (?, ?, ?)');
  for (const [labelId, seq, n] of links) link.run(labelId, seq, n);
}
