import http from 'node:http';
import { percentile } from './stats.js';

/**
 * The load generator: plain node:http with keep-alive agents (little overhead per request, unlike fetch),
 * run in a separate process so it never shares an event loop with the servers it measures.
 */
export interface RequestSpec {
  name: string;
  url: string;
  headers: Record<string, string>;
}

interface Answer {
  status: number;
  bytes: number;
  body?: string;
}

function get(agent: http.Agent, url: URL, headers: Record<string, string>, keepBody: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', agent, headers }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (keepBody) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body: keepBody ? Buffer.concat(chunks).toString('utf8', 0, 300) : undefined }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface RoundsResult {
  /** Latencies in ms per spec name, warm-up excluded. */
  latencies: Record<string, number[]>;
  bytes: Record<string, number>;
  errors: string[];
}

/**
 * Sequential requests on one keep-alive connection per origin, the specs interleaved round by round so
 * that they share the machine's noise: what a single user sees.
 */
export async function runRounds(specs: RequestSpec[], opts: { rounds: number; warmup: number }): Promise<RoundsResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const urls = specs.map((s) => new URL(s.url));
  const result: RoundsResult = { latencies: {}, bytes: {}, errors: [] };
  for (const s of specs) result.latencies[s.name] = [];
  for (let round = 0; round < opts.warmup + opts.rounds; round++) {
    for (const [i, spec] of specs.entries()) {
      const t0 = performance.now();
      const answer = await get(agent, urls[i], spec.headers, false);
      const dt = performance.now() - t0;
      if (answer.status !== 200) {
        const detail = await get(agent, urls[i], spec.headers, true);
        result.errors.push(`${spec.name}: HTTP ${answer.status} ${detail.body ?? ''}`);
        continue;
      }
      result.bytes[spec.name] = answer.bytes;
      if (round >= opts.warmup) result.latencies[spec.name].push(dt);
    }
  }
  agent.destroy();
  return result;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
}

/** `connections` keep-alive connections each sending back to back for `durationMs`. */
export async function runLoad(spec: RequestSpec, opts: { connections: number; durationMs: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const url = new URL(spec.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let bytes = 0;
  const start = performance.now();
  const deadline = start + opts.durationMs;
  const lane = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const answer = await get(agent, url, spec.headers, false);
        if (answer.status === 200) {
          latencies.push(performance.now() - t0);
          bytes = answer.bytes;
        } else {
          errors++;
          firstError ??= `HTTP ${answer.status}`;
        }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, lane));
  const elapsedMs = performance.now() - start;
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    firstError,
    elapsedMs,
    rps: (latencies.length / elapsedMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytes,
  };
}
