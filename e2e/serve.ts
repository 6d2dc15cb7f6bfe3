/**
 * The e2e server: the real console (BFF + embedded engine, real HTTP between them) on a fresh temporary
 * DATA_DIR, as `npm start` runs it. Started by Playwright's webServer; stopped with the test run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnv } from '../server/config.js';
import { startConsole } from '../server/main.js';
import { E2E_ADMIN_PASSWORD, E2E_ADMIN_USER, E2E_PORT } from './env.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'dc-e2e-'));
const env = loadEnv({
  PORT: String(E2E_PORT),
  ENGINE_PORT: String(E2E_PORT + 1),
  DATA_DIR: dataDir,
  CONSOLE_ADMIN_USER: E2E_ADMIN_USER,
  CONSOLE_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
  DEMO_DATA: 'false',
});
const consoleApp = await startConsole(env);
console.log(`e2e console on ${consoleApp.url} with DATA_DIR ${dataDir}`);

const stop = async () => {
  await consoleApp.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
