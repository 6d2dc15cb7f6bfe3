import { readdirSync, rmSync } from 'node:fs';
import { VERSION_STATUS } from '../../contract/version.js';
import type { EngineContext } from '../context.js';
import { innerPaths } from '../datasets/paths.js';
import { datasetExtra } from '../datasets/read-model.js';
import type { DatasetRow } from '../datasets/repository.js';
import { INTERRUPTED_CODE, INTERRUPTED_MSG } from '../tasks/recover.js';
import { endVersion, orphanedCreatingVersions } from './repository.js';

function removeQuietly(ctx: EngineContext, objectPath: string): void {
  try {
    const { fsPath } = ctx.store.parse(objectPath);
    ctx.store.assertInside(fsPath);
    rmSync(fsPath, { recursive: true, force: true });
  } catch {
    // A path that no longer parses or cannot be removed is left; it is no version's folder.
  }
}

/** Temp folders of publishes (`publish-{version_id}/`) in a dataset's temp path. */
function publishTempFolders(ctx: EngineContext, tempPath: string): string[] {
  try {
    const { fsPath } = ctx.store.parse(tempPath);
    return readdirSync(fsPath).filter((n) => n.startsWith('publish-')).map((n) => `${tempPath}${n}/`);
  } catch {
    return [];
  }
}

/**
 * Called once at engine start, after `recoverTasks`: a version still "creating" whose publish task is no
 * longer running was cut off by a crash. It becomes an error version (4) with the task's code, and
 * whatever its publish wrote — a temp folder, or a version folder placed just before the crash — is
 * removed, so no half-written version stays visible. Returns the ids of the versions failed.
 */
export function recoverVersions(ctx: EngineContext): string[] {
  const orphans = orphanedCreatingVersions(ctx);
  const datasets = new Set<string>();
  for (const v of orphans) {
    endVersion(ctx, v.id, {
      status: VERSION_STATUS.ERROR,
      code: v.error_code ?? INTERRUPTED_CODE,
      message: v.error_msg ?? INTERRUPTED_MSG,
    });
    removeQuietly(ctx, v.folder);
    datasets.add(v.dataset_id);
  }
  for (const id of datasets) {
    const row = ctx.sqlite.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    if (!row) continue;
    const temp = innerPaths(datasetExtra(row).inner_work_path).inner_temp_path;
    for (const folder of publishTempFolders(ctx, temp)) removeQuietly(ctx, folder);
  }
  return orphans.map((v) => v.id);
}
