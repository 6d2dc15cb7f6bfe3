import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadEnvOrExit, main } from '../server/main.js';

/**
 * `npm start`: builds the SPA when dist/ is missing or older than its sources, then runs the console
 * (engine + BFF) in this same process.
 */
const root = path.resolve(import.meta.dirname, '..');
/** Everything the bundle is made from; the SPA also imports the wire contract. */
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

function buildReason(): string | undefined {
  const index = path.join(root, 'dist', 'index.html');
  if (!existsSync(index)) return 'dist/ is missing';
  const built = statSync(index).mtimeMs;
  const stale = SOURCES.find((source) => newestMtime(path.join(root, source)) > built);
  return stale ? `${stale} changed since the last build` : undefined;
}

const env = loadEnvOrExit();
const reason = buildReason();
if (reason) {
  console.log(`Building the web console (${reason})…`);
  const { build } = await import('vite');
  try {
    await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  } catch (err) {
    console.error(`The build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
await main(env);
