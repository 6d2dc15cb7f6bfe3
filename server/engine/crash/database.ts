import path from 'node:path';
import Database from 'better-sqlite3';
import type { EngineContext } from '../context.js';
import { readCounters, recount, type DatasetCounters } from '../samples/repository.js';

/**
 * The engine's database as the crash tests read it: a read-only connection of the test process (the
 * engine is dead, or running in WAL mode, which lets a reader in beside it). Nothing here writes.
 */

export interface TaskRowView {
  id: string;
  kind: string;
  status: string;
  progress: number;
  attempts: number;
  end_time: number | null;
  error_code: string | null;
  error_msg: string | null;
  params: string;
}

export interface DatasetRowView {
  id: string;
  name: string;
  status: number;
  extra: string;
}

export class EngineDatabase {
  readonly sqlite: Database.Database;

  private constructor(dataDir: string) {
    this.sqlite = new Database(path.join(dataDir, 'engine.sqlite'), { readonly: true, fileMustExist: true });
  }

  /** A read-only connection; `close` it. */
  static open(dataDir: string): EngineDatabase {
    return new EngineDatabase(dataDir);
  }

  /** Runs `fn` on a read-only connection, closed afterwards. */
  static read<T>(dataDir: string, fn: (db: EngineDatabase) => T): T {
    const db = new EngineDatabase(dataDir);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  close(): void {
    this.sqlite.close();
  }

  integrity(): string {
    return String(this.sqlite.pragma('integrity_check', { simple: true }));
  }

  task(id: string): TaskRowView | undefined {
    return this.sqlite.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRowView | undefined;
  }

  /** Tasks that have not ended (queued, starting or running). */
  unfinishedTasks(): TaskRowView[] {
    return this.sqlite.prepare('SELECT * FROM tasks WHERE end_time IS NULL').all() as TaskRowView[];
  }

  dataset(id: string): DatasetRowView | undefined {
    return this.sqlite.prepare('SELECT id, name, status, extra FROM datasets WHERE id = ?').get(id) as DatasetRowView | undefined;
  }

  datasets(): DatasetRowView[] {
    return this.sqlite.prepare('SELECT id, name, status, extra FROM datasets').all() as DatasetRowView[];
  }

  versionStatus(id: string): number | undefined {
    return this.sqlite.prepare('SELECT status FROM dataset_versions WHERE id = ?').pluck().get(id) as number | undefined;
  }

  sampleCount(datasetId: string): number {
    return this.sqlite.prepare('SELECT COUNT(*) FROM samples WHERE dataset_id = ?').pluck().get(datasetId) as number;
  }

  sampleIds(datasetId: string): string[] {
    return this.sqlite.prepare('SELECT id FROM samples WHERE dataset_id = ? ORDER BY seq').pluck().all(datasetId) as string[];
  }

  /** Object paths held by more than one sample of the dataset. */
  duplicatePaths(datasetId: string): string[] {
    return this.sqlite
      .prepare('SELECT path FROM samples WHERE dataset_id = ? GROUP BY path HAVING COUNT(*) > 1')
      .pluck()
      .all(datasetId) as string[];
  }

  /**
   * The stored counters and the same counters recomputed from the rows, by the samples module's own
   * functions. They only read `ctx.sqlite`, so a context holding this read-only connection is enough.
   */
  counters(datasetId: string): { stored: DatasetCounters; recounted: DatasetCounters } {
    const ctx = { sqlite: this.sqlite } as unknown as EngineContext;
    return { stored: readCounters(ctx, datasetId), recounted: recount(ctx, datasetId) };
  }

  /** Per label: the sample↔label link rows (samples, occurrences) — the index searches by label use. */
  labelLinks(datasetId: string): Record<string, { sample_count: number; count: number }> {
    const rows = this.sqlite
      .prepare(
        `SELECT l.name, COUNT(sl.sample_seq) AS sample_count, COALESCE(SUM(sl.occurrences), 0) AS count
           FROM labels l LEFT JOIN sample_labels sl ON sl.label_id = l.id
          WHERE l.dataset_id = ? GROUP BY l.id`,
      )
      .all(datasetId) as { name: string; sample_count: number; count: number }[];
    return Object.fromEntries(rows.map((r) => [r.name, { sample_count: r.sample_count, count: r.count }]));
  }
}
