import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../context.js';
import { parseJson } from '../samples/sql.js';
import { innerWorkPath } from '../samples/dataset-ref.js';
import { innerPaths } from '../datasets/paths.js';

/** Where a file of an import with `import_folder` ends up. */
export interface PlacedFile {
  objectPath: string;
  fsPath: string;
  size: number;
  mtimeMs: number;
  /** false when an identical file was there already (an earlier import): nothing was copied. */
  copied: boolean;
}

/**
 * The dataset's storage folder, which `import_folder` is relative to: its input folder
 * (`data_sources[0].data_path`), or its internal `data/` folder when the input is a manifest file.
 */
export function datasetStorageFolder(ctx: EngineContext, datasetId: string): string {
  const row = ctx.sqlite.prepare('SELECT data_sources FROM datasets WHERE id = ?').get(datasetId) as { data_sources: string } | undefined;
  const dataPath = parseJson<{ data_path?: string }[]>(row?.data_sources, [])[0]?.data_path;
  if (dataPath) {
    const ref = ctx.store.parse(dataPath);
    if (dataPath.endsWith('/') && ref.key !== '') return ref.objectPath.endsWith('/') ? ref.objectPath : `${ref.objectPath}/`;
  }
  return `${innerWorkPath(ctx, datasetId)}data/`;
}

/**
 * File-system path of the folder an import task writes its copies into before renaming each into place:
 * `import-{task_id}/` in the dataset's temp path, out of the dataset's data folder, so that a copy cut off
 * by a crash is never visible there. Removed when the task ends (`removeCopyTemp`) or runs again.
 */
export function copyTempDir(ctx: EngineContext, datasetId: string, taskId: string): string {
  const { fsPath } = ctx.store.parse(`${innerPaths(innerWorkPath(ctx, datasetId)).inner_temp_path}import-${taskId}/`);
  ctx.store.assertInside(fsPath);
  return fsPath;
}

/** Removes an import task's copy temp folder (synchronous: runs in the task's `finish`). */
export function removeCopyTemp(ctx: EngineContext, datasetId: string, taskId: string): void {
  try {
    rmSync(copyTempDir(ctx, datasetId, taskId), { recursive: true, force: true });
  } catch {
    // The dataset is gone (and its work folder with it), or its path no longer parses: nothing to remove.
  }
}

async function md5Of(fsPath: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(fsPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function sameContent(a: string, sizeA: number, b: string): Promise<boolean> {
  const st = await stat(b).catch(() => undefined);
  if (!st?.isFile() || st.size !== sizeA) return false;
  return (await md5Of(a)) === (await md5Of(b));
}

/**
 * Copies one source file to `{folder}{relative}` unless that file already holds the same bytes (an earlier
 * import of the same file: not copied twice, the same sample). When another file has that name, the copy
 * gets the source's content hash in its name (`1-3f2a9c1b.jpg`), so nothing is overwritten and a further
 * import of the same file finds it again. The copy is written into `tempDir` (see `copyTempDir`) and
 * renamed into place, so a crash never leaves half a file in the folder.
 */
export async function placeInFolder(
  ctx: EngineContext,
  folder: string,
  source: { objectPath: string; fsPath: string; size: number },
  relative: string,
  tempDir: string,
): Promise<PlacedFile> {
  const first = ctx.store.parse(`${folder}${relative}`);
  if (first.objectPath === source.objectPath) return { ...(await described(first.objectPath, first.fsPath)), copied: false };
  let target = first;
  if (!(await sameContent(source.fsPath, source.size, first.fsPath))) {
    const exists = await stat(first.fsPath).then(() => true, () => false);
    if (exists) {
      const ext = path.posix.extname(relative);
      const stem = relative.slice(0, relative.length - ext.length);
      target = ctx.store.parse(`${folder}${stem}-${(await md5Of(source.fsPath)).slice(0, 8)}${ext}`);
      if (await sameContent(source.fsPath, source.size, target.fsPath)) return { ...(await described(target.objectPath, target.fsPath)), copied: false };
    }
    ctx.store.assertInside(target.fsPath);
    await mkdir(path.dirname(target.fsPath), { recursive: true });
    ctx.store.assertInside(path.dirname(target.fsPath));
    const temp = path.join(tempDir, randomUUID());
    try {
      await copyFile(source.fsPath, temp);
      await rename(temp, target.fsPath);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return { ...(await described(target.objectPath, target.fsPath)), copied: true };
  }
  return { ...(await described(first.objectPath, first.fsPath)), copied: false };
}

async function described(objectPath: string, fsPath: string): Promise<Omit<PlacedFile, 'copied'>> {
  const st = await stat(fsPath);
  return { objectPath, fsPath, size: st.size, mtimeMs: st.mtimeMs };
}
