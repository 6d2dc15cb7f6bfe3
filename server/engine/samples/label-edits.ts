import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { CounterDelta } from './counters.js';
import { SHARED_SOURCE_TYPES } from './repository.js';
import { parseJson, stmt } from './sql.js';
import { nextStatus } from './state-machine.js';

// Label edits that rewrite samples' stored label lists. Samples are found through sample_labels (an
// index), never by scanning label JSON. Run these inside the caller's transaction.

interface LinkedSample {
  seq: number;
  status: string;
  labels: string;
}

function linkedSamples(ctx: EngineContext, labelIds: readonly number[]): LinkedSample[] {
  return stmt<LinkedSample>(
    ctx,
    `SELECT s.seq, s.status, s.labels FROM samples s
     WHERE s.seq IN (SELECT DISTINCT sample_seq FROM sample_labels WHERE label_id IN (SELECT value FROM json_each(?)))`,
  ).all(JSON.stringify(labelIds));
}

/** Renames a label inside every sample that carries it. */
export function renameLabelInSamples(ctx: EngineContext, labelId: number, from: string, to: string): number {
  const update = stmt(ctx, 'UPDATE samples SET labels = ?, update_time = ? WHERE seq = ?');
  const now = ctx.now();
  const samples = linkedSamples(ctx, [labelId]);
  for (const s of samples) {
    const labels = parseJson<SampleLabel[]>(s.labels, []).map((l) => (l.name === from ? { ...l, name: to } : l));
    update.run(JSON.stringify(labels), now, s.seq);
  }
  return samples.length;
}

/**
 * Removes labels from every sample that carries them; a sample left without labels becomes
 * UN_ANNOTATION. The labels' own links and counters drop to zero (the caller deletes the labels).
 */
export function stripLabelsFromSamples(ctx: EngineContext, datasetId: string, labelIds: readonly number[], names: ReadonlySet<string>): number {
  const delta = new CounterDelta();
  const update = stmt(ctx, 'UPDATE samples SET labels = ?, status = ?, update_time = ? WHERE seq = ?');
  const now = ctx.now();
  const samples = linkedSamples(ctx, labelIds);
  for (const s of samples) {
    const labels = parseJson<SampleLabel[]>(s.labels, []).filter((l) => !names.has(l.name));
    const status = nextStatus(s.status, 'labels_removed', labels.length);
    if (status !== s.status) {
      delta.sample(s.status, {}, -1);
      delta.sample(status, {}, 1);
    }
    update.run(JSON.stringify(labels), status, now, s.seq);
  }
  const links = stmt<{ label_id: number; samples: number; occurrences: number }>(
    ctx,
    `SELECT label_id, COUNT(*) AS samples, SUM(occurrences) AS occurrences FROM sample_labels
     WHERE label_id IN (SELECT value FROM json_each(?)) GROUP BY label_id`,
  ).all(JSON.stringify(labelIds));
  for (const l of links) delta.label(l.label_id, -l.samples, -l.occurrences);
  stmt(ctx, 'DELETE FROM sample_labels WHERE label_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(labelIds));
  delta.apply(ctx, datasetId);
  return samples.length;
}

// Samples linked to one of the labels whose links all point into the set: they carry nothing else.
const EXCLUSIVE = `
  SELECT sl.sample_seq AS seq FROM sample_labels sl
  WHERE sl.label_id IN (SELECT value FROM json_each(?))
  GROUP BY sl.sample_seq
  HAVING COUNT(*) = (SELECT COUNT(*) FROM sample_labels x WHERE x.sample_seq = sl.sample_seq)`;

/** Samples whose only labels are among `labelIds` (deleted by label delete policies 1 and 2). */
export function exclusiveSampleSeqs(ctx: EngineContext, labelIds: readonly number[]): number[] {
  return stmt<{ seq: number }>(ctx, EXCLUSIVE).all(JSON.stringify(labelIds)).map((r) => r.seq);
}

/** Counts for a label-delete confirmation: samples touched, samples removed by policy 1/2, files by policy 2. */
export function labelDeleteCounts(
  ctx: EngineContext,
  labelIds: readonly number[],
): { sample_count: number; exclusive_sample_count: number; file_count: number } {
  const ids = JSON.stringify(labelIds);
  const touched = stmt<{ n: number }>(
    ctx,
    'SELECT COUNT(DISTINCT sample_seq) AS n FROM sample_labels WHERE label_id IN (SELECT value FROM json_each(?))',
  ).get(ids)!.n;
  const exclusive = stmt<{ n: number; files: number }>(
    ctx,
    `SELECT COUNT(*) AS n, COALESCE(SUM(s.type NOT IN (${[...SHARED_SOURCE_TYPES].join(', ')})), 0) AS files
     FROM (${EXCLUSIVE}) e JOIN samples s ON s.seq = e.seq`,
  ).get(ids)!;
  return { sample_count: touched, exclusive_sample_count: exclusive.n, file_count: exclusive.files };
}
