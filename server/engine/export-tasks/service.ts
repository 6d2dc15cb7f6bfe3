import { DATASET_STATUS } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { CreateExportTaskBody } from '../../contract/export-task.js';
import { VERSION_STATUS } from '../../contract/version.js';
import { ResourceName } from '../../contract/common.js';
import type { EngineContext } from '../context.js';
import { checkDatasetPaths, innerPaths } from '../datasets/paths.js';
import { datasetExtra } from '../datasets/read-model.js';
import { datasetIdByName, findDataset, type DatasetRow } from '../datasets/repository.js';
import { newDatasetId } from '../datasets/service.js';
import { compileSearch } from '../samples/search.js';
import { enqueueTask, findIdempotentTask } from '../tasks/queue.js';
import { randomAlphanumeric } from '../tasks/repository.js';
import { ANNOTATION_TYPES } from '../versions/manifest-lines.js';
import { findVersion } from '../versions/repository.js';
import { withDefaults, type ExportRequest, type ExportTaskParams } from './params.js';

const invalid = (message: string) => new ModelArtsError('4384', message);

function requireDataset(ctx: EngineContext, id: string): DatasetRow {
  const row = findDataset(ctx, id);
  if (!row || row.status === DATASET_STATUS.DELETED) throw new ModelArtsError('4352', `Dataset ${id} does not exist`);
  if (row.status === DATASET_STATUS.DELETING) throw new ModelArtsError('4344', `Dataset ${id} is being deleted`);
  return row;
}

/** The options that do not depend on the store: 4384 for a combination the export cannot honour. */
function checkOptions(ctx: EngineContext, dataset: DatasetRow, r: ExportRequest): void {
  if (!ANNOTATION_TYPES[dataset.type]) {
    throw new ModelArtsError('4383', `Exporting datasets of type ${dataset.type} is not supported by this engine`);
  }
  for (const format of [r.version_format, r.export_params.export_dataset_version_format]) {
    if (format !== undefined && format !== 'Default') throw invalid(`version_format ${format} is for table datasets; this dataset exports Default`);
  }
  const p = r.export_params;
  if (r.sample_state !== undefined && p.sample_state !== undefined && r.sample_state !== p.sample_state) {
    throw invalid(`sample_state ${r.sample_state} and export_params.sample_state ${p.sample_state} disagree`);
  }
  if (r.export_type === 3) {
    if (!p.search_conditions?.length) throw invalid('export_type 3 (by search condition) needs export_params.search_conditions');
    if (r.version_id) throw invalid('search_conditions select live samples; they cannot be combined with version_id');
    try {
      compileSearch(dataset.id, p.search_conditions, { join: 'OR', now: ctx.now() });
    } catch (err) {
      throw invalid(err instanceof Error ? err.message : 'invalid search_conditions');
    }
  }
  if (r.version_id) {
    const version = findVersion(ctx, dataset.id, r.version_id);
    if (!version) throw new ModelArtsError('4353', `Dataset version ${r.version_id} does not exist`);
    if (version.status !== VERSION_STATUS.NORMAL) {
      throw new ModelArtsError('4824', `Version ${version.name} is not a published version (status ${version.status}); export it once it is`);
    }
  }
}

/** `path`: required, an existing folder of the store (4358; 4311 / 4312 / 4313 from the store). */
async function outputRoot(ctx: EngineContext, input: string | undefined): Promise<string> {
  if (input === undefined) throw new ModelArtsError('4358', 'path is required: the folder the export is written to');
  const ref = await ctx.store.resolveExisting(input);
  if (!ref.isDirectory) throw new ModelArtsError('4358', `Invalid export path ${ref.objectPath}: it is a file, not a folder`);
  return ref.objectPath.endsWith('/') ? ref.objectPath : `${ref.objectPath}/`;
}

/** NEW_DATASET: a free, valid name and a usable work path (the source's when none is given). */
async function newDatasetTarget(ctx: EngineContext, dataset: DatasetRow, r: ExportRequest, root: string): Promise<{ workPath: string; name: string }> {
  const name = r.export_params.export_new_dataset_name;
  if (name === undefined) throw invalid('export_dest NEW_DATASET needs export_params.export_new_dataset_name');
  if (!ResourceName(1, 100).safeParse(name).success) throw invalid(`export_new_dataset_name ${JSON.stringify(name)}: only letters, digits, _ and - are allowed`);
  if (datasetIdByName(ctx, name) !== undefined) throw new ModelArtsError('4351', `A dataset named ${JSON.stringify(name)} already exists`);
  const work = r.export_params.export_new_dataset_work_path ?? dataset.work_path;
  const { workPath } = await checkDatasetPaths(ctx, work, root);
  return { workPath, name };
}

/**
 * E2: checks the request, the dataset, the version and the path before anything is queued (4352, 4353,
 * 4824, 4383, 4384, 4358, 4311–4313, 4351), then queues the export and returns its 19-character id. A
 * repeated request with the same idempotency key returns the first one's task.
 */
export async function createExportTask(ctx: EngineContext, datasetId: string, body: CreateExportTaskBody, idempotencyKey?: string): Promise<string> {
  const earlier = findIdempotentTask(ctx, 'export', idempotencyKey);
  if (earlier) return earlier;
  const dataset = requireDataset(ctx, datasetId);
  const request = withDefaults(body);
  checkOptions(ctx, dataset, request);
  const root = await outputRoot(ctx, request.path);
  const id = randomAlphanumeric(19);
  const temp = `${innerPaths(datasetExtra(dataset).inner_work_path).inner_temp_path}export-${id}/`;
  let params: ExportTaskParams;
  if (request.export_params.export_dest === 'NEW_DATASET') {
    const target = await newDatasetTarget(ctx, dataset, request, root);
    params = {
      ...request,
      dataset_id: datasetId,
      _output: ctx.store.parse(`${root}${target.name}-${id}/`).objectPath,
      _temp: temp,
      _new_dataset_id: newDatasetId(),
      _new_work_path: target.workPath,
    };
  } else {
    params = { ...request, dataset_id: datasetId, _output: ctx.store.parse(`${root}${dataset.name}-${id}/`).objectPath, _temp: temp };
  }
  ctx.store.parse(temp);
  return ctx.sqlite.transaction(() => {
    requireDataset(ctx, datasetId);
    return enqueueTask(ctx, {
      id,
      kind: 'export',
      datasetId,
      params: params as unknown as Record<string, unknown>,
      result: { total_sample_count: 0, finished_sample_count: 0 },
      idempotencyKey,
    }).id;
  })();
}
