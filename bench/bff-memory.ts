import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { signIn } from './bff-figures.js';
import type { EngineTarget } from './engine-figures.js';
import type { RequestSpec } from './http-load.js';
import type { LoadProcess } from './load-process.js';
import { ROOT, freePort, sampleRss, startServer } from './processes.js';
import type { ReportRow } from './stats.js';

/**
 * P8 (BFF): the BFF as `server/bff/server.ts` runs it, in its own process in front of the engine, under
 * `connections` keep-alive connections listing 100 samples for `loadMs`; its RSS is sampled throughout.
 */
export async function measureBffMemory(
  target: EngineTarget,
  direct: RequestSpec,
  listPath: string,
  load: LoadProcess,
  opts: { connections: number; loadMs: number },
): Promise<{ row: ReportRow; errors: string[] }> {
  const port = await freePort();
  const dataDir = path.join(ROOT, '.tmp', 'bench-p3', `bff-${randomBytes(4).toString('hex')}`);
  const password = randomBytes(12).toString('base64url');
  const bff = await startServer(
    'server/bff/server.ts',
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      UPSTREAM: 'local',
      ENGINE_PORT: new URL(target.url).port,
      PROJECT_ID: target.projectId,
      ENGINE_AK: target.ak,
      ENGINE_SK: target.sk,
      CONSOLE_ADMIN_USER: 'bench',
      CONSOLE_ADMIN_PASSWORD: password,
    },
    port,
    '/healthz',
  );
  try {
    const cookie = await signIn(bff.url, 'bench', password);
    const viaBff: RequestSpec = { name: 'bff', url: `${bff.url}/api/v2/${target.projectId}${listPath}`, headers: { cookie } };
    // The engine answers the same list alone first: a failure there is the engine's, not the BFF's.
    await load.rounds([direct], { rounds: 3, warmup: 1 });
    const rss = sampleRss(bff.child.pid!);
    const result = await load.load(viaBff, { connections: opts.connections, durationMs: opts.loadMs });
    const peak = rss.stop();
    const errors = result.errors > 0 ? [`P8 BFF load: ${result.errors} errors (${result.firstError})`] : [];
    return {
      errors,
      row: {
        id: 'P8',
        measure: `BFF peak RSS under load (${opts.connections} connections, ${result.rps.toFixed(0)} req/s of 100-sample lists)`,
        value: peak === undefined ? 'n/a' : `${peak.toFixed(0)} MB`,
        bar: '≤ 200 MB',
        result: peak === undefined ? 'n/a' : peak <= 200 ? 'PASS' : 'FAIL',
      },
    };
  } finally {
    await bff.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
