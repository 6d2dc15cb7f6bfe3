import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The SPA for W3, built into the bench's own folder (never the project's dist/, which `npm start` and the
 * e2e run may be serving), and rebuilt only when its sources changed since the last build.
 */
const root = path.resolve(import.meta.dirname, '..');
/** Everything the bundle is made from (as scripts/start.ts decides for dist/). */
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'server/contract', 'package.json'];

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Builds when needed; resolves to the folder to serve, or rejects with the build's own message. */
export async function ensureSpaBuild(outDir: string, log: (line: string) => void): Promise<string> {
  const index = path.join(outDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > 0 && SOURCES.every((s) => newestMtime(path.join(root, s)) <= built)) return outDir;
  log(built > 0 ? 'SPA sources changed: rebuilding the SPA for W3' : 'building the SPA for W3');
  const { build } = await import('vite');
  await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}
