import { signRequest } from '../server/contract/signing.js';
import { EngineRequestError, type EngineClient } from '../scripts/engine-client.js';
import type { GeneratedDataset } from '../scripts/gen-dataset.js';
import type { RequestSpec } from './http-load.js';
import type { LoadProcess } from './load-process.js';
import { ms, percentile, type ReportRow } from './stats.js';

export interface EngineTarget {
  url: string;
  projectId: string;
  ak: string;
  sk: string;
}

/** A GET signed once up front: the signature holds for 15 minutes, so the client does no work per request. */
export function signedGet(target: EngineTarget, name: string, relPath: string): RequestSpec {
  const url = new URL(`/v2/${target.projectId}${relPath}`, target.url);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const headers: Record<string, string> = { host: url.host };
  Object.assign(headers, signRequest({ method: 'GET', path: url.pathname, query, headers, body: '' }, target));
  return { name, url: url.href, headers };
}

const BASE_VARIANTS: Variant[] = [
  { key: 'no filter', query: '' },
  { key: 'sample_state=__ALL__', query: '&sample_state=__ALL__' },
  { key: 'sample_state=__NONE__', query: '&sample_state=__NONE__' },
  { key: 'label_name=star', query: '&label_name=star' },
];

interface Variant {
  key: string;
  query: string;
  /** The exact number of matches, when the generator knows it: a filter answering otherwise is not measured. */
  expected?: number;
}

/** A variant whose single request takes longer than this is measured in fewer rounds of its own. */
const SLOW_MS = 150;
/** Time given to each slow variant (first + last page, all rounds). */
const SLOW_BUDGET_MS = 15_000;

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** The gallery's filters as S1 queries (`search_conditions`, URL-encoded JSON, ANDed), from the generator's probes. */
export function probeVariants(data: GeneratedDataset): Variant[] {
  return data.probes.map((p) => ({
    key: p.key,
    query: `${p.sample_state ? `&sample_state=${p.sample_state}` : ''}&search_conditions=${encodeURIComponent(JSON.stringify(p.search_conditions))}`,
    expected: p.matches,
  }));
}

interface Planned {
  variant: Variant;
  lastPage: number;
  first: RequestSpec;
  last: RequestSpec;
  /** Rounds for a slow variant; undefined for the ones interleaved together. */
  rounds?: number;
}

/** One request of each page first: a filter the engine refuses, or answers with the wrong count, is not measured. */
async function plan(target: EngineTarget, client: EngineClient, base: string, v: Variant, rounds: number): Promise<Planned | string> {
  const listPath = `${base}/data-annotations/samples?limit=100${v.query}`;
  let count: number;
  try {
    count = (await client.request<{ sample_count: number }>('GET', `${listPath}&offset=0`)).sample_count;
  } catch (err) {
    if (err instanceof EngineRequestError && err.status < 500) return `not measured: the engine refuses it (${err.error_code}: ${err.error_msg.slice(0, 80)})`;
    throw err;
  }
  if (v.expected !== undefined && count !== v.expected) return `not measured: ${count.toLocaleString('en')} samples answered, ${v.expected.toLocaleString('en')} match`;
  const lastPage = Math.max(0, Math.ceil(count / 100) - 1);
  await client.request('GET', `${listPath}&offset=${lastPage}`);
  // Timed once warm (the first requests also pay for cold pages and statement preparation).
  let cost = 0;
  for (const offset of [0, lastPage]) {
    const t0 = performance.now();
    await client.request('GET', `${listPath}&offset=${offset}`);
    cost = Math.max(cost, performance.now() - t0);
  }
  return {
    variant: v,
    lastPage,
    first: signedGet(target, `${v.key} first`, `${listPath}&offset=0`),
    last: signedGet(target, `${v.key} last`, `${listPath}&offset=${lastPage}`),
    rounds: cost > SLOW_MS ? Math.max(5, Math.min(rounds, Math.floor(SLOW_BUDGET_MS / (2 * cost)))) : undefined,
  };
}

