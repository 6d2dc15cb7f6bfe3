import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The project root, and everything the SPA bundle is made from (the SPA also imports the wire contract). */
export const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'server/contract', 'package.json'];

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A directory's own mtime moves when a file in it is deleted or renamed.
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Why the SPA in `outDir` must be (re)built, or undefined when it is up to date. */
export function spaBuildReason(outDir: string): string | undefined {
  const index = path.join(outDir, 'index.html');
  if (!existsSync(index)) return `${path.relative(ROOT, outDir) || outDir}/ is missing`;
  const built = statSync(index).mtimeMs;
  const stale = SOURCES.find((source) => newestMtime(path.join(ROOT, source)) > built);
  return stale ? `${stale} changed since the last build` : undefined;
}
