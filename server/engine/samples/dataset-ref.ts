import { ModelArtsError } from '../../contract/errors.js';
import { DATASET_STATUS } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import { stmt } from './sql.js';

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
