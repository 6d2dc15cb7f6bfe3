import type { ParsedSearchCondition } from '../../contract/search.js';
import type { EngineContext } from '../context.js';
import { readSampleCounts, STATE_OF_STATUS } from './counters.js';
import { compileSearch, searchHints } from './search.js';
import { stmt } from './sql.js';

/**
 * Runs a compiled search over one dataset at a million samples. SQLite's planner, without statistics,
 * can pick ruinous plans for these filters (two `IN (subquery)` on the rowid become a nested loop), so
 * the query is driven from an index chosen here: the folder, the rarest required label, a union of
 * labels, the state, or the dataset's rows in order. Every driver yields seqs in ascending order, so a
 * page is a range of it, and counts and page boundaries are cached until the database changes.
 */
export interface SampleFilterSpec {
  datasetId: string;
  /** `samples.status` the samples must have. */
  status?: string;
  /** `samples.type` the samples must have. */
  sampleType?: number;
  conditions: ParsedSearchCondition[];
  now: number;
}

interface Driver {
  /** Rows in ascending seq order (an index whose order is the seq's). */
  from: string;
  /** The same rows in any order: for counting, where SQLite may pick a covering index. */
  countFrom: string;
  where: string;
  params: unknown[];
  /** SQL of the sample's seq in these rows. */
  seq: string;
}

export interface SearchPlan {
  /** Matching samples; 0 without running a query when a required label does not exist. */
  total: number;
  /** Seqs of page `page` (0-based) of `limit`, in `order`. */
  page: (page: number, limit: number, order: 'asc' | 'desc') => number[];
  /** Every matching seq, ascending. */
  allSeqs: () => number[];
}

type LabelDriver = { rows: number; labelIds: number[] };

/** The index to drive from: a folder, else the rarest required label / label union / state, else all rows. */
function chooseDriver(ctx: EngineContext, spec: SampleFilterSpec): { kind: 'dir'; dir: string } | { kind: 'labels'; labels: LabelDriver } | { kind: 'state' | 'all' } | 'empty' {
  const hints = searchHints(spec.conditions);
  if (hints.dirs.length > 0) return { kind: 'dir', dir: hints.dirs[0] };
  const labelRow = stmt<{ id: number; sample_count: number }>(ctx, 'SELECT id, sample_count FROM labels WHERE dataset_id = ? AND name = ?');
  let best: LabelDriver | undefined;
  for (const names of [...hints.requiredLabels.map((n) => [n]), ...hints.anyLabelSets]) {
    const rows = names.map((n) => labelRow.get(spec.datasetId, n)).filter((r) => r !== undefined && r.sample_count > 0);
    if (rows.length === 0) return 'empty';
    const candidate = { rows: rows.reduce((sum, r) => sum + r!.sample_count, 0), labelIds: rows.map((r) => r!.id) };
    if (!best || candidate.rows < best.rows) best = candidate;
  }
  const counts = readSampleCounts(ctx, spec.datasetId);
  let stateRows = counts.total;
  if (spec.status !== undefined) {
    const state = STATE_OF_STATUS[spec.status as keyof typeof STATE_OF_STATUS];
    if (!state || counts[state] === 0) return 'empty';
    stateRows = counts[state];
  }
  if (best && best.rows <= stateRows) return { kind: 'labels', labels: best };
  return { kind: spec.status !== undefined && stateRows < counts.total ? 'state' : 'all' };
}

