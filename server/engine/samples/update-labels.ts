import type { z } from 'zod';
import type { BatchBody } from '../../contract/common.js';
import { ModelArtsError } from '../../contract/errors.js';
import type { UpdateSamplesBody } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { labelRowsByName } from '../labels/repository.js';
import { imageSizeOf, validateSampleLabels } from './annotations.js';
import { requireDataset } from './dataset-ref.js';
import { readSampleStates, writeSampleChanges, type SampleChange } from './repository.js';
import { inTransaction, stmt } from './sql.js';

/** The labeler recorded when a request names none (§4 S3). */
export const HUMAN = 'human';

/** Metadata merge of S3: given keys replace the stored ones; a key given as null is removed. */
export function mergeMetadata(stored: Record<string, unknown>, given: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!given) return stored;
  // A Map, since keys are user data (`__proto__` assigned to an object would set its prototype).
  const merged = new Map(Object.entries(stored));
  for (const [key, value] of Object.entries(given)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

/**
 * S3: each sample's label list is replaced by the one given (none given: every label removed, the sample
 * becomes UN_ANNOTATION; an auto-labeled sample given its labels is confirmed, MANUAL_ANNOTATION).
 * `sample_usage` and `metadata` merge. All or nothing: any unknown sample (4420), unknown label (4410) or
 * invalid shape (0107) refuses the whole request with 400 and changes nothing.
 */
export function updateSampleLabels(ctx: EngineContext, datasetId: string, body: z.output<typeof UpdateSamplesBody>): BatchBody {
  return inTransaction(ctx, () => {
    const dataset = requireDataset(ctx, datasetId);
    const target = { datasetType: dataset.type, labels: labelRowsByName(ctx, datasetId) };
    const seqOf = stmt<{ seq: number }>(ctx, 'SELECT seq FROM samples WHERE dataset_id = ? AND id = ?');
    const seqs: number[] = [];
    const given = new Set<string>();
    for (const [i, s] of body.samples.entries()) {
      if (given.has(s.sample_id)) throw new ModelArtsError('0101', `samples[${i}]: sample ${s.sample_id} is given twice`);
      given.add(s.sample_id);
      const row = seqOf.get(datasetId, s.sample_id);
      if (!row) throw new ModelArtsError('4420', `samples[${i}]: sample ${s.sample_id} does not exist in dataset ${datasetId}`);
      seqs.push(row.seq);
    }
    const bySeq = new Map(readSampleStates(ctx, seqs).map((st) => [st.seq, st]));
    const labeler = body.email ?? HUMAN;
    const changes: SampleChange[] = body.samples.map((s, i) => {
      const before = bySeq.get(seqs[i])!;
      const metadata = mergeMetadata(before.metadata, s.metadata);
      const labels = validateSampleLabels(target, { name: before.name, size: imageSizeOf(metadata) }, s.labels ?? []);
      return {
        before,
        event: 'human_labeled',
        labels,
        metadata,
        usage: s.sample_usage,
        labeler: labels.length > 0 ? labeler : null,
      };
    });
    writeSampleChanges(ctx, datasetId, changes);
    return { success: true, results: body.samples.map(() => ({ success: true })) };
  });
}
