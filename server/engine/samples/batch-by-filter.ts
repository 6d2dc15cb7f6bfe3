import type { z } from 'zod';
import { ModelArtsError } from '../../contract/errors.js';
import type { BatchByFilterBody, BatchByFilterResp, SampleLabel } from '../../contract/sample.js';
import type { ParsedSearchCondition } from '../../contract/search.js';
import type { EngineContext } from '../context.js';
import { labelRowsByName } from '../labels/repository.js';
import { enqueueTask } from '../tasks/queue.js';
import { randomAlphanumeric } from '../tasks/repository.js';
import { imageSizeOf, validateSampleLabels, type AnnotationTarget } from './annotations.js';
import { requireDataset } from './dataset-ref.js';
import { STATUS_OF_STATE } from './queries.js';
import type { SampleChange, SampleState } from './repository.js';
import { planSearch, type SampleFilterSpec } from './search-plan.js';
import { inTransaction } from './sql.js';
import { HUMAN } from './update-labels.js';

/**
 * Local extension `POST …/data-annotations/samples/batch-by-filter`: the gallery's "select everything
 * matching" — add, remove or set labels on, or delete, every sample matching S1's filter, however many.
 * The request is checked at once (labels, the count the user confirmed: `expected_count`, against the
 * same snapshot the task is queued in); the work runs as a `batch` task (batch-task.ts), chunk by chunk.
 */
export type BatchBody = z.output<typeof BatchByFilterBody>;

/** A batch task's params: the request body as sent (defaults filled in) plus the dataset. */
export type BatchTaskParams = BatchBody & { dataset_id: string };

/** A shape label is one occurrence among others; a plain label is a class a sample has or has not. */
const isShape = (l: SampleLabel) => l.property?.['@modelarts:shape'] !== undefined;

function newLabels(action: BatchBody['action'], before: SampleState, given: SampleLabel[]): SampleLabel[] {
  if (action === 'set_labels') return given;
  if (action === 'remove_labels') {
    const names = new Set(given.map((l) => l.name));
    return before.labels.filter((l) => !names.has(l.name));
  }
  const present = new Set(before.labels.filter((l) => !isShape(l)).map((l) => l.name));
  return [...before.labels, ...given.filter((l) => isShape(l) || !present.has(l.name))];
}

/** The change an action makes to one sample; undefined when the sample already is as asked. */
export function changeFor(target: AnnotationTarget, action: BatchBody['action'], before: SampleState, given: SampleLabel[]): SampleChange | undefined {
  // Only what is added is checked against the sample (its size); labels it already carries stay as they are.
  const checked = action === 'remove_labels' ? given : validateSampleLabels(target, { name: before.name, size: imageSizeOf(before.metadata) }, given);
  const labels = newLabels(action, before, checked);
  const event = action === 'remove_labels' ? 'labels_removed' : 'human_labeled';
  const sameLabels = JSON.stringify(labels) === JSON.stringify(before.labels);
  if (sameLabels && (event === 'labels_removed' || before.status === (labels.length > 0 ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION'))) return undefined;
  const labeler = event === 'labels_removed' ? (labels.length > 0 ? before.labeler : null) : labels.length > 0 ? HUMAN : null;
  return { before, event, labels, labeler };
}

/** The labels the action names, checked against the dataset's labels (4410 for an unknown one). */
export function batchTarget(ctx: EngineContext, datasetId: string, body: BatchBody): { target: AnnotationTarget; given: SampleLabel[] } {
  const dataset = requireDataset(ctx, datasetId);
  const target: AnnotationTarget = { datasetType: dataset.type, labels: labelRowsByName(ctx, datasetId) };
  const given = body.labels ?? [];
  for (const l of given) {
    if (!target.labels.has(l.name)) throw new ModelArtsError('4410', `The dataset has no label ${JSON.stringify(l.name)}`);
  }
  return { target, given };
}

/** S1's filter as a search spec; undefined when it can match nothing (a team-labeling state). */
export function batchFilterSpec(ctx: EngineContext, datasetId: string, body: BatchBody): SampleFilterSpec | undefined {
  const conditions: ParsedSearchCondition[] = [...(body.search_conditions ?? [])];
  if (body.label_name !== undefined) conditions.push({ label_list: { op: 'AND', labels: [{ name: body.label_name }] } });
  const status = body.sample_state === undefined ? undefined : STATUS_OF_STATE[body.sample_state];
  // Team-labeling states are not states of the dataset's own samples: they match none here, as in S1.
  if (body.sample_state !== undefined && status === undefined) return undefined;
  return { datasetId, status, conditions, now: ctx.now() };
}

/** Checks the request and queues the batch task in one transaction; answers the matches and the task. */
export function batchByFilter(ctx: EngineContext, datasetId: string, body: BatchBody): BatchByFilterResp {
  if ((body.action === 'add_labels' || body.action === 'remove_labels') && (body.labels ?? []).length === 0) {
    throw new ModelArtsError('0101', `${body.action} needs at least one label`);
  }
  return inTransaction(ctx, () => {
    batchTarget(ctx, datasetId, body);
    const spec = batchFilterSpec(ctx, datasetId, body);
    const matched = spec ? planSearch(ctx, spec).total : 0;
    if (body.expected_count !== undefined && body.expected_count !== matched) {
      throw new ModelArtsError(
        '4396',
        `The filter now matches ${matched} samples, not the ${body.expected_count} confirmed: the data changed, check the selection again`,
      );
    }
    const params: BatchTaskParams = { ...body, dataset_id: datasetId };
    const { id } = enqueueTask(ctx, {
      id: `${datasetId}_${randomAlphanumeric(10)}`,
      kind: 'batch',
      datasetId,
      params,
      result: { matched, visited: 0, changed: 0 },
    });
    return { matched, task_id: id };
  });
}
