import { randomInt } from 'node:crypto';
import type { BatchBody } from '../../contract/common.js';
import {
  DATASET_STATUS,
  isImageDatasetType,
  type CreateDatasetBody,
  type Dataset,
  type ListDatasetsResp,
  type UpdateDatasetBody,
} from '../../contract/dataset.js';
import { ERRORS, ModelArtsError, type ErrorCode } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { startImport } from '../import-tasks/service.js';
import { createLabels, deleteLabels, updateLabels } from '../labels/service.js';
import { initCounters } from '../samples/repository.js';
import { abortDatasetTasks } from '../tasks/queue.js';
import { switchCurrentVersion } from '../versions/service.js';
import { checkDatasetPaths, createInnerFolders, innerPaths } from './paths.js';
import { toDataset } from './read-model.js';
import {
  datasetIdByName,
  deleteDatasetRow,
  findDataset,
  insertDataset,
  listDatasetRows,
  updateDatasetRow,
  type DatasetExtra,
  type DatasetFilter,
  type DatasetRow,
} from './repository.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Dataset ids are 19 alphanumeric characters, like the cloud service's (§0). */
export function newDatasetId(): string {
  let id = '';
  for (let i = 0; i < 19; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

function requireRow(ctx: EngineContext, id: string): DatasetRow {
  const row = findDataset(ctx, id);
  if (!row || row.status === DATASET_STATUS.DELETED) throw new ModelArtsError('4352', `Dataset ${id} does not exist`);
  return row;
}

function assertNameFree(ctx: EngineContext, name: string, except?: string): void {
  const owner = datasetIdByName(ctx, name);
  if (owner !== undefined && owner !== except) throw new ModelArtsError('4351', `A dataset named ${JSON.stringify(name)} already exists`);
}

/** A failed label batch fails the whole dataset change (and rolls back its transaction). */
function requireBatch(body: BatchBody): void {
  if (body.success) return;
  const code = (body.error_code ?? '').replace(/^ModelArts\./, '');
  throw code in ERRORS ? new ModelArtsError(code as ErrorCode, body.error_msg) : new ModelArtsError('4200', body.error_msg ?? 'Label change failed');
}

/**
 * D2. Paths are checked, the internal folders made, then the row, its counters and its labels are written
 * in one transaction together with the import task (image datasets), which runs in the background: the
 * answer never waits for the import.
 */
export async function createDataset(ctx: EngineContext, body: CreateDatasetBody): Promise<{ dataset_id: string; import_task_id?: string }> {
  assertNameFree(ctx, body.dataset_name);
  const source = body.data_sources[0];
  if (source.data_type !== 0) {
    throw new ModelArtsError('4396', `data_type ${source.data_type} is not supported by this engine; only OBS (0) sources are`);
  }
  const { workPath, dataPath } = await checkDatasetPaths(ctx, body.work_path, source.data_path);
  const id = newDatasetId();
  const inner = innerPaths(`${workPath}${body.dataset_name}-${id}/`);
  const undoFolders = await createInnerFolders(ctx, inner);

  const now = ctx.now();
  const extra: DatasetExtra = {
    inner_work_path: inner.inner_work_path,
    import_annotations: body.import_annotations ?? true,
    import_data: body.import_data ?? false,
    managed: body.managed ?? false,
    ...(body.label_format ? { label_format: body.label_format } : {}),
    ...(body.workforce_information ? { workforce_information: body.workforce_information } : {}),
  };
  const row: DatasetRow = {
    id,
    name: body.dataset_name,
    type: body.dataset_type,
    description: body.description ?? '',
    status: DATASET_STATUS.NORMAL,
    data_sources: JSON.stringify([{ ...source, data_type: 0, data_path: dataPath }]),
    work_path: workPath,
    work_path_type: body.work_path_type,
    data_format: body.data_format ?? 'Default',
    schema_json: body.schema ? JSON.stringify(body.schema) : null,
    extra: JSON.stringify(extra),
    workspace_id: body.workspace_id ?? '0',
    import_task_id: null,
    current_version_id: null,
    next_version_num: 1,
    create_time: now,
    update_time: now,
    data_update_time: now,
  };
  try {
    const importTaskId = ctx.sqlite.transaction(() => {
      assertNameFree(ctx, body.dataset_name); // again inside the transaction: two creations may race
      insertDataset(ctx, row);
      initCounters(ctx, id);
      if (body.labels?.length) requireBatch(createLabels(ctx, id, body.dataset_type, body.labels));
      if (!isImageDatasetType(body.dataset_type)) return undefined;
      // startImport records its task id on the dataset and sets status 8 (importing) itself.
      return startImport(ctx, { datasetId: id, importPath: dataPath, importAnnotations: extra.import_annotations ?? true });
    })();
    return { dataset_id: id, ...(importTaskId ? { import_task_id: importTaskId } : {}) };
  } catch (err) {
    await undoFolders();
    throw err;
  }
}

/** D3. */
export function getDataset(ctx: EngineContext, id: string, opts: { runningTaskType?: number } = {}): Dataset {
  return toDataset(ctx, requireRow(ctx, id), opts);
}

/** D1: `offset` is a page index; `search_content` matches part of the name. */
export function listDatasets(ctx: EngineContext, q: DatasetFilter & { running_task_type?: number }): ListDatasetsResp {
  const { total, rows } = listDatasetRows(ctx, q);
  return { total_number: total, datasets: rows.map((row) => toDataset(ctx, row, { runningTaskType: q.running_task_type })) };
}

/**
 * D4: rename, description, the current version (4353 for a version the dataset has not published), and
 * label edits (deleted, then updated, then added, so that a request may replace a label by a new one of
 * the same name), all in one transaction.
 */
export function updateDataset(ctx: EngineContext, id: string, body: UpdateDatasetBody): { dataset_id: string } {
  const row = requireRow(ctx, id);
  ctx.sqlite.transaction(() => {
    if (body.current_version_id !== undefined) switchCurrentVersion(ctx, id, body.current_version_id);
    if (body.dataset_name !== undefined && body.dataset_name !== row.name) assertNameFree(ctx, body.dataset_name, id);
    updateDatasetRow(ctx, id, { name: body.dataset_name, description: body.description, update_time: ctx.now() });
    if (body.delete_labels?.length) requireBatch(deleteLabels(ctx, id, body.delete_labels.map((l) => l.name), 0));
    if (body.update_labels?.length) requireBatch(updateLabels(ctx, id, body.update_labels));
    if (body.add_labels?.length) requireBatch(createLabels(ctx, id, row.type, body.add_labels));
  })();
  return { dataset_id: id };
}

/**
 * D5: the dataset's running tasks are stopped, then its rows go (labels, samples, counters and tasks with
 * them); source files and work-path files stay.
 */
export function deleteDataset(ctx: EngineContext, id: string): void {
  requireRow(ctx, id);
  abortDatasetTasks(ctx, id, new ModelArtsError('4344', `Dataset ${id} was deleted`));
  deleteDatasetRow(ctx, id);
}