function driverFor(choice: Exclude<ReturnType<typeof chooseDriver>, 'empty'>, spec: SampleFilterSpec, rowFree: boolean): Driver {
  if (choice.kind === 'dir') {
    return { from: 'samples s INDEXED BY samples_dir', countFrom: 'samples s INDEXED BY samples_dir', where: 's.dir = ?', params: [choice.dir], seq: 's.seq' };
  }
  if (choice.kind === 'labels') {
    const ids = choice.labels.labelIds;
    const links =
      ids.length === 1
        ? { from: 'sample_labels d', where: 'd.label_id = ?', params: [ids[0]] }
        : { from: '(SELECT DISTINCT sample_seq FROM sample_labels WHERE label_id IN (SELECT value FROM json_each(?))) d', where: '1', params: [JSON.stringify(ids)] };
    // Conditions on labels alone are answered from the link table, without reading sample rows.
    const from = rowFree ? links.from : `${links.from} CROSS JOIN samples s ON s.seq = d.sample_seq`;
    return { from, countFrom: from, where: links.where, params: links.params, seq: 'd.sample_seq' };
  }
  if (choice.kind === 'state') {
    return { from: 'samples s INDEXED BY samples_state', countFrom: 'samples s', where: 's.status = ?', params: [spec.status], seq: 's.seq' };
  }
  return { from: 'samples s INDEXED BY samples_dataset_seq', countFrom: 'samples s', where: '1', params: [], seq: 's.seq' };
}

interface CacheEntry {
  generation: number;
  total: number;
  /** Every matching seq, ascending, when there are at most `listMax` of them. */
  list?: Float64Array;
  /** Ascending position → seq, for every position a page has read (when there is no list). */
  anchors: Map<number, number>;
}
/** Up to `listMax` matches are kept as a list (tests lower it to exercise the ordered reads). */
export const searchTuning = { listMax: 100_000 };
const MAX_ENTRIES = 32;
const MAX_ANCHORS = 50_000;
const caches = new WeakMap<EngineContext['sqlite'], Map<string, CacheEntry>>();

// Rows changed on this connection so far: the engine is the database's only writer, so an unchanged
// value means no count or page boundary can have moved.
const generation = (ctx: EngineContext) => stmt<{ n: number }>(ctx, 'SELECT total_changes() AS n').get()!.n;

function cached(ctx: EngineContext, key: string): CacheEntry | undefined {
  let byKey = caches.get(ctx.sqlite);
  if (!byKey) caches.set(ctx.sqlite, (byKey = new Map()));
  const entry = byKey.get(key);
  if (!entry) return undefined;
  byKey.delete(key);
  if (entry.generation !== generation(ctx)) return undefined;
  byKey.set(key, entry); // most recently used last
  return entry;
}

function remember(ctx: EngineContext, key: string, entry: CacheEntry): void {
  const byKey = caches.get(ctx.sqlite)!;
  byKey.set(key, entry);
  while (byKey.size > MAX_ENTRIES) byKey.delete(byKey.keys().next().value!);
}

/**
 * Counts the matches. Up to `listMax` of them are kept as a sorted list, so any page of a selective
 * filter is a slice; beyond that the matches are dense enough for ordered reads to find a page quickly.
 */
function countMatches(ctx: EngineContext, countFrom: string, where: string, params: unknown[], seq: string): Omit<CacheEntry, 'anchors'> {
  const gen = generation(ctx);
  // Search SQL varies with the conditions: prepared per call rather than kept in the statement cache.
  const seqs = ctx.sqlite
    .prepare(`SELECT ${seq} FROM ${countFrom} WHERE ${where} LIMIT ?`)
    .pluck()
    .all(...params, searchTuning.listMax + 1) as number[];
  if (seqs.length <= searchTuning.listMax) return { generation: gen, total: seqs.length, list: Float64Array.from(seqs).sort() };
  const total = ctx.sqlite.prepare(`SELECT COUNT(*) FROM ${countFrom} WHERE ${where}`).pluck().get(...params) as number;
  return { generation: gen, total };
}

