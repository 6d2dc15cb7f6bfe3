import path from 'node:path';
import { loadEnvOrExit, main } from '../server/main.js';
import { ROOT as root, spaBuildReason } from './spa-build.js';

/**
 * `npm start`: builds the SPA when dist/ is missing or older than its sources, then runs the console
 * (engine + BFF) in this same process.
 */
const env = loadEnvOrExit();
const reason = spaBuildReason(path.join(root, 'dist'));
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