/**
 * P1: `limit=100` first vs last page, per filter (state, label, and the gallery's search conditions), the
 * fast ones interleaved round by round; a slow filter gets fewer rounds of its own so the run stays short.
 * P2: dataset detail (D3) and stats (D6), interleaved with the fast P1 requests.
 */
export async function measureEngineFigures(
  target: EngineTarget,
  client: EngineClient,
  load: LoadProcess,
  data: GeneratedDataset,
  opts: { rounds: number; warmup: number },
): Promise<{ rows: ReportRow[]; errors: string[] }> {
  const base = `/datasets/${data.datasetId}`;
  const variants = [...BASE_VARIANTS, ...probeVariants(data)];
  const planned = new Map<string, Planned | string>();
  for (const v of variants) planned.set(v.key, await plan(target, client, base, v, opts.rounds));

  const fast = [...planned.values()].filter((p): p is Planned => typeof p !== 'string' && p.rounds === undefined);
  const specs = [...fast.flatMap((p) => [p.first, p.last]), signedGet(target, 'D3', base), signedGet(target, 'D6', `${base}/data-annotations/stats`)];
  const result = await load.rounds(specs, opts);
  const latencies = { ...result.latencies };
  const errors = [...result.errors];
  for (const p of planned.values()) {
    if (typeof p === 'string' || p.rounds === undefined) continue;
    const slow = await load.rounds([p.first, p.last], { rounds: p.rounds, warmup: 2 });
    Object.assign(latencies, slow.latencies);
    errors.push(...slow.errors);
  }

  const p95 = (name: string) => percentile(latencies[name], 95);
  const rows: ReportRow[] = variants.map((v) => {
    const p = planned.get(v.key)!;
    const measure = `S1 limit=100, ${v.key}`;
    if (typeof p === 'string') return { id: 'P1', measure, value: p, bar: 'each ≤ 25 ms, last ≤ 2× first', result: 'n/a' };
    const first = p95(`${v.key} first`);
    const last = p95(`${v.key} last`);
    return {
      id: 'P1',
      measure: `${measure}: first / last page (page ${p.lastPage}) p95${p.rounds ? ` (${p.rounds} rounds)` : ''}`,
      value: `${ms(first)} / ${ms(last)} (×${(last / first).toFixed(2)})`,
      bar: 'each ≤ 25 ms, last ≤ 2× first',
      result: verdict(first <= 25 && last <= 25 && last <= 2 * first),
    };
  });
  for (const [name, measure] of [
    ['D3', 'D3 dataset detail p95'],
    ['D6', 'D6 dataset stats p95'],
  ] as const) {
    rows.push({ id: 'P2', measure, value: ms(p95(name)), bar: '≤ 10 ms', result: verdict(p95(name) <= 10) });
  }
  return { rows, errors };
}

/** The API's own counters must match what was inserted, or the figures would be measured on bad data. */
export async function checkSeededCounters(client: EngineClient, data: GeneratedDataset): Promise<string[]> {
  const ds = await client.request<{ total_sample_count: number; annotated_sample_count: number; labels: { name: string; sample_count: number }[] }>(
    'GET',
    `/datasets/${data.datasetId}`,
  );
  const problems: string[] = [];
  if (ds.total_sample_count !== data.samples) problems.push(`total_sample_count ${ds.total_sample_count} ≠ ${data.samples}`);
  if (ds.annotated_sample_count !== data.expected.labeled) {
    problems.push(`annotated_sample_count ${ds.annotated_sample_count} ≠ ${data.expected.labeled}`);
  }
  for (const label of ds.labels) {
    const want = data.expected.perLabel[label.name];
    if (want !== undefined && label.sample_count !== want) problems.push(`label ${label.name}: sample_count ${label.sample_count} ≠ ${want}`);
  }
  return problems;
}
