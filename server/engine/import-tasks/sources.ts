import { stat } from 'node:fs/promises';
import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import type { ObjectRef } from '../storage/object-store.js';
import { indexCoco, type CocoIndex } from './coco-index.js';
import { isImageFile } from './image-files.js';
import type { ImportStats } from './import-stats.js';
import { readManifest, type ManifestEntry } from './manifest.js';

/** A file that will be imported as a sample, with what is known of its annotations before reading it. */
export interface ImageCandidate {
  objectPath: string;
  fsPath: string;
  size: number;
  mtimeMs: number;
  /** Its line in a manifest, when one names it. */
  manifest?: ManifestEntry;
  /** Name of the folder holding it, when below the import root (folder-per-label classification). */
  folder?: string;
}

export interface ImportSource {
  images: ImageCandidate[];
  /** Object paths of the `.xml` files met (Pascal VOC beside the images or in a sibling folder). */
  xmlFiles: Set<string>;
  /** Objects of the COCO files met, by image object path. */
  coco: CocoIndex;
}

/** The folder ref of an existing path; a dir import needs a folder. */
export async function resolveFolder(ctx: EngineContext, importPath: string): Promise<ObjectRef> {
  const ref = await ctx.store.resolveExisting(importPath);
  if (!ref.isDirectory) throw new ModelArtsError('0101', `import_path ${ref.objectPath} is a file, not a folder`);
  return ctx.store.parse(ref.objectPath.endsWith('/') ? ref.objectPath : `${ref.objectPath}/`);
}

/** A manifest import needs a manifest file. */
export async function resolveManifest(ctx: EngineContext, importPath: string): Promise<ObjectRef> {
  const ref = await ctx.store.resolveExisting(importPath);
  if (ref.isDirectory) throw new ModelArtsError('0101', `import_path ${ref.objectPath} is a folder, not a manifest file`);
  return ref;
}

/**
 * Dir import: every image below the folder. With annotations, the `*.manifest` files directly in the folder
 * are read too, and their lines attached to the images they name; so are the COCO `*.json` files anywhere
 * below it. `skipFolder` (an import folder inside the root) is left out: its files are copies already.
 */
export async function collectDir(
  ctx: EngineContext,
  importPath: string,
  withAnnotations: boolean,
  stats: ImportStats,
  signal: AbortSignal,
  skipFolder?: string,
): Promise<ImportSource> {
  const root = await resolveFolder(ctx, importPath);
  const images: ImageCandidate[] = [];
  const xmlFiles = new Set<string>();
  const manifests: ObjectRef[] = [];
  const jsonFiles: (ObjectRef & { size: number })[] = [];
  for await (const file of ctx.store.walk(root)) {
    signal.throwIfAborted();
    if (skipFolder && file.objectPath.startsWith(skipFolder)) continue;
    const relative = file.objectPath.slice(root.objectPath.length).split('/');
    if (isImageFile(file.key)) {
      images.push({
        objectPath: file.objectPath,
        fsPath: file.fsPath,
        size: file.size,
        mtimeMs: file.mtimeMs,
        folder: relative.length >= 2 ? relative[relative.length - 2] : undefined,
      });
      stats.found(file.size);
    } else if (/\.xml$/i.test(file.key)) {
      xmlFiles.add(file.objectPath);
    } else if (withAnnotations && relative.length === 1 && /\.manifest$/i.test(file.key)) {
      manifests.push(file);
    } else if (withAnnotations && /\.json$/i.test(file.key)) {
      jsonFiles.push(file);
    }
  }
  if (manifests.length > 0) {
    const byPath = new Map(images.map((c) => [c.objectPath, c]));
    for (const manifest of manifests) {
      for await (const line of readManifest(ctx, manifest.fsPath)) {
        signal.throwIfAborted();
        if ('error' in line) stats.annotationInvalid(`${manifest.objectPath}:${line.line}`, line.error);
        else {
          const image = byPath.get(line.entry.objectPath);
          if (image) image.manifest = line.entry;
        }
      }
    }
  }
  const coco = withAnnotations ? await indexCoco(ctx, root.objectPath, jsonFiles, images.map((i) => i.objectPath), stats, signal) : new Map();
  return { images, xmlFiles, coco };
}

/**
 * Manifest import: the images its lines name, wherever they are in the store. A line naming no readable
 * image counts as a failed file.
 */
export async function collectManifest(
  ctx: EngineContext,
  importPath: string,
  stats: ImportStats,
  signal: AbortSignal,
): Promise<ImportSource> {
  const manifest = await resolveManifest(ctx, importPath);
  const images: ImageCandidate[] = [];
  const seen = new Set<string>();
  for await (const line of readManifest(ctx, manifest.fsPath)) {
    signal.throwIfAborted();
    const where = `${manifest.objectPath}:${line.line}`;
    if ('error' in line) {
      stats.found(0);
      stats.fileFailed(where, 0, line.error);
      continue;
    }
    const { objectPath } = line.entry;
    if (seen.has(objectPath)) continue; // the same sample twice: one sample
    seen.add(objectPath);
    const ref = ctx.store.parse(objectPath);
    const st = await stat(ref.fsPath).catch(() => undefined);
    stats.found(st?.size ?? 0);
    if (!st?.isFile()) {
      stats.fileFailed(objectPath, 0, `${where}: the file does not exist`);
    } else if (!isImageFile(ref.key)) {
      stats.fileFailed(objectPath, st.size, `${where}: not an image (jpg, jpeg, png, bmp, webp)`);
    } else {
      try {
        ctx.store.assertInside(ref.fsPath);
      } catch (err) {
        stats.fileFailed(objectPath, st.size, (err as Error).message);
        continue;
      }
      images.push({ objectPath, fsPath: ref.fsPath, size: st.size, mtimeMs: st.mtimeMs, manifest: line.entry });
    }
  }
  return { images, xmlFiles: new Set(), coco: new Map() };
}
