import { DATASET_TYPES } from '../../contract/dataset.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { DescribeSampleResp, ListSamplesResp, SampleLabel } from '../../contract/sample.js';
import type { ParsedSearchCondition } from '../../contract/search.js';
import type { Selectable } from 'kysely';
import type { EngineContext } from '../context.js';
import type { SamplesTable } from '../db/schema.js';
import { labelRowByName } from '../labels/repository.js';
import { signedFileUrl } from '../storage/signed-url.js';
import { readSampleCounts } from './counters.js';
import type { DatasetRef } from './dataset-ref.js';
import { pageSeqs, type SeqSource } from './paging.js';
import { parseSearchConditions } from './search.js';
import { planSearch } from './search-plan.js';
import { parseJson, stmt } from './sql.js';

type SampleRow = Omit<Selectable<SamplesTable>, 'dataset_id' | 'create_time' | 'update_time'>;

const COLUMNS = 'seq, id, name, dir, path, type, status, size, sample_time, labels, metadata, usage, labeler';

/** The read model of one sample (DescribeSampleResp); `source` is a signed URL, a thumbnail with `process`. */
export function toDescribeSample(ctx: EngineContext, row: SampleRow, process?: string): DescribeSampleResp {
  const sample: DescribeSampleResp = {
    sample_id: row.id,
    sample_name: row.name,
    sample_dir: row.dir,
    sample_type: row.type,
    sample_status: row.status,
    sample_time: row.sample_time,
    sample_size: row.size,
    source: signedFileUrl(ctx, row.path, { process }),
    labels: parseJson<SampleLabel[]>(row.labels, []),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
  };
  if (row.usage) sample.sample_usage = row.usage;
  if (row.labeler) {
    sample.labelers = [{ email: row.labeler }];
    sample.worker_id = row.labeler;
  }
  return sample;
}

/** S5: one sample, 4420 when the dataset has no such sample. */
export function describeSample(ctx: EngineContext, datasetId: string, sampleId: string, process?: string): DescribeSampleResp {
  const row = stmt<SampleRow>(ctx, `SELECT ${COLUMNS} FROM samples WHERE dataset_id = ? AND id = ?`).get(datasetId, sampleId);
  if (!row) throw new ModelArtsError('4420', `Sample ${sampleId} does not exist`);
  return toDescribeSample(ctx, row, process);
}

/** `sample_state` values this engine answers; the team-labeling ones belong to team tasks. */
export const STATUS_OF_STATE: Record<string, string> = {
  __ALL__: 'MANUAL_ANNOTATION',
  __NONE__: 'UN_ANNOTATION',
  __AUTO_ANNOTATION__: 'AUTO_ANNOTATION',
};
const COUNTER_OF_STATUS = { MANUAL_ANNOTATION: 'manual_annotation', UN_ANNOTATION: 'un_annotation', AUTO_ANNOTATION: 'auto_annotation' } as const;

export interface SampleListFilter {
  offset: number;
  limit: number;
  order: 'asc' | 'desc';
  sample_state?: string;
  sample_type?: number;
  label_name?: string;
  label_type?: number;
  low_score?: number;
  high_score?: number;
  process_parameter?: string;
  search_conditions?: string;
}

