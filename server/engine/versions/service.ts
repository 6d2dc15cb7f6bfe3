import { rm } from 'node:fs/promises';
import { DATASET_STATUS } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import { VERSION_FORMATS, VERSION_STATUS, type CreateVersionBody, type DatasetVersion, type ListVersionsResp } from '../../contract/version.js';
import type { EngineContext } from '../context.js';
import { innerPaths } from '../datasets/paths.js';
import { datasetExtra } from '../datasets/read-model.js';
import { findDataset, type DatasetRow } from '../datasets/repository.js';
import { readSampleCounts } from '../samples/repository.js';
import { enqueueTask } from '../tasks/queue.js';
import { findActiveTask, randomAlphanumeric } from '../tasks/repository.js';
import type { PublishTaskParams } from './handler.js';
import { ANNOTATION_TYPES } from './manifest-lines.js';
import type { PublishPlan } from './publish-job.js';
import { toDatasetVersion } from './read-model.js';
import {
  countVersions,
  creatingVersion,
  deleteVersionRow,
  findVersion,
  insertVersion,
  lastPublishTime,
  latestNormalVersion,
  listVersionRows,
  setCurrentVersion,
  statsOf,
  versionNameTaken,
  type VersionRow,
} from './repository.js';
import { evalCount, parseRatio } from './split.js';

/** One publish per minute per dataset (4370), and at most this many versions per dataset (4714). */
export const PUBLISH_INTERVAL_MS = 60_000;
export const MAX_VERSIONS_PER_DATASET = 100;

function requireDataset(ctx: EngineContext, id: string): DatasetRow {
  const row = findDataset(ctx, id);
  if (!row || row.status === DATASET_STATUS.DELETED) throw new ModelArtsError('4352', `Dataset ${id} does not exist`);
  return row;
}

function requireVersion(ctx: EngineContext, datasetId: string, versionId: string): VersionRow {
  const row = findVersion(ctx, datasetId, versionId);
  if (!row) throw new ModelArtsError('4353', `Dataset version ${versionId} does not exist`);
  return row;
}

/** Auto names: V001, V002 … from `next_version_num`, skipping names a user already gave. */
function autoName(ctx: EngineContext, datasetId: string, from: number): { name: string; num: number } {
  for (let num = from; ; num++) {
    const name = `V${String(num).padStart(3, '0')}`;
    if (!versionNameTaken(ctx, datasetId, name)) return { name, num };
  }
}

function assertCanPublish(ctx: EngineContext, dataset: DatasetRow, body: CreateVersionBody): void {
  if (!ANNOTATION_TYPES[dataset.type]) {
    throw new ModelArtsError('4383', `Publishing versions of datasets of type ${dataset.type} is not supported by this engine`);
  }
  if (body.version_format !== 'Default') {
    throw new ModelArtsError('4396', `version_format ${body.version_format} is for table datasets; this dataset publishes Default`);
  }
  if (dataset.status === DATASET_STATUS.DELETING) throw new ModelArtsError('4344', `Dataset ${dataset.id} is being deleted`);
  const running = creatingVersion(ctx, dataset.id);
  if (running || dataset.status === DATASET_STATUS.RELEASING) {
    throw new ModelArtsError('4343', `Dataset ${dataset.id} is publishing version ${running?.name ?? ''}`.trim());
  }
  const importing = findActiveTask(ctx, dataset.id, 'import');
  if (importing || dataset.status === DATASET_STATUS.IMPORTING) {
    throw new ModelArtsError('4356', `Import task ${importing?.id ?? ''} is running for dataset ${dataset.id}; publish when it ends`);
  }
  const last = lastPublishTime(ctx, dataset.id);
  const wait = last === undefined ? 0 : last + PUBLISH_INTERVAL_MS - ctx.now();
  if (wait > 0) throw new ModelArtsError('4370', `Only one version can be published per minute; try again in ${Math.ceil(wait / 1000)} s`);
  if (countVersions(ctx, dataset.id) >= MAX_VERSIONS_PER_DATASET) {
    throw new ModelArtsError('4714', `Dataset ${dataset.id} has ${MAX_VERSIONS_PER_DATASET} versions, the most it may have; delete one first`);
  }
  if (body.remove_sample_usage) {
    const ratio = parseRatio(body.train_evaluate_sample_ratio);
    const labeled = readSampleCounts(ctx, dataset.id).manual_annotation;
    const evalSamples = evalCount(labeled, ratio);
    if (ratio.num > 0 && ratio.num < ratio.den && labeled > 0 && (evalSamples === 0 || evalSamples === labeled)) {
      throw new ModelArtsError(
        '4711',
        `${labeled} labeled samples cannot be split at ${body.train_evaluate_sample_ratio}: the ${evalSamples === 0 ? 'EVAL' : 'TRAIN'} set would be empty`,
      );
    }
  }
}

/**
 * V2: checks and writes, in one transaction, the version row (status 0), its publish task (queued) and
 * the dataset's status 6 (releasing); the work runs in the background (`publishTaskHandler`). When it ends,
 * the version becomes normal (1) and the dataset's current version, or error (4) with the failure's code;
 * the dataset goes back to normal either way.
 */
