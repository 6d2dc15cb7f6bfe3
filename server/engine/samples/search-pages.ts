import type { EngineContext } from '../context.js';
import { stmt } from './sql.js';

/**
 * Counts and page boundaries of searches, cached per connection until the database changes. A selective
 * search keeps its matches as a sorted list (any page is a slice); a large one remembers the seq at every
 * position a page has read, so the next page starts from there instead of skipping rows again.
 */
export interface CacheEntry {
  generation: number;
  total: number;
  /** Every matching seq, ascending, when there are at most `listMax` of them. */
  list?: Float64Array;
  /** Ascending position → seq, for every position a page has read (when there is no list). */
  anchors: Map<number, number>;
}
/** Up to `listMax` matches are kept as a list (tests lower it to exercise the ordered reads). */
export const searchTuning = { listMax: 100_000 };
const MAX_ENTRIES = 16;
const MAX_ANCHORS = 10_000;
const caches = new WeakMap<EngineContext['sqlite'], Map<string, CacheEntry>>();

// Rows changed on this connection so far: the engine is the database's only writer, so an unchanged
// value means no count or page boundary can have moved.
export const generation = (ctx: EngineContext) => stmt<{ n: number }>(ctx, 'SELECT total_changes() AS n').get()!.n;

export function cached(ctx: EngineContext, key: string): CacheEntry | undefined {
  let byKey = caches.get(ctx.sqlite);
  if (!byKey) caches.set(ctx.sqlite, (byKey = new Map()));
  const entry = byKey.get(key);
  if (!entry) return undefined;
  byKey.delete(key);
  if (entry.generation !== generation(ctx)) return undefined;
  byKey.set(key, entry); // most recently used last
  return entry;
}

export function remember(ctx: EngineContext, key: string, entry: CacheEntry): void {
  const byKey = caches.get(ctx.sqlite)!;
  byKey.set(key, entry);
  while (byKey.size > MAX_ENTRIES) byKey.delete(byKey.keys().next().value!);
}

/**
 * Counts the matches. Up to `listMax` of them are kept as a sorted list, so any page of a selective
 * filter is a slice; beyond that the matches are dense enough for ordered reads to find a page quickly.
 */
export function countMatches(ctx: EngineContext, countFrom: string, where: string, params: unknown[], seq: string): Omit<CacheEntry, 'anchors'> {
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

export type Reader = (bound: { op: '>=' | '<='; seq: number } | undefined, dir: 'ASC' | 'DESC', limit: number, skip: number) => number[];

/**
 * Reads ascending positions [a, b) from the nearest known position: an end of the matches or a position
 * an earlier page read. Walking pages in order skips nothing; a jump skips at most half the matches.
 */
export function pageOf(entry: CacheEntry, read: Reader, page: number, limit: number, order: 'asc' | 'desc'): number[] {
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
