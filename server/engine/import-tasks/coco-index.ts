import path from 'node:path/posix';
import type { EngineContext } from '../context.js';
import type { ObjectRef } from '../storage/object-store.js';
import { runInWorker } from '../workers/pool.js';
import type { CocoObject } from './coco.js';
import type { ImportStats } from './import-stats.js';

/** COCO files are parsed whole (in a worker thread); bigger ones are reported and skipped. */
export const MAX_COCO_BYTES = 128 * 1024 * 1024;

/** Where an image's COCO objects are: its object path → the objects of every COCO file naming it. */
export type CocoIndex = Map<string, CocoObject[]>;

const folderOf = (objectPath: string) => objectPath.slice(0, objectPath.lastIndexOf('/') + 1);
const parentOf = (folder: string) => {
  const trimmed = folder.replace(/\/$/, '');
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
};

/**
 * Reads the COCO files met by a dir import and attaches their objects to the images found. A COCO
 * `file_name` is looked up beside the JSON file, in its parent folder (`annotations/x.json` beside
 * `images/`), in an `images/` folder there, under the import root, and at last by its base name when one
 * image alone has it. Files that are JSON but not COCO are ignored; broken or too big ones are reported.
 */
export async function indexCoco(
  ctx: EngineContext,
  root: string,
  jsonFiles: readonly (ObjectRef & { size: number })[],
  imagePaths: readonly string[],
  stats: ImportStats,
  signal: AbortSignal,
): Promise<CocoIndex> {
  const index: CocoIndex = new Map();
  if (jsonFiles.length === 0) return index;
  const known = new Set(imagePaths);
  const byBase = new Map<string, string[]>();
  for (const p of imagePaths) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    const list = byBase.get(base);
    if (list) list.push(p);
    else byBase.set(base, [p]);
  }
  for (const file of jsonFiles) {
    signal.throwIfAborted();
    if (file.size > MAX_COCO_BYTES) {
      stats.annotationInvalid(file.objectPath, `COCO file skipped: larger than ${MAX_COCO_BYTES} bytes`);
      continue;
    }
    let parsed;
    try {
      ctx.store.assertInside(file.fsPath);
      parsed = await runInWorker(ctx, 'cocoFile', file.fsPath, { signal });
    } catch (err) {
      signal.throwIfAborted();
      parsed = { error: (err as Error).message };
    }
    if ('error' in parsed) {
      stats.annotationInvalid(file.objectPath, `JSON file skipped: ${parsed.error.split(ctx.dataDir).join('')}`);
      continue;
    }
    const { coco } = parsed;
    if (!coco) continue;
    for (const why of coco.invalid) stats.annotationInvalid(file.objectPath, why);
    const here = folderOf(file.objectPath);
    const bases = [here, parentOf(here), `${here}images/`, `${parentOf(here)}images/`, root, `${root}images/`];
    for (const image of coco.images) {
      const name = image.fileName.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
      let found = bases.map((b) => path.normalize(`${b}${name}`)).find((p) => known.has(p));
      if (!found) {
        const same = byBase.get(name.slice(name.lastIndexOf('/') + 1));
        if (same?.length === 1) found = same[0];
      }
      if (!found) {
        stats.annotationInvalid(file.objectPath, `image ${JSON.stringify(image.fileName)} is not among the imported files`);
        continue;
      }
      const list = index.get(found);
      if (list) list.push(...image.objects);
      else index.set(found, [...image.objects]);
    }
  }
  return index;
}
