import SQLite from 'better-sqlite3';
import type { EngineContext } from '../context.js';

/**
 * A consistent view of a dataset for the length of a publish: a second, read-only connection holding one
 * read transaction. With WAL, writers go on meanwhile (labeling is not blocked), and every chunk the
 * publish reads, in whatever order, belongs to the same moment.
 */

export interface SnapshotSample {
  seq: number;
  id: string;
  name: string;
  dir: string;
  path: string;
  type: number;
  status: string;
  labels: string;
  metadata: string;
  usage: string | null;
  size: number;
  sample_time: number;
  update_time: number;
}

/** A boolean SQL expression over `samples s` and its parameters (e.g. a compiled search). */
export interface SampleFilterSql {
  where: string;
  params: unknown[];
}

export interface SnapshotLabel {
  name: string;
  type: number;
  property: string;
  attributes: string | null;
}

const SAMPLE_COLUMNS = 's.seq, s.id, s.name, s.dir, s.path, s.type, s.status, s.labels, s.metadata, s.usage, s.size, s.sample_time, s.update_time';

export class Snapshot {
  private readonly db: SQLite.Database;
  private readonly stmts: Record<'candidates' | 'samples' | 'annotations', SQLite.Statement>;

  private constructor(file: string, private readonly datasetId: string) {
    this.db = new SQLite(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -16384');
    this.db.exec('BEGIN');
    // The first read fixes the snapshot.
    this.db.prepare('SELECT count(*) FROM datasets').get();
    this.stmts = {
      candidates: this.db.prepare(
        `SELECT seq, id, usage FROM samples WHERE dataset_id = ? AND status = 'MANUAL_ANNOTATION' AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      samples: this.db.prepare(
        `SELECT ${SAMPLE_COLUMNS} FROM samples s WHERE dataset_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      annotations: this.db.prepare('SELECT id, status, labels FROM samples WHERE dataset_id = ? AND id > ? ORDER BY id LIMIT ?'),
    };
  }

  static open(ctx: EngineContext, datasetId: string): Snapshot {
    return new Snapshot(ctx.sqlite.name, datasetId);
  }

  labels(): SnapshotLabel[] {
    return this.db
      .prepare('SELECT name, type, property, attributes FROM labels WHERE dataset_id = ? ORDER BY id')
      .all(this.datasetId) as SnapshotLabel[];
  }

  /** The dataset's samples, from its counter (no scan). */
  total(): number {
    return this.counter('total');
  }

  /** Labeled samples in seq order, `limit` after `afterSeq`: the ones a split may assign. */
  splitCandidates(afterSeq: number, limit: number): { seq: number; id: string; usage: string | null }[] {
    return this.stmts.candidates.all(this.datasetId, afterSeq, limit) as { seq: number; id: string; usage: string | null }[];
  }

  /** Every sample in seq order, `limit` after `afterSeq`. */
  samples(afterSeq: number, limit: number): SnapshotSample[] {
    return this.stmts.samples.all(this.datasetId, afterSeq, limit) as SnapshotSample[];
  }

  /**
   * The samples matching `filter` in seq order, `limit` after `afterSeq` (exports: a state, an id list, search
   * conditions). Prepared per call: filters vary with the request.
   */
  samplesWhere(filter: SampleFilterSql, afterSeq: number, limit: number): SnapshotSample[] {
    return this.db
      .prepare(`SELECT ${SAMPLE_COLUMNS} FROM samples s WHERE s.dataset_id = ? AND s.seq > ? AND (${filter.where}) ORDER BY s.seq LIMIT ?`)
      .all(this.datasetId, afterSeq, ...filter.params, limit) as SnapshotSample[];
  }

  /** How many samples match `filter` (one pass over the dataset's rows). */
  countWhere(filter: SampleFilterSql): number {
    return this.db
      .prepare(`SELECT count(*) FROM samples s WHERE s.dataset_id = ? AND (${filter.where})`)
      .pluck()
      .get(this.datasetId, ...filter.params) as number;
  }

  /** A counter of the dataset (`total`, `manual_annotation` …), read without a scan. */
  counter(state: string): number {
    const row = this.db.prepare('SELECT count FROM sample_counts WHERE dataset_id = ? AND state = ?').get(this.datasetId, state) as
      | { count: number }
      | undefined;
    return row?.count ?? 0;
  }

  /** Every sample's labels in id order, `limit` after `afterId`. */
  annotations(afterId: string, limit: number): { id: string; status: string; labels: string }[] {
    return this.stmts.annotations.all(this.datasetId, afterId, limit) as { id: string; status: string; labels: string }[];
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.exec('COMMIT');
    } finally {
      this.db.close();
    }
  }
}
