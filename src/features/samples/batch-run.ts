import type { ListSamplesResp, SampleLabel } from '@contract/sample';
import { GALLERY_PAGE_SIZE } from './api';
import { selectedPages, type IndexRange } from './gallery-selection';

/** The batch actions, named as the batch-by-filter extension names them. */
export type BatchAction =
  | { action: 'add_labels'; labels: { name: string; type: number }[] }
  | { action: 'remove_labels'; labels: { name: string; type: number }[] }
  | { action: 'set_labels'; labels: [] }
  | { action: 'delete'; delete_source: boolean };

export interface BatchProgress {
  /** `reading`: looking up the selected samples page by page; `writing`: sending the changes. */
  phase: 'reading' | 'writing';
  done: number;
  total: number;
}

export interface BatchResult {
  matched: number;
  changed: number;
}

/** The list moved under the selection (samples added or removed): positions no longer name the same samples. */
export class SelectionChangedError extends Error {
  constructor() {
    super('The samples changed since they were selected');
    this.name = 'SelectionChangedError';
  }
}

export interface ExplicitBatchDeps {
  /** A fresh page of the gallery's filter (never a cached one: S3 replaces labels, so they must be current). */
  fetchPage: (page: number) => Promise<ListSamplesResp>;
  /** The sample id the gallery showed at a position, when it had that page: to notice a moved list. */
  shownId: (index: number) => string | undefined;
  updateLabels: (samples: { sample_id: string; labels: SampleLabel[] }[]) => Promise<unknown>;
  deleteSamples: (ids: string[], deleteSource: boolean) => Promise<unknown>;
  onProgress: (p: BatchProgress) => void;
  signal?: AbortSignal;
}

const LABEL_CHUNK = GALLERY_PAGE_SIZE;
const DELETE_CHUNK = 1_000;

/** The labels a sample ends with after an action (S3 replaces the whole list). */
export function labelsAfter(labels: SampleLabel[], a: Exclude<BatchAction, { action: 'delete' }>): SampleLabel[] {
  switch (a.action) {
    case 'add_labels': {
      const have = new Set(labels.map((l) => l.name));
      return [...labels, ...a.labels.filter((l) => !have.has(l.name))];
    }
    case 'remove_labels': {
      const drop = new Set(a.labels.map((l) => l.name));
      return labels.filter((l) => !drop.has(l.name));
    }
    case 'set_labels':
      return [];
  }
}

function checkAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Stopped', 'AbortError');
}

/**
 * Runs an action on explicitly selected positions: first reads every selected sample (so nothing changes
 * when the list moved under the selection — positions shift as soon as the first chunk is written), then
 * writes in chunks (S3 for labels, S4 for deletes), reporting progress and stopping between chunks when
 * aborted. Samples an action would leave as they are are not sent.
 */
export async function runExplicitBatch(ranges: readonly IndexRange[], expectedTotal: number, action: BatchAction, deps: ExplicitBatchDeps): Promise<BatchResult> {
  const pages = [...selectedPages(ranges, GALLERY_PAGE_SIZE)];
  const matched = pages.reduce((n, p) => n + p.indices.length, 0);
  const samples: ListSamplesResp['samples'] = [];
  for (const [n, { page, indices }] of pages.entries()) {
    checkAborted(deps.signal);
    deps.onProgress({ phase: 'reading', done: n, total: pages.length });
    const res = await deps.fetchPage(page);
    if (res.sample_count !== expectedTotal) throw new SelectionChangedError();
    for (const i of indices) {
      const sample = res.samples[i - page * GALLERY_PAGE_SIZE];
      const shown = deps.shownId(i);
      if (!sample || (shown !== undefined && shown !== sample.sample_id)) throw new SelectionChangedError();
      samples.push(sample);
    }
  }

  if (action.action === 'delete') {
    const ids = samples.map((s) => s.sample_id);
    for (let at = 0; at < ids.length; at += DELETE_CHUNK) {
      checkAborted(deps.signal);
      deps.onProgress({ phase: 'writing', done: at, total: ids.length });
      await deps.deleteSamples(ids.slice(at, at + DELETE_CHUNK), action.delete_source);
    }
    deps.onProgress({ phase: 'writing', done: ids.length, total: ids.length });
    return { matched, changed: ids.length };
  }

  const changes = samples
    .map((s) => ({ sample_id: s.sample_id, before: s.labels, labels: labelsAfter(s.labels, action) }))
    // Adding only appends and removing only drops: a change always changes the length.
    .filter((c) => c.labels.length !== c.before.length)
    .map(({ sample_id, labels }) => ({ sample_id, labels }));
  for (let at = 0; at < changes.length; at += LABEL_CHUNK) {
    checkAborted(deps.signal);
    deps.onProgress({ phase: 'writing', done: at, total: changes.length });
    await deps.updateLabels(changes.slice(at, at + LABEL_CHUNK));
  }
  deps.onProgress({ phase: 'writing', done: changes.length, total: changes.length });
  return { matched, changed: changes.length };
}
