import type { EngineContext } from '../context.js';
import { stmt } from './sql.js';

/**
 * Where a page of sample seqs comes from. `total` is known from counters for the common filters; a label
 * filter combined with a state (or several labels) is counted with an indexed query.
 */
export type SeqSource =
  | { kind: 'all'; datasetId: string; total: number }
  | { kind: 'state'; datasetId: string; status: string; total: number }
  | { kind: 'labels'; datasetId: string; labelIds: number[]; status?: string; total?: number };

type Dir = 'ASC' | 'DESC';

// Checks a sample's state through the (dataset_id, status, seq) index instead of reading the row.
const IN_STATE = 'EXISTS (SELECT 1 FROM samples s INDEXED BY samples_state WHERE s.dataset_id = ? AND s.status = ? AND s.seq = sl.sample_seq)';

function labelWhere(source: Extract<SeqSource, { kind: 'labels' }>): { where: string; args: unknown[] } {
  const single = source.labelIds.length === 1;
  const where = [single ? 'sl.label_id = ?' : 'sl.label_id IN (SELECT value FROM json_each(?))'];
  const args: unknown[] = [single ? source.labelIds[0] : JSON.stringify(source.labelIds)];
  if (source.status !== undefined) {
    where.push(IN_STATE);
    args.push(source.datasetId, source.status);
  }
  return { where: where.join(' AND '), args };
}

function countOf(ctx: EngineContext, source: SeqSource): number {
  if (source.total !== undefined) return source.total;
  const { where, args } = labelWhere(source as Extract<SeqSource, { kind: 'labels' }>);
  const what = source.kind === 'labels' && source.labelIds.length > 1 ? 'COUNT(DISTINCT sl.sample_seq)' : 'COUNT(*)';
  return stmt<{ n: number }>(ctx, `SELECT ${what} AS n FROM sample_labels sl WHERE ${where}`).get(...args)!.n;
}

function selectSeqs(ctx: EngineContext, source: SeqSource, dir: Dir, limit: number, skip: number): number[] {
  let text: string;
  let args: unknown[];
  if (source.kind === 'all') {
    text = `SELECT seq FROM samples WHERE dataset_id = ? ORDER BY seq ${dir} LIMIT ? OFFSET ?`;
    args = [source.datasetId];
  } else if (source.kind === 'state') {
    text = `SELECT seq FROM samples WHERE dataset_id = ? AND status = ? ORDER BY seq ${dir} LIMIT ? OFFSET ?`;
    args = [source.datasetId, source.status];
  } else {
    const { where, args: a } = labelWhere(source);
    const distinct = source.labelIds.length > 1 ? 'DISTINCT ' : '';
    text = `SELECT ${distinct}sl.sample_seq AS seq FROM sample_labels sl WHERE ${where} ORDER BY sl.sample_seq ${dir} LIMIT ? OFFSET ?`;
    args = a;
  }
  return stmt<{ seq: number }>(ctx, text)
    .all(...args, limit, skip)
    .map((r) => r.seq);
}

/**
 * Page `page` (0-based) of `limit` seqs in `order`. SQLite skips OFFSET rows one by one, so a page in the
 * second half of the matches is read from the other end: the skip is never more than half the matches,
 * and the last page costs what the first does.
 */
export function pageSeqs(
  ctx: EngineContext,
  source: SeqSource,
  page: number,
  limit: number,
  order: 'asc' | 'desc',
): { total: number; seqs: number[] } {
  const total = countOf(ctx, source);
  const start = page * limit;
  if (start >= total) return { total, seqs: [] };
  const n = Math.min(limit, total - start);
  const dir: Dir = order === 'asc' ? 'ASC' : 'DESC';
  if (start <= total - start - n) return { total, seqs: selectSeqs(ctx, source, dir, n, start) };
  const flipped: Dir = dir === 'ASC' ? 'DESC' : 'ASC';
  return { total, seqs: selectSeqs(ctx, source, flipped, n, total - start - n).reverse() };
}
