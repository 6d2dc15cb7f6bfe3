import type { ParsedSearchCondition } from '../../contract/search.js';
import type { EngineContext } from '../context.js';
import { readSampleCounts, STATE_OF_STATUS } from './counters.js';
import { compileSearch, searchHints } from './search.js';
import { cached, countMatches, pageOf, remember, type Reader } from './search-pages.js';
import { stmt } from './sql.js';

/**
 * Runs a compiled search over one dataset at a million samples. SQLite's planner, without statistics,
 * can pick ruinous plans for these filters (two `IN (subquery)` on the rowid become a nested loop), so
 * the query is driven from an index chosen here: the folder, the rarest required label, a union of
 * labels, the state, or the dataset's rows in order. Counting may read any index (a covering one, or the
 * label links alone); pages read one whose order is the seq's, so a page is a range of it.
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

interface Part {
  from: string;
  where: string[];
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

/** A row read through label links costs about this many entries of a covering-index scan (measured at 1M). */
const ROW_READ_COST = 16;

type Choice = { kind: 'dir'; dir: string } | { kind: 'labels'; labelIds: number[] } | { kind: 'state' | 'all' };

/** The index to drive from: a folder, else the rarest required label / label union / state, else all rows. */
function chooseDriver(ctx: EngineContext, spec: SampleFilterSpec): Choice | 'empty' {
  const hints = searchHints(spec.conditions);
  if (hints.dirs.length > 0) return { kind: 'dir', dir: hints.dirs[0] };
  const labelRow = stmt<{ id: number; sample_count: number }>(ctx, 'SELECT id, sample_count FROM labels WHERE dataset_id = ? AND name = ?');
  let best: { rows: number; labelIds: number[] } | undefined;
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
  // Through label links, each candidate that a condition on the row must check is a row read (~µs);
  // a scan of a covering index (a name, a time) costs a small fraction of that per sample.
  const readsRow = best !== undefined && compileSearch(spec.datasetId, spec.conditions, { now: spec.now }).readsRow;
  const linksWin = best !== undefined && best.rows <= stateRows && (!readsRow || best.rows * ROW_READ_COST <= stateRows);
  if (linksWin) return { kind: 'labels', labelIds: best!.labelIds };
  return { kind: spec.status !== undefined && stateRows < counts.total ? 'state' : 'all' };
}

/** The row filters every part carries: the dataset, and S1's state and sample type. */
function onSamples(part: Part, spec: SampleFilterSpec): Part {
  const where = [...part.where, 's.dataset_id = ?'];
  const params = [...part.params, spec.datasetId];
  if (spec.status !== undefined) {
    where.push('s.status = ?');
    params.push(spec.status);
  }
  if (spec.sampleType !== undefined) {
    where.push('s.type = ?');
    params.push(spec.sampleType);
  }
  return { ...part, where, params };
}

/**
 * The rows to count (`use: 'count'`) or to page through in seq order (`'page'`). A union of labels is
 * counted from the links but paged through the samples in order: sorting a large union for every page
 * would cost more than finding the next matches.
 */
function partFor(choice: Choice, spec: SampleFilterSpec, use: 'count' | 'page'): Part {
  const compile = (seq: string) => compileSearch(spec.datasetId, spec.conditions, { now: spec.now, seq });
  if (choice.kind === 'labels' && (choice.labelIds.length === 1 || use === 'count')) {
    const ids = choice.labelIds;
    const links =
      ids.length === 1
        ? { from: 'sample_labels d', where: 'd.label_id = ?', params: [ids[0]] as unknown[] }
        : { from: '(SELECT DISTINCT sample_seq FROM sample_labels WHERE label_id IN (SELECT value FROM json_each(?))) d', where: '1', params: [JSON.stringify(ids)] };
    // Conditions on labels alone are answered from the link table, without reading sample rows.
    if (spec.status === undefined && spec.sampleType === undefined) {
      const linksOnly = compile('d.sample_seq');
      if (!linksOnly.readsRow) return { from: links.from, where: [links.where, linksOnly.where], params: [...links.params, ...linksOnly.params], seq: 'd.sample_seq' };
    }
    const search = compile('s.seq');
    const from = `${links.from} CROSS JOIN samples s ON s.seq = d.sample_seq`;
    return onSamples({ from, where: [links.where, search.where], params: [...links.params, ...search.params], seq: 'd.sample_seq' }, spec);
  }
  const search = compile('s.seq');
  if (choice.kind === 'dir') {
    return onSamples({ from: 'samples s INDEXED BY samples_dir', where: ['s.dir = ?', search.where], params: [choice.dir, ...search.params], seq: 's.seq' }, spec);
  }
  // Counting lets SQLite pick an index (a covering one for names, times); pages follow the seq order.
  const index = spec.status !== undefined && choice.kind !== 'all' ? 'samples_state' : 'samples_dataset_seq';
  const from = use === 'count' ? 'samples s' : `samples s INDEXED BY ${index}`;
  return onSamples({ from, where: [search.where], params: search.params, seq: 's.seq' }, spec);
}

const whereOf = (part: Part) => part.where.filter((w) => w !== '1').join(' AND ') || '1';

/** Plans a filtered sample query; the count runs (or comes from the cache) right away. */
export function planSearch(ctx: EngineContext, spec: SampleFilterSpec): SearchPlan {
  const choice = chooseDriver(ctx, spec);
  if (choice === 'empty') return { total: 0, page: () => [], allSeqs: () => [] };
  const count = partFor(choice, spec, 'count');
  const page = partFor(choice, spec, 'page');
  const pageWhere = whereOf(page);
  const key = JSON.stringify([count.from, whereOf(count), count.params, page.from]);
  let entry = cached(ctx, key);
  if (!entry) {
    entry = { ...countMatches(ctx, count.from, whereOf(count), count.params, count.seq), anchors: new Map() };
    remember(ctx, key, entry);
  }
  const found = entry;
  const read: Reader = (bound, dir, limit, skip) => {
    const range = bound ? ` AND ${page.seq} ${bound.op} ?` : '';
    const text = `SELECT ${page.seq} FROM ${page.from} WHERE ${pageWhere}${range} ORDER BY ${page.seq} ${dir} LIMIT ? OFFSET ?`;
    const args = bound ? [...page.params, bound.seq, limit, skip] : [...page.params, limit, skip];
    // Search SQL varies with the conditions: prepared per call rather than kept in the statement cache.
    return ctx.sqlite.prepare(text).pluck().all(...args) as number[];
  };
  return {
    total: found.total,
    page: (n, limit, order) => pageOf(found, read, n, limit, order),
    allSeqs: () => (found.list ? [...found.list] : read(undefined, 'ASC', -1, 0)),
  };
}

/**
 * The next `limit` matching seqs above `after`, ascending, without counting the matches: a walk over
 * every match in chunks (the filter is evaluated again at each call, so a change made to earlier chunks
 * is seen, and each sample is reached once because the cursor only moves up).
 */
export function matchingSeqsAfter(ctx: EngineContext, spec: SampleFilterSpec, after: number, limit: number): number[] {
  const choice = chooseDriver(ctx, spec);
  if (choice === 'empty') return [];
  const page = partFor(choice, spec, 'page');
  const text = `SELECT ${page.seq} FROM ${page.from} WHERE ${whereOf(page)} AND ${page.seq} > ? ORDER BY ${page.seq} ASC LIMIT ?`;
  return ctx.sqlite.prepare(text).pluck().all(...page.params, after, limit) as number[];
}
