import type { LabelStats } from '../../contract/label.js';
import type { EngineContext } from '../context.js';
import type { DatasetVersionsTable } from '../db/schema.js';
import { parseJson, stmt } from '../samples/sql.js';
import { activeStatuses } from '../tasks/kinds.js';

/**
 * SQL of the versions resource. Synchronous (better-sqlite3), so that a version row, its publish task and
 * the dataset's status change in one transaction.
 */
export type VersionRow = DatasetVersionsTable;

/** What a finished publish stores with its version (DatasetVersion's statistics). */
export interface VersionStats {
  total_sample_count: number;
  annotated_sample_count: number;
  previous_total_sample_count: number;
  previous_annotated_sample_count: number;
  add_sample_count: number;
  modified_sample_count: number;
  deleted_sample_count: number;
  label_stats: LabelStats[];
  label_type: 'single' | 'multi';
}

export const EMPTY_STATS: VersionStats = {
  total_sample_count: 0,
  annotated_sample_count: 0,
  previous_total_sample_count: 0,
  previous_annotated_sample_count: 0,
  add_sample_count: 0,
  modified_sample_count: 0,
  deleted_sample_count: 0,
  label_stats: [],
  label_type: 'single',
};

export const statsOf = (row: VersionRow): VersionStats => ({ ...EMPTY_STATS, ...parseJson<Partial<VersionStats>>(row.stats, {}) });

/** Sample ids and annotation hashes in id order: what the next version compares itself with. */
export const DIGESTS_FILE = '.sample-digests';

/** Object paths inside a version folder (§12: `annotation/Vnnn/Vnnn.manifest`, `annotation/Vnnn/data/`). */
export const versionPaths = (row: Pick<VersionRow, 'folder' | 'name'>) => ({
  manifest: `${row.folder}${row.name}.manifest`,
  data: `${row.folder}data/`,
  annotations: `${row.folder}annotations/`,
  digests: `${row.folder}${DIGESTS_FILE}`,
});

export function insertVersion(ctx: EngineContext, row: VersionRow): void {
  const cols = Object.keys(row) as (keyof VersionRow)[];
  ctx.sqlite
    .prepare(`INSERT INTO dataset_versions (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
    .run(row);
}

export function findVersion(ctx: EngineContext, datasetId: string, versionId: string): VersionRow | undefined {
  return stmt<VersionRow>(ctx, 'SELECT * FROM dataset_versions WHERE dataset_id = ? AND id = ?').get(datasetId, versionId);
}

export function versionNameTaken(ctx: EngineContext, datasetId: string, name: string): boolean {
  return stmt(ctx, 'SELECT 1 FROM dataset_versions WHERE dataset_id = ? AND name = ?').get(datasetId, name) !== undefined;
}

export function countVersions(ctx: EngineContext, datasetId: string): number {
  return stmt<{ n: number }>(ctx, 'SELECT count(*) AS n FROM dataset_versions WHERE dataset_id = ?').get(datasetId)!.n;
}

/** The version being published, if any. */
export function creatingVersion(ctx: EngineContext, datasetId: string): VersionRow | undefined {
  return stmt<VersionRow>(ctx, 'SELECT * FROM dataset_versions WHERE dataset_id = ? AND status = 0 LIMIT 1').get(datasetId);
}

/** When the dataset's last publish was asked for (its task stays after the version is deleted). */
export function lastPublishTime(ctx: EngineContext, datasetId: string): number | undefined {
  const row = stmt<{ t: number | null }>(ctx, "SELECT max(create_time) AS t FROM tasks WHERE dataset_id = ? AND kind = 'publish'").get(datasetId);
  return row?.t ?? undefined;
}

/** The newest published (normal) version: the one a new version is compared with. */
export function latestNormalVersion(ctx: EngineContext, datasetId: string): VersionRow | undefined {
  return stmt<VersionRow>(
    ctx,
    'SELECT * FROM dataset_versions WHERE dataset_id = ? AND status = 1 ORDER BY create_time DESC, rowid DESC LIMIT 1',
  ).get(datasetId);
}

export interface VersionFilter {
  offset: number;
  limit: number;
  status?: number;
  ratioRange?: [number, number];
  format?: string;
}

/** V1: newest first; `offset` is a page index. */
export function listVersionRows(ctx: EngineContext, datasetId: string, f: VersionFilter): { total: number; rows: VersionRow[] } {
  const where = ['dataset_id = @datasetId'];
  const params: Record<string, unknown> = { datasetId };
  if (f.status !== undefined) {
    where.push('status = @status');
    params.status = f.status;
  }
  if (f.ratioRange) {
    where.push('CAST(train_evaluate_sample_ratio AS REAL) BETWEEN @low AND @high');
    [params.low, params.high] = f.ratioRange;
  }
  if (f.format !== undefined) {
    where.push('version_format = @format');
    params.format = f.format;
  }
  const clause = where.join(' AND ');
  const { total } = ctx.sqlite.prepare(`SELECT count(*) AS total FROM dataset_versions WHERE ${clause}`).get(params) as { total: number };
  const rows = ctx.sqlite
    .prepare(`SELECT * FROM dataset_versions WHERE ${clause} ORDER BY create_time DESC, rowid DESC LIMIT @limit OFFSET @skip`)
    .all({ ...params, limit: f.limit, skip: f.offset * f.limit }) as VersionRow[];
  return { total, rows };
}

export interface VersionEnd {
  status: number;
  stats?: VersionStats;
  previous_version_id?: string | null;
  code?: string | null;
  message?: string | null;
}

/** Records the end of a publish; false when the row is gone (the dataset was deleted meanwhile). */
export function endVersion(ctx: EngineContext, versionId: string, end: VersionEnd): boolean {
  return (
    stmt(
      ctx,
      `UPDATE dataset_versions SET status = @status, stats = coalesce(@stats, stats), code = @code, message = @message,
         previous_version_id = coalesce(@previous, previous_version_id), update_time = @now WHERE id = @id`,
    ).run({
      id: versionId,
      status: end.status,
      stats: end.stats ? JSON.stringify(end.stats) : null,
      previous: end.previous_version_id ?? null,
      code: end.code ?? null,
      message: end.message ?? null,
      now: ctx.now(),
    }).changes > 0
  );
}

export function deleteVersionRow(ctx: EngineContext, versionId: string): boolean {
  return stmt(ctx, 'DELETE FROM dataset_versions WHERE id = ?').run(versionId).changes > 0;
}

/** Sets (or clears, with null) the dataset's current version. */
export function setCurrentVersion(ctx: EngineContext, datasetId: string, versionId: string | null): void {
  stmt(ctx, 'UPDATE datasets SET current_version_id = ?, update_time = ? WHERE id = ?').run(versionId, ctx.now(), datasetId);
}

/** Versions left "creating" whose publish task is no longer queued or running (a crash, a restart). */
export function orphanedCreatingVersions(ctx: EngineContext): (VersionRow & { error_code: string | null; error_msg: string | null })[] {
  const active = activeStatuses('publish');
  return ctx.sqlite
    .prepare(
      `SELECT v.*, t.error_code AS error_code, t.error_msg AS error_msg FROM dataset_versions v
       LEFT JOIN tasks t ON t.id = v.task_id
       WHERE v.status = 0 AND (t.id IS NULL OR t.status NOT IN (${active.map(() => '?').join(', ')}))`,
    )
    .all(...active) as (VersionRow & { error_code: string | null; error_msg: string | null })[];
}
