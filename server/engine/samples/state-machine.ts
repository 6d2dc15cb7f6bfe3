import type { SampleStatus } from '../../contract/sample.js';
import type { CounterDelta } from './counters.js';

/**
 * The one place that decides a sample's status (`sample_status`, §9) from what happened to it. Writers
 * (repository.ts, label-edits.ts) ask `nextStatus` and move the counters with `moveCounters`; nothing else
 * assigns a status.
 *
 * | event          | what happened                                           | labels left: none | some              |
 * |----------------|---------------------------------------------------------|-------------------|-------------------|
 * | human_labeled  | a person set the labels (S2 final, S3, batch edits) —   | UN_ANNOTATION     | MANUAL_ANNOTATION |
 * |                | also confirms an AUTO_ANNOTATION sample ("to be confirmed") |               |                   |
 * | auto_labeled   | an auto-labeling result, `final_annotation: false`      | UN_ANNOTATION     | AUTO_ANNOTATION   |
 * | labels_removed | labels taken away (label delete, batch remove)          | UN_ANNOTATION     | (unchanged)       |
 * | imported       | a new sample, labels from its source taken as final     | UN_ANNOTATION     | MANUAL_ANNOTATION |
 *
 * Counters: a transition from A to B moves one sample from A's counter to B's (`sample_counts`), and
 * `key_sample` with the hard flag of the metadata before and after; label counters move with the label
 * lists and are the writer's business (they do not depend on the status).
 *
 * Team labeling and auto-labeling add their events (review, acceptance …) as rows of this table.
 */
export const SAMPLE_EVENTS = ['human_labeled', 'auto_labeled', 'labels_removed', 'imported'] as const;
export type SampleEvent = (typeof SAMPLE_EVENTS)[number];

type Outcome = SampleStatus | 'unchanged';

const TRANSITIONS: Record<SampleEvent, { none: Outcome; some: Outcome }> = {
  human_labeled: { none: 'UN_ANNOTATION', some: 'MANUAL_ANNOTATION' },
  auto_labeled: { none: 'UN_ANNOTATION', some: 'AUTO_ANNOTATION' },
  labels_removed: { none: 'UN_ANNOTATION', some: 'unchanged' },
  imported: { none: 'UN_ANNOTATION', some: 'MANUAL_ANNOTATION' },
};

/**
 * The status after `event`, given the status before (`undefined` for a new sample) and how many labels
 * the sample carries afterwards.
 */
export function nextStatus(from: string | undefined, event: SampleEvent, labelsAfter: number): SampleStatus {
  const outcome = labelsAfter > 0 ? TRANSITIONS[event].some : TRANSITIONS[event].none;
  if (outcome !== 'unchanged') return outcome;
  return (from as SampleStatus | undefined) ?? (labelsAfter > 0 ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION');
}

/** The status of a new sample: imported / added as final, or as an auto-labeling result to confirm. */
export function initialStatus(labels: number, final: boolean): SampleStatus {
  return nextStatus(undefined, final ? 'imported' : 'auto_labeled', labels);
}

export interface SampleSide {
  status: string;
  metadata: Record<string, unknown>;
}

/**
 * Moves the per-state counters (and `key_sample`) for one sample going from `before` to `after`; a
 * sample that is unchanged in both moves nothing.
 */
export function moveCounters(delta: CounterDelta, before: SampleSide, after: SampleSide): void {
  delta.sample(before.status, before.metadata, -1);
  delta.sample(after.status, after.metadata, 1);
}