/** Which index answers the filter, and how many samples match (from counters where one exists). */
function sourceFor(ctx: EngineContext, dataset: DatasetRef, f: SampleListFilter): SeqSource | undefined {
  let status: string | undefined;
  if (f.sample_state !== undefined) {
    status = STATUS_OF_STATE[f.sample_state];
    if (!status) return undefined;
  }
  const ownType = DATASET_TYPES[dataset.type as keyof typeof DATASET_TYPES]?.sampleType;
  if (f.sample_type !== undefined && ownType !== undefined && ownType !== 9 && f.sample_type !== ownType) return undefined;

  if (f.label_name === undefined && f.label_type === undefined) {
    const counts = readSampleCounts(ctx, dataset.id);
    return status === undefined
      ? { kind: 'all', datasetId: dataset.id, total: counts.total }
      : { kind: 'state', datasetId: dataset.id, status, total: counts[COUNTER_OF_STATUS[status as keyof typeof COUNTER_OF_STATUS]] };
  }
  if (status !== undefined) {
    // Only MANUAL_ANNOTATION and AUTO_ANNOTATION samples carry labels. When every labeled sample is in the
    // asked state, the label filter alone answers, from its counter.
    const counts = readSampleCounts(ctx, dataset.id);
    if (status === 'UN_ANNOTATION' || counts[COUNTER_OF_STATUS[status as keyof typeof COUNTER_OF_STATUS]] === 0) return undefined;
    const otherLabeled = status === 'MANUAL_ANNOTATION' ? counts.auto_annotation : counts.manual_annotation;
    if (otherLabeled === 0) status = undefined;
  }
  let labelIds: number[];
  let singleCount: number | undefined;
  if (f.label_name !== undefined) {
    const label = labelRowByName(ctx, dataset.id, f.label_name);
    if (!label || (f.label_type !== undefined && label.type !== f.label_type)) return undefined;
    labelIds = [label.id];
    singleCount = label.sample_count;
  } else {
    labelIds = stmt<{ id: number }>(ctx, 'SELECT id FROM labels WHERE dataset_id = ? AND type = ?')
      .all(dataset.id, f.label_type)
      .map((r) => r.id);
    if (labelIds.length === 0) return undefined;
  }
  return { kind: 'labels', datasetId: dataset.id, labelIds, status, total: status === undefined ? singleCount : undefined };
}

/** The rows of `seqs`, described in that order. */
function describeSeqs(ctx: EngineContext, seqs: number[], process?: string): DescribeSampleResp[] {
  if (seqs.length === 0) return [];
  const rows = stmt<SampleRow>(ctx, `SELECT ${COLUMNS} FROM samples WHERE seq IN (SELECT value FROM json_each(?))`).all(JSON.stringify(seqs));
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  return seqs.flatMap((seq) => {
    const row = bySeq.get(seq);
    return row ? [toDescribeSample(ctx, row, process)] : [];
  });
}

/**
 * S1 with search conditions (or a score range): the list filters join the conditions, and the search
 * planner counts and pages them.
 */
function listSearched(ctx: EngineContext, dataset: DatasetRef, f: SampleListFilter, conditions: ParsedSearchCondition[]): ListSamplesResp {
  let status: string | undefined;
  if (f.sample_state !== undefined) {
    status = STATUS_OF_STATE[f.sample_state];
    if (!status) return { sample_count: 0, samples: [] };
  }
  const all = [...conditions];
  if (f.label_name !== undefined || f.label_type !== undefined) {
    all.push({ label_list: { op: 'AND', labels: [{ name: f.label_name, type: f.label_type }] } });
  }
  const low = f.low_score ?? 0;
  const high = f.high_score ?? 1;
  if (low > 0 || high < 1) all.push({ score: `${low}-${high}` });
  const plan = planSearch(ctx, { datasetId: dataset.id, status, sampleType: f.sample_type, conditions: all, now: ctx.now() });
  return { sample_count: plan.total, samples: describeSeqs(ctx, plan.page(f.offset, f.limit, f.order), f.process_parameter) };
}

/** S1: a page of samples; `offset` is a page index. */
export function listSamples(ctx: EngineContext, dataset: DatasetRef, f: SampleListFilter): ListSamplesResp {
  const scored = (f.low_score ?? 0) > 0 || (f.high_score ?? 1) < 1;
  if (f.search_conditions !== undefined || scored) {
    const conditions = f.search_conditions !== undefined ? parseSearchConditions(f.search_conditions) : [];
    return listSearched(ctx, dataset, f, conditions);
  }
  const source = sourceFor(ctx, dataset, f);
  if (!source) return { sample_count: 0, samples: [] };
  const { total, seqs } = pageSeqs(ctx, source, f.offset, f.limit, f.order);
  return { sample_count: total, samples: describeSeqs(ctx, seqs, f.process_parameter) };
}
