import path from 'node:path';
import { ROOT as root, spaBuildReason } from '../scripts/spa-build.js';

/**
 * The SPA for W3, built into the bench's own folder (never the project's dist/, which `npm start` and the
 * e2e run may be serving), and rebuilt only when its sources changed since the last build. Resolves to the folder to serve, or rejects with
 * the build's own message.
 */
export async function ensureSpaBuild(outDir: string, log: (line: string) => void): Promise<string> {
  const reason = spaBuildReason(outDir);
  if (!reason) return outDir;
  log(`building the SPA for W3 (${reason})`);
  const { build } = await import('vite');
  await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}
