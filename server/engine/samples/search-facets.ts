import type { SearchConditionResp } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { labelRows, toLabelStats } from '../labels/repository.js';
import { stmt } from './sql.js';

const MAX_LABELERS = 1000;
const MAX_VALUES_PER_KEY = 100;

// Distinct labelers by skipping through the labeler index: one index seek per labeler, however many
// samples each has labeled.
const DISTINCT_LABELERS = `
  WITH RECURSIVE l(v) AS (
    SELECT MIN(labeler) FROM samples WHERE dataset_id = ? AND labeler IS NOT NULL
    UNION ALL
    SELECT (SELECT MIN(labeler) FROM samples WHERE dataset_id = ? AND labeler > l.v) FROM l WHERE l.v IS NOT NULL
  )
  SELECT v FROM l WHERE v IS NOT NULL LIMIT ${MAX_LABELERS}`;

/** A labeler as S6 lists it: `human/<email>`, or `human` alone. */
export const listedLabeler = (stored: string) => (stored.includes('/') || stored === 'human' ? stored : `human/${stored}`);

/** S6: the values a search can choose from — labels, labelers and metadata — from indexes and counters. */
export function searchFacets(ctx: EngineContext, datasetId: string): SearchConditionResp {
  const labels = labelRows(ctx, datasetId).map((row) => {
    const { name, type, property, attributes } = toLabelStats(row);
    return { name, type, property, ...(attributes ? { attributes } : {}) };
  });
  const labelers = stmt<{ v: string }>(ctx, DISTINCT_LABELERS)
    .all(datasetId, datasetId)
    .map((r) => listedLabeler(r.v));
  // A Map, not an object literal: metadata keys are user data, and `__proto__` is a valid one.
  const metadata = new Map<string, string[]>();
  const facets = stmt<{ key: string; value: string }>(
    ctx,
    'SELECT key, value FROM sample_facets WHERE dataset_id = ? AND count > 0 ORDER BY key, count DESC, value',
  ).all(datasetId);
  for (const f of facets) {
    const values = metadata.get(f.key) ?? [];
    metadata.set(f.key, values);
    if (values.length < MAX_VALUES_PER_KEY) values.push(f.value);
  }
  return { labels, labelers, metadata: Object.fromEntries(metadata) };
}
