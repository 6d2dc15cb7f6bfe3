import { ModelArtsError } from '../../contract/errors.js';
import type { EngineContext } from '../context.js';
import { isImageFile } from './image-files.js';
import type { ImportType } from './import-job.js';
import { readManifest } from './manifest.js';
import { resolveFolder, resolveManifest } from './sources.js';

/**
 * 4340 unless the import path holds at least one image: a dir import needs an image file below the folder,
 * a manifest import a line naming an existing image. Stops at the first one found.
 */
export async function assertHasImages(ctx: EngineContext, importPath: string, importType: ImportType): Promise<void> {
  if (importType === 'dir') {
    const folder = await resolveFolder(ctx, importPath);
    for await (const file of ctx.store.walk(folder)) if (isImageFile(file.key)) return;
    throw new ModelArtsError('4340', `No image (jpg, jpeg, png, bmp, webp) under ${folder.objectPath}`);
  }
  const manifest = await resolveManifest(ctx, importPath);
  for await (const line of readManifest(ctx, manifest.fsPath)) {
    if ('error' in line || !isImageFile(line.entry.objectPath)) continue;
    const found = await ctx.store.resolveExisting(line.entry.objectPath).catch(() => undefined);
    if (found && !found.isDirectory) return;
  }
  throw new ModelArtsError('4340', `Manifest ${manifest.objectPath} names no existing image`);
}
