import { readFile } from 'node:fs/promises';
import { parseCoco, type CocoFile } from '../import-tasks/coco.js';
import { readImageSize, type ImageSize } from '../import-tasks/image-files.js';

/**
 * The functions the worker threads run (CPU-heavy work kept off the engine's event loop). Each takes and
 * returns structured-clonable data; `runInWorker(ctx, name, input)` calls them by name.
 */

export type ImageHeader = { size: ImageSize } | { error: string };

/**
 * Each file's `[width, height, depth]` from its header (EXIF orientation applied, as a viewer shows it),
 * or why it could not be read — in the order of `paths` (file-system paths).
 */
export async function imageHeaders(paths: string[]): Promise<ImageHeader[]> {
  return Promise.all(
    paths.map(async (p): Promise<ImageHeader> => {
      try {
        return { size: await readImageSize(p) };
      } catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

/**
 * A COCO file read and parsed off the event loop (they reach hundreds of MB): its objects by image,
 * `coco: null` for JSON that is not COCO, or why it could not be read.
 */
export async function cocoFile(fsPath: string): Promise<{ coco: CocoFile | null } | { error: string }> {
  try {
    return { coco: parseCoco(await readFile(fsPath, 'utf8')) ?? null };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export const workerFunctions = { imageHeaders, cocoFile } as const;
export type WorkerFunctions = typeof workerFunctions;
export type WorkerFunctionName = keyof WorkerFunctions;
