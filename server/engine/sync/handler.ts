import { DATASET_STATUS } from '../../contract/dataset.js';
import { defineTaskHandler } from '../tasks/handler.js';
import type { SyncTaskParams } from './service.js';
import { runSync } from './sync-job.js';

/**
 * Y1 on the durable queue. A sync is idempotent (deleted samples stay deleted, present files are skipped),
 * so one cut off by a restart runs again from the start. The dataset gets its normal status (1) back when
 * the task ends, completed or failed.
 */
export const syncTaskHandler = defineTaskHandler<SyncTaskParams>({
  kind: 'sync',
  onRestart: 'resume',
  run: (ctx, p, task) => runSync(ctx, p.dataset_id, task),
  finish: (ctx, p) => {
    ctx.sqlite.prepare('UPDATE datasets SET status = ? WHERE id = ? AND status = ?').run(DATASET_STATUS.NORMAL, p.dataset_id, DATASET_STATUS.SYNCING);
  },
});