export function publishVersion(ctx: EngineContext, datasetId: string, body: CreateVersionBody): { version_id: string } {
  const versionId = randomAlphanumeric(19);
  const taskId = `${datasetId}_${randomAlphanumeric(10)}`;
  ctx.sqlite.transaction(() => {
    const dataset = requireDataset(ctx, datasetId);
    assertCanPublish(ctx, dataset, body);
    const auto = body.version_name === undefined ? autoName(ctx, datasetId, dataset.next_version_num) : undefined;
    const name = auto?.name ?? body.version_name!;
    if (versionNameTaken(ctx, datasetId, name)) throw new ModelArtsError('4371', `Dataset ${datasetId} already has a version named ${name}`);
    const inner = innerPaths(datasetExtra(dataset).inner_work_path);
    const folder = ctx.store.parse(`${inner.inner_annotation_path}${name}/`).objectPath;
    const tempFolder = ctx.store.parse(`${inner.inner_temp_path}publish-${versionId}/`).objectPath;
    const previous = latestNormalVersion(ctx, datasetId);
    const now = ctx.now();
    insertVersion(ctx, {
      id: versionId,
      dataset_id: datasetId,
      name,
      status: VERSION_STATUS.CREATING,
      description: body.description ?? '',
      version_format: body.version_format,
      task_type: dataset.type,
      train_evaluate_sample_ratio: body.train_evaluate_sample_ratio,
      clear_hard_property: body.clear_hard_property ? 1 : 0,
      remove_sample_usage: body.remove_sample_usage ? 1 : 0,
      export_images: body.export_images ? 1 : 0,
      folder,
      task_id: taskId,
      previous_version_id: previous?.id ?? null,
      stats: '{}',
      code: null,
      message: null,
      create_time: now,
      update_time: now,
    });
    ctx.sqlite
      .prepare('UPDATE datasets SET status = ?, next_version_num = ?, update_time = ? WHERE id = ?')
      .run(DATASET_STATUS.RELEASING, (auto?.num ?? dataset.next_version_num) + 1, now, datasetId);
    const plan: PublishPlan = {
      versionId,
      datasetId,
      datasetType: dataset.type,
      versionName: name,
      folder,
      tempFolder,
      ratio: body.train_evaluate_sample_ratio,
      clearHard: body.clear_hard_property,
      removeUsage: body.remove_sample_usage,
      exportImages: body.export_images,
      previous: previous ? { id: previous.id, folder: previous.folder, name: previous.name, stats: statsOf(previous) } : undefined,
    };
    const params: PublishTaskParams = { ...body, dataset_id: datasetId, _plan: plan };
    enqueueTask(ctx, { id: taskId, kind: 'publish', datasetId, params, result: { version_id: versionId, version_name: name } });
  })();
  return { version_id: versionId };
}

/** V1: `train_evaluate_ratio` "min,max" keeps versions whose train share lies between them. */
export function listVersions(
  ctx: EngineContext,
  datasetId: string,
  q: { offset: number; limit: number; status?: number; train_evaluate_ratio?: string; version_format?: number },
): ListVersionsResp {
  const dataset = requireDataset(ctx, datasetId);
  const ratioRange = q.train_evaluate_ratio?.split(',').map((s) => Number(s.trim())) as [number, number] | undefined;
  if (ratioRange && !(ratioRange[0] <= ratioRange[1])) {
    throw new ModelArtsError('0101', `train_evaluate_ratio ${q.train_evaluate_ratio}: the first number must not exceed the second`);
  }
  const format = q.version_format === undefined ? undefined : VERSION_FORMATS[q.version_format];
  const { total, rows } = listVersionRows(ctx, datasetId, { offset: q.offset, limit: q.limit, status: q.status, ratioRange, format });
  return { total_number: total, versions: rows.map((row) => toDatasetVersion(ctx, row, dataset.current_version_id)) };
}

/** V3. */
export function getVersion(ctx: EngineContext, datasetId: string, versionId: string): DatasetVersion {
  const dataset = requireDataset(ctx, datasetId);
  return toDatasetVersion(ctx, requireVersion(ctx, datasetId, versionId), dataset.current_version_id);
}

/**
 * V4: the row goes first (with the dataset's current version if it was that one), then the version's
 * folder. A version still being published cannot be deleted (4343).
 */
export async function deleteVersion(ctx: EngineContext, datasetId: string, versionId: string): Promise<void> {
  const folder = ctx.sqlite.transaction(() => {
    const dataset = requireDataset(ctx, datasetId);
    const row = requireVersion(ctx, datasetId, versionId);
    if (row.status === VERSION_STATUS.CREATING) throw new ModelArtsError('4343', `Version ${row.name} is being published; delete it when it ends`);
    deleteVersionRow(ctx, versionId);
    if (dataset.current_version_id === versionId) setCurrentVersion(ctx, datasetId, null);
    return row.folder;
  })();
  const { fsPath } = ctx.store.parse(folder);
  ctx.store.assertInside(fsPath);
  await rm(fsPath, { recursive: true, force: true });
}

/** D4 `current_version_id`: only a published (normal) version of the dataset can become current. */
export function switchCurrentVersion(ctx: EngineContext, datasetId: string, versionId: string): void {
  const row = requireVersion(ctx, datasetId, versionId);
  if (row.status !== VERSION_STATUS.NORMAL) {
    throw new ModelArtsError('4353', `Dataset version ${versionId} is not a published version (status ${row.status})`);
  }
  setCurrentVersion(ctx, datasetId, versionId);
}
