import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import type { BatchBody } from '../../contract/common.js';
import { errorCode, ModelArtsError } from '../../contract/errors.js';
import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { ColourPicker, insertLabelRow, labelRowsByName } from '../labels/repository.js';
import { labelTypeForSample } from '../labels/rules.js';
import { CounterDelta, occurrencesByName } from './counters.js';
import { requireDataset, touchDatasetData } from './dataset-ref.js';
import { inTransaction, parseJson, stmt } from './sql.js';
import { initialStatus, moveCounters, nextStatus, type SampleEvent } from './state-machine.js';

// The samples' writing module: every change to samples goes through here (or label-edits.ts), so the
// counters in sample_counts and labels stay exact.
export { readCounters, readSampleCounts, recount, type DatasetCounters, type SampleCounts } from './counters.js';

export interface NewSample {
  id: string;
  name: string;
  dir: string;
  path: string;
  type: number;
  size: number;
  sample_time: number;
  labels: SampleLabel[];
  metadata: Record<string, unknown>;
  usage?: string;
  /** Labels taken as final (default) or, when false, an auto-labeling result to be confirmed. */
  final?: boolean;
  labeler?: string;
}

/** Sample id: md5 hex of the canonical object path `/bucket/key` (ObjectRef.objectPath). */
export function sampleIdFor(objectPath: string): string {
  return createHash('md5').update(objectPath).digest('hex');
}

/** Counter rows at zero, so a new dataset's stats read as zeros. Optional: counters are upserted. */
export function initCounters(ctx: EngineContext, datasetId: string): void {
  const insert = stmt(ctx, 'INSERT OR IGNORE INTO sample_counts (dataset_id, state, count) VALUES (?, ?, 0)');
  for (const state of ['total', 'un_annotation', 'manual_annotation', 'auto_annotation', 'key_sample']) insert.run(datasetId, state);
}

/**
 * Inserts samples in one transaction. Ids already in the dataset (or repeated in the batch) are skipped.
 * Labels the dataset does not have yet are created; every counter moves with the rows.
 */
