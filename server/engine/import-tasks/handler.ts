import { DATASET_STATUS } from '../../contract/dataset.js';
import { defineTaskHandler } from '../tasks/handler.js';
import { removeCopyTemp } from './import-folder.js';
import { runImport } from './import-job.js';
import { importOptionsOf } from './options.js';
import type { ImportTaskParams } from './read-model.js';

/** An import task's params: the I2 body as sent (defaults filled in) and the dataset. */
export interface ImportTaskRunParams extends ImportTaskParams {
  dataset_id: string;
  [field: string]: unknown;
}

/**
 * The import job on the durable queue. An import is idempotent (files whose sample already exists are
 * skipped), so one cut off by a restart runs again from the start of its file list. The dataset is given
 * back its normal status (1) when the task ends, completed or failed, and the folder its copies were
 * written into first (import_folder) is removed.
 */
export const importTaskHandler = defineTaskHandler<ImportTaskRunParams>({
  kind: 'import',
  onRestart: 'resume',
  run: (ctx, p, task) =>
    runImport(ctx, { datasetId: p.dataset_id, importPath: p.import_path, importType: p.import_type, options: importOptionsOf(p) }, task),
  finish: (ctx, p, _outcome, taskId) => {
    removeCopyTemp(ctx, p.dataset_id, taskId);
    ctx.sqlite
      .prepare('UPDATE datasets SET status = ? WHERE id = ? AND status = ?')
      .run(DATASET_STATUS.NORMAL, p.dataset_id, DATASET_STATUS.IMPORTING);
  },
});
