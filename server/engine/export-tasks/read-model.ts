import { DATASET_STATUS } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import { ExportStatus, type ExportTaskStatusResp, type ListExportTasksResp } from '../../contract/export-task.js';
import type { z } from 'zod';
import type { EngineContext } from '../context.js';
import { parseJson } from '../samples/sql.js';
import type { TaskRow } from '../tasks/repository.js';
import type { ExportTaskParams } from './params.js';

const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A task row as E1 / E3 return it. */
export function toExportTaskResp(row: TaskRow): ExportTaskStatusResp {
  const p = parseJson<Partial<ExportTaskParams>>(row.params, {});
  const result = parseJson<Record<string, unknown>>(row.result, {});
  const status = ExportStatus.safeParse(row.status);
  const resp: ExportTaskStatusResp = {
    task_id: row.id,
    export_type: p.export_type ?? 0,
    status: status.success ? status.data : 'FAILED',
    progress: Math.max(0, Math.min(100, row.progress)),
    total_sample_count: int(result.total_sample_count),
    finished_sample_count: int(result.finished_sample_count),
    create_time: row.create_time,
    update_time: row.update_time,
  };
  if (p.path !== undefined) resp.path = p.path;
  if (p.export_format !== undefined) resp.export_format = p.export_format;
  if (p.export_params) resp.export_params = p.export_params as ExportTaskStatusResp['export_params'];
  if (p.version_id !== undefined) resp.version_id = p.version_id;
  if (p.version_format !== undefined) resp.version_format = p.version_format;
  if (p.annotation_format !== undefined) resp.annotation_format = p.annotation_format;
  if (row.error_code) {
    resp.error_code = row.error_code;
    resp.error_msg = row.error_msg ?? '';
  }
  if (resp.status === 'SUCCESSED') {
    const manifest = str(result.manifest_path);
    const created = str(result.new_dataset_id);
    const output = str(result.output_path);
    if (manifest) resp.manifest_path = manifest;
    if (created) resp.new_dataset_id = created;
    if (output) resp.output_path = output;
    resp.skipped_annotation_count = int(result.skipped_annotation_count);
  }
  return resp;
}

function assertDataset(ctx: EngineContext, datasetId: string): void {
  const row = ctx.sqlite.prepare('SELECT status FROM datasets WHERE id = ?').get(datasetId) as { status: number } | undefined;
  if (!row || row.status === DATASET_STATUS.DELETED) throw new ModelArtsError('4352', `Dataset ${datasetId} does not exist`);
}

/** E1: a dataset's export tasks, newest first; `offset` is a page index. */
export function listExportTasks(
  ctx: EngineContext,
  datasetId: string,
  q: { export_type?: number; offset: number; limit: number },
): z.infer<typeof ListExportTasksResp> {
  assertDataset(ctx, datasetId);
  const where = ["dataset_id = ? AND kind = 'export'"];
  const args: unknown[] = [datasetId];
  if (q.export_type !== undefined) {
    where.push("coalesce(json_extract(params, '$.export_type'), 0) = ?");
    args.push(q.export_type);
  }
  const clause = where.join(' AND ');
  const total = ctx.sqlite.prepare(`SELECT count(*) FROM tasks WHERE ${clause}`).pluck().get(...args) as number;
  const rows = ctx.sqlite
    .prepare(`SELECT * FROM tasks WHERE ${clause} ORDER BY create_time DESC, rowid DESC LIMIT ? OFFSET ?`)
    .all(...args, q.limit, q.offset * q.limit) as TaskRow[];
  return { total_count: total, export_tasks: rows.map(toExportTaskResp) };
}

/** E3: 4352 for an unknown dataset, 4359 for a task that is not one of its exports. */
export function getExportTask(ctx: EngineContext, datasetId: string, taskId: string): ExportTaskStatusResp {
  assertDataset(ctx, datasetId);
  const row = ctx.sqlite.prepare("SELECT * FROM tasks WHERE id = ? AND kind = 'export' AND dataset_id = ?").get(taskId, datasetId) as TaskRow | undefined;
  if (!row) throw new ModelArtsError('4359', `Export task ${taskId} does not exist in dataset ${datasetId}`);
  return toExportTaskResp(row);
}
