import { ModelArtsError } from '../../contract/errors.js';
import { DATASET_STATUS } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import { parseJson, stmt } from './sql.js';

/** What sample and label code needs to know about a dataset. */
export interface DatasetRef {
  id: string;
  type: number;
  status: number;
  data_sources: string;
}

/** The dataset, or 400 ModelArts.4352 when there is none (or it is already deleted). */
export function requireDataset(ctx: EngineContext, datasetId: string): DatasetRef {
  const row = stmt<DatasetRef>(ctx, 'SELECT id, type, status, data_sources FROM datasets WHERE id = ?').get(datasetId);
  if (!row || row.status === DATASET_STATUS.DELETED) {
    throw new ModelArtsError('4352', `Dataset ${datasetId} does not exist`);
  }
  return row;
}

/** Marks the dataset's data as changed (samples or their labels). */
export function touchDatasetData(ctx: EngineContext, datasetId: string): void {
  const now = ctx.now();
  stmt(ctx, 'UPDATE datasets SET data_update_time = ?, update_time = ? WHERE id = ?').run(now, now, datasetId);
}

/** `{work_path}{name}-{id}/` unless the dataset recorded another (§3 D3). */
export function innerWorkPath(ctx: EngineContext, datasetId: string): string {
  const row = stmt<{ id: string; name: string; work_path: string; extra: string }>(ctx, 'SELECT id, name, work_path, extra FROM datasets WHERE id = ?').get(
    datasetId,
  );
  if (!row) throw new ModelArtsError('4352', `Dataset ${datasetId} does not exist`);
  const extra = parseJson<{ inner_work_path?: string }>(row.extra, {});
  return extra.inner_work_path ?? `${row.work_path}${row.name}-${row.id}/`;
}
