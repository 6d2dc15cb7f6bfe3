import type { z } from 'zod';
import { ModelArtsError } from '../../contract/errors.js';
import type { BatchByFilterBody, BatchByFilterResp, SampleLabel } from '../../contract/sample.js';
import type { ParsedSearchCondition } from '../../contract/search.js';
import type { EngineContext } from '../context.js';
import { labelRowsByName } from '../labels/repository.js';
import { imageSizeOf, validateSampleLabels, type AnnotationTarget } from './annotations.js';
import { requireDataset } from './dataset-ref.js';
import { STATUS_OF_STATE } from './queries.js';
import {
  deleteSamplesBySeq,
  readSampleStates,
  removeSourceFiles,
  writeSampleChanges,
  type SampleChange,
  type SampleState,
  type SourceFile,
} from './repository.js';
import { planSearch } from './search-plan.js';
import { inTransaction } from './sql.js';
import { HUMAN } from './update-labels.js';

/**
 * Local extension `POST …/data-annotations/samples/batch-by-filter`: the gallery's "select everything
 * matching" — add, remove or set labels on, or delete, every sample matching S1's filter, however many.
 * One transaction: the count the user confirmed (`expected_count`) is checked against the same snapshot
 * that is changed, and every counter moves with the rows.
 */
type Body = z.output<typeof BatchByFilterBody>;

const CHUNK = 1000;

/** A shape label is one occurrence among others; a plain label is a class a sample has or has not. */
const isShape = (l: SampleLabel) => l.property?.['@modelarts:shape'] !== undefined;

function newLabels(action: Body['action'], before: SampleState, given: SampleLabel[]): SampleLabel[] {
  if (action === 'set_labels') return given;
  if (action === 'remove_labels') {
    const names = new Set(given.map((l) => l.name));
    return before.labels.filter((l) => !names.has(l.name));
  }
  const present = new Set(before.labels.filter((l) => !isShape(l)).map((l) => l.name));
  return [...before.labels, ...given.filter((l) => isShape(l) || !present.has(l.name))];
}

function changeFor(target: AnnotationTarget, action: Body['action'], before: SampleState, given: SampleLabel[]): SampleChange | undefined {
  // Only what is added is checked against the sample (its size); labels it already carries stay as they are.
  const checked = action === 'remove_labels' ? given : validateSampleLabels(target, { name: before.name, size: imageSizeOf(before.metadata) }, given);
  const labels = newLabels(action, before, checked);
  const event = action === 'remove_labels' ? 'labels_removed' : 'human_labeled';
  const sameLabels = JSON.stringify(labels) === JSON.stringify(before.labels);
  if (sameLabels && (event === 'labels_removed' || before.status === (labels.length > 0 ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION'))) return undefined;
  const labeler = event === 'labels_removed' ? (labels.length > 0 ? before.labeler : null) : labels.length > 0 ? HUMAN : null;
  return { before, event, labels, labeler };
}

export function batchByFilter(ctx: EngineContext, datasetId: string, body: Body): BatchByFilterResp {
  const given = body.labels ?? [];
  if ((body.action === 'add_labels' || body.action === 'remove_labels') && given.length === 0) {
    throw new ModelArtsError('0101', `${body.action} needs at least one label`);
  }
  const files: SourceFile[] = [];
  const result = inTransaction(ctx, () => {
    const dataset = requireDataset(ctx, datasetId);
    const target: AnnotationTarget = { datasetType: dataset.type, labels: labelRowsByName(ctx, datasetId) };
    for (const l of given) {
      if (!target.labels.has(l.name)) throw new ModelArtsError('4410', `The dataset has no label ${JSON.stringify(l.name)}`);
    }
    const conditions: ParsedSearchCondition[] = [...(body.search_conditions ?? [])];
    if (body.label_name !== undefined) conditions.push({ label_list: { op: 'AND', labels: [{ name: body.label_name }] } });
    const status = body.sample_state === undefined ? undefined : STATUS_OF_STATE[body.sample_state];
    // Team-labeling states are not states of the dataset's own samples: they match none here, as in S1.
    const plan =
      body.sample_state !== undefined && status === undefined
        ? { total: 0, allSeqs: () => [] }
        : planSearch(ctx, { datasetId, status, conditions, now: ctx.now() });
    if (body.expected_count !== undefined && body.expected_count !== plan.total) {
      throw new ModelArtsError(
        '4396',
        `The filter now matches ${plan.total} samples, not the ${body.expected_count} confirmed: the data changed, check the selection again`,
      );
    }
    const seqs = plan.allSeqs();
    if (body.action === 'delete') {
      files.push(...deleteSamplesBySeq(ctx, datasetId, seqs));
      return { matched: plan.total, changed: files.length };
    }
    let changed = 0;
    for (let i = 0; i < seqs.length; i += CHUNK) {
      const changes = readSampleStates(ctx, seqs.slice(i, i + CHUNK))
        .map((before) => changeFor(target, body.action, before, given))
        .filter((c): c is SampleChange => c !== undefined);
      changed += writeSampleChanges(ctx, datasetId, changes);
    }
    return { matched: plan.total, changed };
  });
  if (body.delete_source && files.length > 0) removeSourceFiles(ctx, files);
  return result;
}
