import type { Dataset } from '../../contract/dataset.js';
import { VERSION_STATUS, type DatasetVersion } from '../../contract/version.js';
import type { EngineContext } from '../context.js';
import { signedFileUrl } from '../storage/signed-url.js';
import { countVersions, findVersion, statsOf, versionPaths, type VersionRow } from './repository.js';

/** V1 / V3: a version row as the API shows it; a published one carries a signed `manifest_url`. */
export function toDatasetVersion(ctx: EngineContext, row: VersionRow, currentVersionId: string | null): DatasetVersion {
  const stats = statsOf(row);
  const paths = versionPaths(row);
  const version: DatasetVersion = {
    version_id: row.id,
    version_name: row.name,
    version_format: row.version_format,
    status: row.status,
    is_current: row.id === currentVersionId,
    create_time: row.create_time,
    update_time: row.update_time,
    description: row.description,
    task_type: row.task_type,
    label_type: stats.label_type,
    total_sample_count: stats.total_sample_count,
    annotated_sample_count: stats.annotated_sample_count,
    previous_total_sample_count: stats.previous_total_sample_count,
    previous_annotated_sample_count: stats.previous_annotated_sample_count,
    add_sample_count: stats.add_sample_count,
    modified_sample_count: stats.modified_sample_count,
    deleted_sample_count: stats.deleted_sample_count,
    label_stats: stats.label_stats,
    train_evaluate_sample_ratio: row.train_evaluate_sample_ratio,
    remove_sample_usage: row.remove_sample_usage === 1,
    export_images: row.export_images === 1,
    clear_hard_property: row.clear_hard_property === 1,
    manifest_path: paths.manifest,
    data_path: paths.data,
    tags: [],
  };
  if (row.previous_version_id) version.previous_version_id = row.previous_version_id;
  if (row.code) version.code = row.code;
  if (row.message) version.message = row.message;
  if (row.status === VERSION_STATUS.NORMAL) version.manifest_url = signedFileUrl(ctx, paths.manifest);
  return version;
}

/** D3's version fields: the current version (by id, name, and as the only item of `versions`) and the counts. */
export function datasetVersionFields(
  ctx: EngineContext,
  dataset: { id: string; current_version_id: string | null; next_version_num: number },
): Pick<Dataset, 'current_version_id' | 'current_version_name' | 'next_version_num' | 'dataset_version_count' | 'versions'> {
  const current = dataset.current_version_id ? findVersion(ctx, dataset.id, dataset.current_version_id) : undefined;
  return {
    ...(current ? { current_version_id: current.id, current_version_name: current.name } : {}),
    next_version_num: dataset.next_version_num,
    dataset_version_count: countVersions(ctx, dataset.id),
    ...(current ? { versions: [toDatasetVersion(ctx, current, current.id)] } : {}),
  };
}
