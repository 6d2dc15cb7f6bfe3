import type { EngineContext } from '../context.js';
import type { DatasetsTable } from '../db/schema.js';

/**
 * SQL of the datasets resource. Synchronous (better-sqlite3), so that a creation or an update and the label
 * changes that come with it run in one transaction.
 */
export type DatasetRow = DatasetsTable;

/** What D2 stores beyond the columns (`extra`): options kept for later reads and tasks. */
export interface DatasetExtra {
  inner_work_path: string;
  import_annotations?: boolean;
  import_data?: boolean;
  managed?: boolean;
  label_format?: unknown;
  workforce_information?: unknown;
}

export function findDataset(ctx: EngineContext, id: string): DatasetRow | undefined {
  return ctx.sqlite.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
}

export function datasetIdByName(ctx: EngineContext, name: string): string | undefined {
  return (ctx.sqlite.prepare('SELECT id FROM datasets WHERE name = ?').get(name) as { id: string } | undefined)?.id;
}

export function insertDataset(ctx: EngineContext, row: DatasetRow): void {
  const cols = Object.keys(row) as (keyof DatasetRow)[];
  ctx.sqlite
    .prepare(`INSERT INTO datasets (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
    .run(row);
}

export function updateDatasetRow(
  ctx: EngineContext,
  id: string,
  changes: Partial<Pick<DatasetRow, 'name' | 'description'>> & { update_time: number },
): void {
  const cols = Object.keys(changes).filter((c) => changes[c as keyof typeof changes] !== undefined);
  ctx.sqlite.prepare(`UPDATE datasets SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
}

/** Removes the dataset's rows; labels, samples, counters and tasks go with it (ON DELETE CASCADE). */
export function deleteDatasetRow(ctx: EngineContext, id: string): boolean {
  return ctx.sqlite.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
}

export interface DatasetFilter {
  offset: number;
  limit: number;
  order: 'asc' | 'desc';
  sort_by: 'create_time' | 'dataset_name';
  search_content?: string;
  dataset_type?: number;
  workspace_id?: string;
}

/** `search_content` is a substring of the name, case-insensitively; `%` and `_` in it are literal. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** D1: one page (offset = page index) and the total that matches. */
export function listDatasetRows(ctx: EngineContext, f: DatasetFilter): { total: number; rows: DatasetRow[] } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.search_content) {
    where.push("name LIKE @pattern ESCAPE '\\'");
    params.pattern = likePattern(f.search_content);
  }
  if (f.dataset_type !== undefined) {
    where.push('type = @type');
    params.type = f.dataset_type;
  }
  if (f.workspace_id !== undefined) {
    where.push('workspace_id = @workspace_id');
    params.workspace_id = f.workspace_id;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const dir = f.order === 'asc' ? 'ASC' : 'DESC';
  // rowid breaks ties (datasets created in the same millisecond) in the same direction.
  const orderBy = f.sort_by === 'dataset_name' ? `name ${dir}, rowid ${dir}` : `create_time ${dir}, rowid ${dir}`;
  const { total } = ctx.sqlite.prepare(`SELECT count(*) AS total FROM datasets ${clause}`).get(params) as { total: number };
  const rows = ctx.sqlite
    .prepare(`SELECT * FROM datasets ${clause} ORDER BY ${orderBy} LIMIT @limit OFFSET @skip`)
    .all({ ...params, limit: f.limit, skip: f.offset * f.limit }) as DatasetRow[];
  return { total, rows };
}

/**
 * Task statuses that mean "finished", over every task kind's vocabulary (imports end COMPLETED / FAILED,
 * exports SUCCESSED / FAILED).
 */
const FINISHED = ['COMPLETED', 'FAILED', 'SUCCESSED', 'NOT_EXIST'];

/** Ids of the dataset's tasks still queued or running, optionally of some kinds only, oldest first. */
export function runningTaskIds(ctx: EngineContext, datasetId: string, kinds?: readonly string[]): string[] {
  const kindClause = kinds ? `AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
  const rows = ctx.sqlite
    .prepare(
      `SELECT id FROM tasks WHERE dataset_id = ? AND status NOT IN (${FINISHED.map(() => '?').join(', ')}) ${kindClause} ORDER BY create_time`,
    )
    .all(datasetId, ...FINISHED, ...(kinds ?? [])) as { id: string }[];
  return rows.map((r) => r.id);
}
