import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildBff } from '../server/bff/app.js';
import { signedGet, type EngineTarget } from './engine-figures.js';
import type { LoadResult, RequestSpec } from './http-load.js';
import type { LoadProcess } from './load-process.js';
import { ms, percentile, type ReportRow } from './stats.js';

/**
 * P7: the same 100-sample list straight to the engine (signed by the client) and through the BFF (session
 * cookie; the BFF checks the session and role, then signs). Both servers share one process, as in
 * `npm start`; the load generator runs in its own process.
 */
export interface BffFigureOptions {
  connections: number;
  /** Length of each measured leg; short legs alternate direct, BFF, … so that bursts of noise hit both. */
  legMs: number;
  pairs: number;
  lowLoadRounds: number;
}

export async function signIn(bffUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${bffUrl}/bff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`bench sign-in failed: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dc_session='));
  if (!cookie) throw new Error('bench sign-in returned no session cookie');
  return cookie.split(';')[0];
}

export async function startBenchBff(target: EngineTarget, dataDir: string): Promise<{ app: FastifyInstance; url: string; cookie: string }> {
  const password = randomBytes(12).toString('base64url');
  const app = await buildBff({
    dataDir: path.join(dataDir, 'bff'),
    upstream: { kind: 'local', baseUrl: target.url, projectId: target.projectId, ak: target.ak, sk: target.sk },
    firstAdmin: () => ({ username: 'bench', password }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { app, url, cookie: await signIn(url, 'bench', password) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function measureBffFigures(
  target: EngineTarget,
  bff: { url: string; cookie: string },
  load: LoadProcess,
  listPath: string,
  opts: BffFigureOptions,
): Promise<{ rows: ReportRow[]; errors: string[]; bytes: number }> {
  const direct = signedGet(target, 'direct', listPath);
  const viaBff: RequestSpec = { name: 'bff', url: `${bff.url}/api/v2/${target.projectId}${listPath}`, headers: { cookie: bff.cookie } };

  const low = await load.rounds([direct, viaBff], { rounds: opts.lowLoadRounds, warmup: 50 });
  const added = percentile(low.latencies.bff, 50) - percentile(low.latencies.direct, 50);

  const legs: { direct: LoadResult[]; bff: LoadResult[] } = { direct: [], bff: [] };
  // Warm both paths (JIT, connection pools) before anything is counted.
  await load.load(direct, { connections: opts.connections, durationMs: 1000 });
  await load.load(viaBff, { connections: opts.connections, durationMs: 1000 });
  for (let i = 0; i < opts.pairs; i++) {
    legs.direct.push(await load.load(direct, { connections: opts.connections, durationMs: opts.legMs }));
    legs.bff.push(await load.load(viaBff, { connections: opts.connections, durationMs: opts.legMs }));
  }
  const errors = [...low.errors];
  for (const r of [...legs.direct, ...legs.bff]) if (r.errors > 0) errors.push(`P7 load: ${r.errors} errors (${r.firstError})`);
  const rpsDirect = mean(legs.direct.map((r) => r.rps));
  const rpsBff = mean(legs.bff.map((r) => r.rps));
  const ratio = rpsBff / rpsDirect;
  const p50Under = (rs: LoadResult[]) => mean(rs.map((r) => r.p50));
  return {
    bytes: low.bytes.bff ?? 0,
    errors,
    rows: [
      {
        id: 'P7',
        measure: `throughput BFF / direct, ${opts.connections} connections (p50 under load: ${ms(p50Under(legs.bff), 1)} vs ${ms(p50Under(legs.direct), 1)})`,
        value: `${rpsBff.toFixed(0)} / ${rpsDirect.toFixed(0)} req/s = ${ratio.toFixed(2)}`,
        bar: '≥ 0.70',
        result: ratio >= 0.7 ? 'PASS' : 'FAIL',
      },
      {
        id: 'P7',
        measure: `added p50 at low load (1 connection: ${ms(percentile(low.latencies.bff, 50), 3)} vs ${ms(percentile(low.latencies.direct, 50), 3)})`,
        value: ms(added, 3),
        bar: '≤ 0.3 ms',
        result: added <= 0.3 ? 'PASS' : 'FAIL',
      },
    ],
  };
}
