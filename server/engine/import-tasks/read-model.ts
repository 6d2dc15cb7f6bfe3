import { DATASET_STATUS } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import { ImportStatus, importTypeCode, type ImportTaskStatusResp } from '../../contract/import-task.js';
import type { EngineContext } from '../context.js';
import { getTask, listTasks, type TaskRow } from '../tasks/repository.js';
import type { ImportType } from './import-job.js';

/** What an import task row keeps in `params`. */
export interface ImportTaskParams {
  import_path: string;
  import_type: ImportType;
  import_annotations: boolean;
}

const count = (result: Record<string, unknown>, key: string): number => {
  const v = result[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/** A task row as I1 / I3 return it (ImportTaskStatusResp). */
export function toImportTaskResp(ctx: EngineContext, row: TaskRow): ImportTaskStatusResp {
  const params = JSON.parse(row.params) as Partial<ImportTaskParams>;
  const importPath = params.import_path ?? '';
  const result = JSON.parse(row.result) as Record<string, unknown>;
  const c = (key: string) => count(result, key);
  const started = row.start_time ?? undefined;
  const elapsedMs = started === undefined ? 0 : (row.end_time ?? ctx.now()) - started;
  const status = ImportStatus.safeParse(row.status);
  return {
    task_id: row.id,
    dataset_id: row.dataset_id ?? '',
    import_path: importPath,
    import_type: importTypeCode(params.import_type ?? 'dir'),
    status: status.success ? status.data : 'NOT_EXIST',
    ...(importPath ? { data_source: { data_type: 0, data_path: importPath } } : {}),
    total_sample_count: c('total_sample_count'),
    imported_sample_count: c('imported_sample_count'),
    annotated_sample_count: c('annotated_sample_count'),
    unconfirmed_sample_count: c('unconfirmed_sample_count'),
    total_file_count: c('total_file_count'),
    finished_file_count: c('finished_file_count'),
    total_file_size: c('total_file_size'),
    finished_file_size: c('finished_file_size'),
    file_statistics: {
      file_num_total: c('total_file_count'),
      file_num_finished: c('finished_file_count'),
      file_size_total: c('total_file_size'),
      file_size_finished: c('finished_file_size'),
    },
    create_time: row.create_time,
    update_ms: row.update_time,
    elapsed_time: Math.max(0, Math.round(elapsedMs / 1000)),
    ...(row.error_code ? { error_code: row.error_code, error_msg: row.error_msg ?? '' } : {}),
    failed_file_count: c('failed_file_count'),
    invalid_annotation_count: c('invalid_annotation_count'),
    skipped_file_count: c('skipped_file_count'),
    excluded_annotation_count: c('excluded_annotation_count'),
    issues: Array.isArray(result.issues) ? (result.issues as ImportTaskStatusResp['issues']) : [],
  };
}

export function assertDatasetExists(ctx: EngineContext, datasetId: string): { type: number; status: number } {
  const row = ctx.sqlite.prepare('SELECT type, status FROM datasets WHERE id = ?').get(datasetId) as
    | { type: number; status: number }
    | undefined;
  if (!row || row.status === DATASET_STATUS.DELETED) throw new ModelArtsError('4352', `Dataset ${datasetId} does not exist`);
  return row;
}

/** I1: a dataset's import tasks, newest first. */
export function listImportTasks(ctx: EngineContext, datasetId: string, page: { offset: number; limit: number }) {
  assertDatasetExists(ctx, datasetId);
  const { total, rows } = listTasks(ctx, { datasetId, kind: 'import', ...page });
  return { total_count: total, import_tasks: rows.map((r) => toImportTaskResp(ctx, r)) };
}

/** I3: one import task of the dataset. */
export function getImportTask(ctx: EngineContext, datasetId: string, taskId: string): ImportTaskStatusResp {
  assertDatasetExists(ctx, datasetId);
  const row = getTask(ctx, taskId);
  if (!row || row.kind !== 'import' || row.dataset_id !== datasetId) {
    throw new ModelArtsError('4200', `Import task ${taskId} does not exist in dataset ${datasetId}`);
  }
  return toImportTaskResp(ctx, row);
}
