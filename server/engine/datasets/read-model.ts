import type { DataSource, Dataset } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import { listLabels } from '../labels/service.js';
import { readSampleCounts } from '../samples/repository.js';
import { datasetVersionFields } from '../versions/read-model.js';
import { innerPaths } from './paths.js';
import { runningTaskIds, type DatasetExtra, type DatasetRow } from './repository.js';

/**
 * `running_task_type` (§9) → the `tasks.kind` values that count as that type. Imports from a folder or a
 * manifest are both "manifest import" tasks here; intelligent tasks carry the API's own task_type names.
 */
const KINDS_OF_RUNNING_TYPE: Record<number, readonly string[]> = {
  0: ['auto-label'],
  1: ['pre-label'],
  2: ['export'],
  3: ['version-switch'],
  4: ['manifest-export'],
  5: ['import'],
  6: ['publish'],
  7: ['auto-grouping'],
};

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** The row's `extra`; a row written without `inner_work_path` (older or hand-made rows) gets the §12 default. */
export function datasetExtra(row: DatasetRow): DatasetExtra {
  const extra = parseJson<Partial<DatasetExtra>>(row.extra, {});
  return { ...extra, inner_work_path: extra.inner_work_path ?? `${row.work_path}${row.name}-${row.id}/` };
}

/** D3 (and each item of D1): the row with its counters, labels and running tasks. */
export function toDataset(ctx: EngineContext, row: DatasetRow, opts: { runningTaskType?: number } = {}): Dataset {
  const extra = datasetExtra(row);
  const counts = readSampleCounts(ctx, row.id);
  const kinds = opts.runningTaskType === undefined ? undefined : (KINDS_OF_RUNNING_TYPE[opts.runningTaskType] ?? []);
  const running = kinds?.length === 0 ? [] : runningTaskIds(ctx, row.id, kinds);
  const schema = parseJson<Dataset['schema']>(row.schema_json, undefined);
  return {
    dataset_id: row.id,
    dataset_name: row.name,
    dataset_type: row.type,
    dataset_format: row.type === 400 ? 1 : 0,
    data_format: row.data_format,
    description: row.description,
    status: row.status,
    create_time: row.create_time,
    update_time: row.update_time,
    data_update_time: row.data_update_time,
    data_sources: parseJson<DataSource[]>(row.data_sources, []),
    work_path: row.work_path,
    work_path_type: row.work_path_type,
    ...innerPaths(extra.inner_work_path),
    ...datasetVersionFields(ctx, row),
    labels: listLabels(ctx, row.id),
    ...(schema ? { schema } : {}),
    total_sample_count: counts.total,
    annotated_sample_count: counts.manual_annotation,
    unconfirmed_sample_count: counts.auto_annotation,
    deleted_sample_count: 0,
    loading_sample_count: 0,
    exist_running_task: running.length > 0,
    running_tasks_id: running,
    exist_workforce_task: false,
    workforce_task_count: 0,
    import_data: extra.import_data ?? false,
    ...(row.import_task_id ? { import_task_id: row.import_task_id } : {}),
    managed: extra.managed ?? false,
    content_labeling: true,
    feature_supports: ['0'],
    workspace_id: row.workspace_id,
  };
}
