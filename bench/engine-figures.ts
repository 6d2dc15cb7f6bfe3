import { signRequest } from '../server/contract/signing.js';
import type { EngineClient } from '../scripts/engine-client.js';
import type { RequestSpec } from './http-load.js';
import type { LoadProcess } from './load-process.js';
import type { BenchDataset } from './seed.js';
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

const P1_VARIANTS = [
  { key: 'no filter', query: '' },
  { key: 'sample_state=__ALL__', query: '&sample_state=__ALL__' },
  { key: 'sample_state=__NONE__', query: '&sample_state=__NONE__' },
  { key: 'label_name=star', query: '&label_name=star' },
] as const;

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/**
 * P1: `limit=100` first vs last page, per filter, all eight requests interleaved round by round.
 * P2: dataset detail (D3) and stats (D6), interleaved likewise.
 */
export async function measureEngineFigures(
  target: EngineTarget,
  client: EngineClient,
  load: LoadProcess,
  data: BenchDataset,
  opts: { rounds: number; warmup: number },
): Promise<{ rows: ReportRow[]; errors: string[] }> {
  const base = `/datasets/${data.datasetId}`;
  const specs: RequestSpec[] = [];
  const pages: Record<string, number> = {};
  for (const v of P1_VARIANTS) {
    const listPath = `${base}/data-annotations/samples?limit=100${v.query}`;
    const first = await client.request<{ sample_count: number }>('GET', `${listPath}&offset=0`);
    const lastPage = Math.max(0, Math.ceil(first.sample_count / 100) - 1);
    pages[v.key] = lastPage;
    specs.push(signedGet(target, `${v.key} first`, `${listPath}&offset=0`));
    specs.push(signedGet(target, `${v.key} last`, `${listPath}&offset=${lastPage}`));
  }
  specs.push(signedGet(target, 'D3', base), signedGet(target, 'D6', `${base}/data-annotations/stats`));

  const result = await load.rounds(specs, opts);
  const p95 = (name: string) => percentile(result.latencies[name], 95);
  const rows: ReportRow[] = P1_VARIANTS.map((v) => {
    const first = p95(`${v.key} first`);
    const last = p95(`${v.key} last`);
    return {
      id: 'P1',
      measure: `S1 limit=100, ${v.key}: first / last page (page ${pages[v.key]}) p95`,
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
  return { rows, errors: result.errors };
}

/** The API's own counters must match what was inserted, or the figures would be measured on bad data. */
export async function checkSeededCounters(client: EngineClient, data: BenchDataset): Promise<string[]> {
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
