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
  update_time: number;
}

export interface SnapshotLabel {
  name: string;
  type: number;
  property: string;
  attributes: string | null;
}

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
        `SELECT seq, id, name, dir, path, type, status, labels, metadata, usage, update_time FROM samples
         WHERE dataset_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
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
    const row = this.db.prepare("SELECT count FROM sample_counts WHERE dataset_id = ? AND state = 'total'").get(this.datasetId) as
      | { count: number }
      | undefined;
    return row?.count ?? 0;
  }

  /** Labeled samples in seq order, `limit` after `afterSeq`: the ones a split may assign. */
  splitCandidates(afterSeq: number, limit: number): { seq: number; id: string; usage: string | null }[] {
    return this.stmts.candidates.all(this.datasetId, afterSeq, limit) as { seq: number; id: string; usage: string | null }[];
  }

  /** Every sample in seq order, `limit` after `afterSeq`. */
  samples(afterSeq: number, limit: number): SnapshotSample[] {
    return this.stmts.samples.all(this.datasetId, afterSeq, limit) as SnapshotSample[];
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