export function insertSamples(ctx: EngineContext, datasetId: string, samples: NewSample[]): { inserted: number; skipped: number } {
  return inTransaction(ctx, () => {
    const dataset = requireDataset(ctx, datasetId);
    const labels = labelRowsByName(ctx, datasetId);
    const colours = new ColourPicker(labels.values());
    const delta = new CounterDelta();
    const now = ctx.now();
    const insert = stmt(
      ctx,
      `INSERT OR IGNORE INTO samples (dataset_id, id, name, dir, path, type, status, size, sample_time, labels, metadata, usage, labeler, create_time, update_time)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const link = stmt(ctx, 'INSERT INTO sample_labels (label_id, sample_seq, occurrences) VALUES (?, ?, ?)');
    let inserted = 0;
    for (const s of samples) {
      // Resolve (or create) the labels first, so the stored label list carries each label's type.
      const stored = s.labels.map((l) => {
        let row = labels.get(l.name);
        if (!row) {
          const type = labelTypeForSample(dataset.type, l.type);
          const property = { '@modelarts:color': colours.take() };
          const id = insertLabelRow(ctx, datasetId, { name: l.name, type, property });
          row = { id, dataset_id: datasetId, name: l.name, type, property: JSON.stringify(property), attributes: null, sample_count: 0, count: 0, create_time: now };
          labels.set(l.name, row);
        }
        return { ...l, type: row.type };
      });
      const status = initialStatus(stored.length, s.final ?? true);
      const info = insert.run(
        datasetId, s.id, s.name, s.dir, s.path, s.type, status, s.size, Math.round(s.sample_time),
        JSON.stringify(stored), JSON.stringify(s.metadata ?? {}), s.usage ?? null, s.labeler ?? null, now, now,
      );
      if (info.changes === 0) continue;
      inserted++;
      const seq = Number(info.lastInsertRowid);
      delta.sample(status, s.metadata ?? {}, 1);
      for (const [name, n] of occurrencesByName(stored)) {
        const labelId = labels.get(name)!.id;
        link.run(labelId, seq, n);
        delta.label(labelId, 1, n);
      }
    }
    delta.apply(ctx, datasetId);
    if (inserted > 0) touchDatasetData(ctx, datasetId);
    return { inserted, skipped: samples.length - inserted };
  });
}

interface SampleRowForDelete {
  seq: number;
  path: string;
  type: number;
  status: string;
  metadata: string;
}

/** A source file to remove once the transaction that deleted its sample has committed. */
export interface SourceFile {
  path: string;
  type: number;
}

/** Deletes sample rows (inside the caller's transaction); returns their source files. */
export function deleteSamplesBySeq(ctx: EngineContext, datasetId: string, seqs: readonly number[]): SourceFile[] {
  const delta = new CounterDelta();
  const byId = stmt<SampleRowForDelete>(ctx, 'SELECT seq, path, type, status, metadata FROM samples WHERE seq = ? AND dataset_id = ?');
  const links = stmt<{ label_id: number; occurrences: number }>(ctx, 'SELECT label_id, occurrences FROM sample_labels WHERE sample_seq = ?');
  const remove = stmt(ctx, 'DELETE FROM samples WHERE seq = ?');
  const files: SourceFile[] = [];
  for (const seq of seqs) {
    const row = byId.get(seq, datasetId);
    if (!row) continue;
    for (const l of links.all(seq)) delta.label(l.label_id, -1, -l.occurrences);
    delta.sample(row.status, parseJson(row.metadata, {}), -1);
    remove.run(seq);
    files.push({ path: row.path, type: row.type });
  }
  delta.apply(ctx, datasetId);
  if (files.length > 0) touchDatasetData(ctx, datasetId);
  return files;
}

// Text and table samples are lines of a shared file: their source is never removed (S4: "ignored for text").
export const SHARED_SOURCE_TYPES: ReadonlySet<number> = new Set([1, 4]);

/** Removes source files from the object store; a file already gone counts as removed. Returns how many. */
export function removeSourceFiles(ctx: EngineContext, files: readonly SourceFile[]): number {
  let removed = 0;
  for (const f of files) {
    if (SHARED_SOURCE_TYPES.has(f.type)) continue;
    try {
      unlinkSync(ctx.store.parse(f.path).fsPath);
      removed++;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') removed++;
    }
  }
  return removed;
}

/**
 * S4: deletes the samples that exist (one transaction) and reports each missing id as 4420; source files
 * are removed afterwards, only with `deleteSource`.
 */
export function deleteSamples(
  ctx: EngineContext,
  datasetId: string,
  sampleIds: string[],
  opts: { deleteSource: boolean },
): BatchBody {
  const seqOf = stmt<{ seq: number }>(ctx, 'SELECT seq FROM samples WHERE dataset_id = ? AND id = ?');
  const { files, missing } = inTransaction(ctx, () => {
    requireDataset(ctx, datasetId);
    const found = new Map<string, number>();
    const missingIds = new Set<string>();
    for (const id of sampleIds) {
      if (found.has(id) || missingIds.has(id)) continue;
      const row = seqOf.get(datasetId, id);
      if (row) found.set(id, row.seq);
      else missingIds.add(id);
    }
    return { files: deleteSamplesBySeq(ctx, datasetId, [...found.values()]), missing: missingIds };
  });
  if (opts.deleteSource) removeSourceFiles(ctx, files);
  const results = sampleIds.map((id) =>
    missing.has(id)
      ? { success: false, error_code: errorCode('4420'), error_msg: `Sample ${id} does not exist` }
      : { success: true },
  );
  if (missing.size === 0) return { success: true, results };
  return {
    success: false,
    error_code: errorCode('4420'),
    error_msg: `${missing.size} of ${new Set(sampleIds).size} samples do not exist; the others were deleted`,
    results,
  };
}

/** A sample's stored state, as a change starts from it. */
export interface SampleState {
  seq: number;
  name: string;
  status: string;
  labels: SampleLabel[];
  metadata: Record<string, unknown>;
  usage: string | null;
  labeler: string | null;
}

/** Reads the current state of samples by seq (missing seqs are left out). */
export function readSampleStates(ctx: EngineContext, seqs: readonly number[]): SampleState[] {
  const rows = stmt<{ seq: number; name: string; status: string; labels: string; metadata: string; usage: string | null; labeler: string | null }>(
    ctx,
    'SELECT seq, name, status, labels, metadata, usage, labeler FROM samples WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq',
  ).all(JSON.stringify(seqs));
  return rows.map((r) => ({ ...r, labels: parseJson<SampleLabel[]>(r.labels, []), metadata: parseJson<Record<string, unknown>>(r.metadata, {}) }));
}

/** A change to one sample: its new label list (labels must exist), and optionally metadata, usage, labeler. */
export interface SampleChange {
  before: SampleState;
  event: SampleEvent;
  labels: SampleLabel[];
  metadata?: Record<string, unknown>;
  usage?: string | null;
  labeler?: string | null;
}

/**
 * Applies changes to existing samples (inside the caller's transaction): the state machine decides each
 * status; sample_labels links and every counter move with the rows. Returns how many samples changed.
 */
export function writeSampleChanges(ctx: EngineContext, datasetId: string, changes: readonly SampleChange[]): number {
  if (changes.length === 0) return 0;
  const labelIds = new Map([...labelRowsByName(ctx, datasetId)].map(([name, row]) => [name, row.id]));
  const delta = new CounterDelta();
  const update = stmt(ctx, 'UPDATE samples SET labels = ?, status = ?, metadata = ?, usage = ?, labeler = ?, update_time = ? WHERE seq = ?');
  const unlink = stmt(ctx, 'DELETE FROM sample_labels WHERE sample_seq = ?');
  const link = stmt(ctx, 'INSERT INTO sample_labels (label_id, sample_seq, occurrences) VALUES (?, ?, ?)');
  const now = ctx.now();
  let changed = 0;
  for (const c of changes) {
    const b = c.before;
    const after = {
      labels: c.labels,
      status: nextStatus(b.status, c.event, c.labels.length),
      metadata: c.metadata ?? b.metadata,
      usage: c.usage === undefined ? b.usage : c.usage,
      labeler: c.labeler === undefined ? b.labeler : c.labeler,
    };
    const labelsText = JSON.stringify(after.labels);
    const metadataText = JSON.stringify(after.metadata);
    const same =
      labelsText === JSON.stringify(b.labels) && after.status === b.status && metadataText === JSON.stringify(b.metadata) &&
      after.usage === b.usage && after.labeler === b.labeler;
    if (same) continue;
    changed++;
    moveCounters(delta, b, after);
    for (const [name, n] of occurrencesByName(b.labels)) {
      const id = labelIds.get(name);
      if (id !== undefined) delta.label(id, -1, -n);
    }
    unlink.run(b.seq);
    for (const [name, n] of occurrencesByName(after.labels)) {
      const id = labelIds.get(name);
      if (id === undefined) throw new ModelArtsError('4410', `Label ${name} does not exist in dataset ${datasetId}`);
      delta.label(id, 1, n);
      link.run(id, b.seq, n);
    }
    update.run(labelsText, after.status, metadataText, after.usage, after.labeler, now, b.seq);
  }
  delta.apply(ctx, datasetId);
  if (changed > 0) touchDatasetData(ctx, datasetId);
  return changed;
}
