import { readdirSync } from 'node:fs';
import type { EngineContext } from '../context.js';
import { innerPaths } from '../datasets/paths.js';
import { datasetExtra } from '../datasets/read-model.js';
import type { DatasetRow } from '../datasets/repository.js';
import { parseJson } from '../samples/sql.js';
import { defineTaskHandler } from '../tasks/handler.js';
import { activeStatuses } from '../tasks/kinds.js';
import { removeExportOutput, removeQuietly, runExport } from './export-job.js';
import { completeExportDataset, removeExportDataset } from './new-dataset.js';
import type { ExportTaskParams } from './params.js';

/**
 * Export tasks on the durable queue. A run cut off by a crash is resumed: it starts over, after removing
 * what the cut-off run wrote (its temp folder, a half-made dataset). A failed or stopped export leaves
 * nothing visible: `finish` removes its output in the transaction that records the failure.
 */
export const exportTaskHandler = defineTaskHandler<ExportTaskParams>({
  kind: 'export',
  onRestart: 'resume',
  maxAttempts: 3,
  run: (ctx, params, task) => runExport(ctx, params, task),
  finish: (ctx, params, outcome) => {
    if (outcome === 'succeeded') {
      if (params._new_dataset_id) completeExportDataset(ctx, params._new_dataset_id);
    } else {
      removeExportOutput(ctx, params);
    }
  },
});

/**
 * At engine start: removes what exports that are no longer queued or running left behind — temp folders
 * (`export-{task_id}/` in a dataset's temp path) and datasets still marked as being made by an export.
 * Exports still active are left alone (the queue resumes them, and they clean up themselves). Returns the
 * number of leftovers removed.
 */
export function recoverExports(ctx: EngineContext): number {
  const active = new Set(
    (ctx.sqlite
      .prepare(`SELECT id FROM tasks WHERE kind = 'export' AND status IN (${activeStatuses('export').map(() => '?').join(', ')})`)
      .pluck()
      .all(...activeStatuses('export')) as string[]),
  );
  let removed = 0;
  const rows = ctx.sqlite.prepare('SELECT * FROM datasets').all() as DatasetRow[];
  for (const row of rows) {
    const taskId = parseJson<{ export_task_id?: string }>(row.extra, {}).export_task_id;
    if (taskId && !active.has(taskId)) {
      removeExportDataset(ctx, row);
      removed++;
      continue;
    }
    let names: string[] = [];
    try {
      const { fsPath } = ctx.store.parse(innerPaths(datasetExtra(row).inner_work_path).inner_temp_path);
      names = readdirSync(fsPath).filter((n) => n.startsWith('export-') && !active.has(n.slice('export-'.length)));
    } catch {
      continue;
    }
    for (const name of names) {
      removeQuietly(ctx, `${innerPaths(datasetExtra(row).inner_work_path).inner_temp_path}${name}/`);
      removed++;
    }
  }
  return removed;
}
