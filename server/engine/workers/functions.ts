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

export const workerFunctions = { imageHeaders } as const;
export type WorkerFunctions = typeof workerFunctions;
export type WorkerFunctionName = keyof WorkerFunctions;
