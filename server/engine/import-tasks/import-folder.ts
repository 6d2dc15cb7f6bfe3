import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../context.js';
import { parseJson } from '../samples/sql.js';
import { innerWorkPath } from '../samples/dataset-ref.js';

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
 * import of the same file finds it again. The copy is written to a temporary name and renamed, so a crash
 * never leaves half a file under a sample's name.
 */
export async function placeInFolder(
  ctx: EngineContext,
  folder: string,
  source: { objectPath: string; fsPath: string; size: number },
  relative: string,
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
    const temp = `${target.fsPath}.importing-${process.pid}-${Date.now()}`;
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
