import path from 'node:path';
import { loadEnvOrExit, main } from '../server/main.js';

/**
 * `npm run dev`: the console API (engine + BFF) on PORT, and Vite's dev server with hot reload, which
 * proxies /bff and /api to it (vite.config.ts reads BFF_URL).
 */
const root = path.resolve(import.meta.dirname, '..');
const env = loadEnvOrExit();
const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
process.env.BFF_URL ??= `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT}`;

await main(env);
const { createServer } = await import('vite');
const vite = await createServer({ root, configFile: path.join(root, 'vite.config.ts') });
await vite.listen();
console.log('\nWeb console with hot reload:');
vite.printUrls();