/** Plans a filtered sample query; the count runs (or comes from the cache) right away. */
export function planSearch(ctx: EngineContext, spec: SampleFilterSpec): SearchPlan {
  const choice = chooseDriver(ctx, spec);
  if (choice === 'empty') return { total: 0, page: () => [], allSeqs: () => [] };
  const rowFreeCandidate = choice.kind === 'labels' && spec.status === undefined && spec.sampleType === undefined;
  let search = compileSearch(spec.datasetId, spec.conditions, { now: spec.now, seq: rowFreeCandidate ? 'd.sample_seq' : 's.seq' });
  const rowFree = rowFreeCandidate && !search.readsRow;
  if (rowFreeCandidate && !rowFree) search = compileSearch(spec.datasetId, spec.conditions, { now: spec.now });
  const driver = driverFor(choice, spec, rowFree);

  const where = [driver.where, search.where];
  const params: unknown[] = [...driver.params, ...search.params];
  if (!rowFree) {
    where.push('s.dataset_id = ?');
    params.push(spec.datasetId);
  }
  if (spec.status !== undefined) {
    where.push('s.status = ?');
    params.push(spec.status);
  }
  if (spec.sampleType !== undefined) {
    where.push('s.type = ?');
    params.push(spec.sampleType);
  }
  const whereSql = where.filter((w) => w !== '1').join(' AND ') || '1';
  const key = JSON.stringify([driver.from, whereSql, params]);
  let entry = cached(ctx, key);
  if (!entry) {
    entry = { ...countMatches(ctx, driver.countFrom, whereSql, params, driver.seq), anchors: new Map() };
    remember(ctx, key, entry);
  }
  const found = entry;
  const read: Reader = (bound, dir, limit, skip) => {
    const range = bound ? ` AND ${driver.seq} ${bound.op} ?` : '';
    const text = `SELECT ${driver.seq} FROM ${driver.from} WHERE ${whereSql}${range} ORDER BY ${driver.seq} ${dir} LIMIT ? OFFSET ?`;
    const args = bound ? [...params, bound.seq, limit, skip] : [...params, limit, skip];
    return ctx.sqlite.prepare(text).pluck().all(...args) as number[];
  };
  return {
    total: found.total,
    page: (page, limit, order) => pageOf(found, read, page, limit, order),
    allSeqs: () => (found.list ? [...found.list] : read(undefined, 'ASC', -1, 0)),
  };
}

type Reader = (bound: { op: '>=' | '<='; seq: number } | undefined, dir: 'ASC' | 'DESC', limit: number, skip: number) => number[];

/**
 * Reads ascending positions [a, b) from the nearest known position: an end of the matches or a position
 * an earlier page read. Walking pages in order skips nothing; a jump skips at most half the matches.
 */
function pageOf(entry: CacheEntry, read: Reader, page: number, limit: number, order: 'asc' | 'desc'): number[] {
  const n = entry.total;
  const start = page * limit;
  if (start >= n) return [];
  const end = Math.min(n, start + limit);
  const [a, b] = order === 'asc' ? [start, end] : [n - end, n - start];
  if (entry.list) {
    const seqs = [...entry.list.subarray(a, b)];
    return order === 'asc' ? seqs : seqs.reverse();
  }
  // Candidates: from below (position k ≤ a, reading up) and from above (k ≥ b - 1, reading down).
  let below: { k: number; seq?: number } = { k: 0 };
  let above: { k: number; seq?: number } = { k: n - 1 };
  for (const [k, seq] of entry.anchors) {
    if (k <= a && k > below.k - (below.seq === undefined ? 1 : 0)) below = { k, seq };
    if (k >= b - 1 && k < above.k + (above.seq === undefined ? 1 : 0)) above = { k, seq };
  }
  let seqs: number[];
  if (a - below.k <= above.k - (b - 1)) {
    const bound = below.seq === undefined ? undefined : { op: '>=' as const, seq: below.seq };
    seqs = read(bound, 'ASC', b - a, a - below.k);
  } else {
    const bound = above.seq === undefined ? undefined : { op: '<=' as const, seq: above.seq };
    seqs = read(bound, 'DESC', b - a, above.k - (b - 1)).reverse();
  }
  if (entry.anchors.size + seqs.length > MAX_ANCHORS) entry.anchors.clear();
  seqs.forEach((seq, i) => entry.anchors.set(a + i, seq));
  return order === 'asc' ? seqs : seqs.reverse();
}
