import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildBff } from './bff/app.js';
import { upstreamFromEnv } from './bff/proxy/upstream.js';
import { ConfigError, adminPassword, engineIdentity, loadEnv, type Env } from './config.js';
import { buildEngine } from './engine/app.js';

/**
 * `npm start`: the embedded engine on 127.0.0.1:ENGINE_PORT and the BFF (API proxy + SPA) on HOST:PORT,
 * in one process, talking over real HTTP as they would on two machines.
 */
export interface RunningConsole {
  url: string;
  /** The embedded engine, when UPSTREAM=local. */
  engineUrl?: string;
  close: () => Promise<void>;
}

type Log = (line: string) => void;

const displayHost = (host: string) => (host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host);

async function seedDemoData(opts: { engineUrl: string; projectId: string; ak: string; sk: string; dataDir: string }, log: Log) {
  let demo: typeof import('../scripts/demo-data.js');
  try {
    demo = await import('../scripts/demo-data.js');
  } catch (err) {
    log(`Warning: demo data skipped, scripts/demo-data.ts could not be loaded (${(err as Error).message})`);
    return;
  }
  try {
    const { created } = await demo.ensureDemoData(opts);
    if (created) log('Demo datasets created; their images are being imported in the background.');
  } catch (err) {
    log(`Warning: demo data could not be created: ${(err as Error).message}`);
  }
}

/** Starts engine (for UPSTREAM=local) and BFF; `close()` stops both. */
export async function startConsole(env: Env, opts: { log?: Log; distDir?: string } = {}): Promise<RunningConsole> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(env.DATA_DIR);
  let engine: FastifyInstance | undefined;
  let engineUrl: string | undefined;
  let identity = { projectId: '', ak: '', sk: '' };

  if (env.UPSTREAM === 'local') {
    const generated = engineIdentity(env);
    identity = generated;
    if (generated.writtenTo) log(`Engine project id and AK/SK written to ${generated.writtenTo}`);
    engine = (await buildEngine({ dataDir, projectId: generated.projectId, ak: generated.ak, sk: generated.sk })).app;
    await engine.listen({ host: '127.0.0.1', port: env.ENGINE_PORT });
    engineUrl = `http://127.0.0.1:${env.ENGINE_PORT}`;
  }

  let bff: FastifyInstance | undefined;
  try {
    bff = await buildBff({
      dataDir,
      distDir: opts.distDir,
      upstream: upstreamFromEnv(env, identity),
      logLevel: 'warn',
      firstAdmin: () => {
        const { password, writtenTo } = adminPassword(env);
        log(`First admin "${env.CONSOLE_ADMIN_USER}" created${writtenTo ? `; password written to ${writtenTo}` : ''}`);
        return { username: env.CONSOLE_ADMIN_USER, password };
      },
    });
    await bff.listen({ host: env.HOST, port: env.PORT });
  } catch (err) {
    await bff?.close();
    await engine?.close();
    throw err;
  }

  if (engine && engineUrl && env.DEMO_DATA) await seedDemoData({ engineUrl, ...identity, dataDir }, log);

  const url = `http://${displayHost(env.HOST)}:${env.PORT}`;
  log(`Data Console on ${url} (upstream: ${env.UPSTREAM === 'local' ? `embedded engine on ${engineUrl}` : env.MODELARTS_ENDPOINT})`);
  return {
    url,
    engineUrl,
    close: async () => {
      await bff.close();
      await engine?.close();
    },
  };
}

/** Configuration errors are one readable message and exit code 1, not a stack trace. */
export function loadEnvOrExit(source: NodeJS.ProcessEnv = process.env): Env {
  try {
    return loadEnv(source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/** The process entry (`npm start` via scripts/start.ts, `npm run dev`): runs until SIGINT / SIGTERM. */
export async function main(env: Env = loadEnvOrExit()): Promise<RunningConsole> {
  let running: RunningConsole;
  try {
    running = await startConsole(env);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`Port already in use (${e.message}); set PORT / ENGINE_PORT to free ports.`);
      process.exit(1);
    }
    throw err;
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      running.close().then(
        () => process.exit(0),
        (err) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
  return running;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
