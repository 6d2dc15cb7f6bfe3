import type { SearchCondition } from '@contract/search';

/**
 * The sample filter shared by the gallery and the annotation editor: it lives in the URL
 * (`?state=&label=a&label=b&op=&name=&dir=&from=&to=`), so a view can be shared, survives reloads, and the
 * editor walks exactly the samples the gallery shows.
 */
export const SAMPLE_STATES = ['all', 'labeled', 'unlabeled', 'auto'] as const;
export type SampleStateFilter = (typeof SAMPLE_STATES)[number];

export interface SampleFilter {
  state: SampleStateFilter;
  labels: string[];
  labelOp: 'AND' | 'OR';
  /** Part of the file name. */
  name?: string;
  /** Folder object path ending with `/` (non-recursive). */
  dir?: string;
  /** Day range, `yyyyMMdd`, at most 30 days apart (the API's limit). */
  from?: string;
  to?: string;
}

const STATE_PARAM: Record<SampleStateFilter, string | undefined> = {
  all: undefined,
  labeled: '__ALL__',
  unlabeled: '__NONE__',
  auto: '__AUTO_ANNOTATION__',
};
const FILTER_KEYS = ['state', 'label', 'op', 'name', 'dir', 'from', 'to'] as const;
const DAY = /^\d{8}$/;

export function readSampleFilter(params: URLSearchParams): SampleFilter {
  const state = params.get('state');
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  return {
    state: (SAMPLE_STATES as readonly string[]).includes(state ?? '') ? (state as SampleStateFilter) : 'all',
    labels: params.getAll('label').filter(Boolean),
    labelOp: params.get('op') === 'AND' ? 'AND' : 'OR',
    name: params.get('name') || undefined,
    dir: params.get('dir') || undefined,
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
  };
}

/** Returns new params with the filter written (other keys kept; defaults left out of the URL). */
export function writeSampleFilter(params: URLSearchParams, filter: SampleFilter): URLSearchParams {
  const next = new URLSearchParams(params);
  FILTER_KEYS.forEach((k) => next.delete(k));
  if (filter.state !== 'all') next.set('state', filter.state);
  filter.labels.forEach((l) => next.append('label', l));
  if (filter.labelOp === 'AND' && filter.labels.length > 1) next.set('op', 'AND');
  if (filter.name) next.set('name', filter.name);
  if (filter.dir) next.set('dir', filter.dir);
  if (filter.from && filter.to) {
    next.set('from', filter.from);
    next.set('to', filter.to);
  }
  return next;
}

/** The search conditions of a filter (one condition: its fields are ANDed). */
export function sampleFilterConditions(filter: SampleFilter): SearchCondition[] {
  const condition: SearchCondition = {};
  if (filter.labels.length > 0) {
    condition.label_list = { op: filter.labelOp, labels: filter.labels.map((name) => ({ name })) };
  }
  if (filter.name) condition.sample_name = filter.name;
  if (filter.dir) condition.sample_dir = filter.dir.endsWith('/') ? filter.dir : `${filter.dir}/`;
  if (filter.from && filter.to) condition.sample_time = `${filter.from}-${filter.to}`;
  return Object.keys(condition).length > 0 ? [condition] : [];
}

/** Query parameters of S1 (`GET …/data-annotations/samples`) for a filter. */
export function sampleListParams(filter: SampleFilter): { sample_state?: string; search_conditions?: string } {
  const conditions = sampleFilterConditions(filter);
  return {
    sample_state: STATE_PARAM[filter.state],
    search_conditions: conditions.length > 0 ? JSON.stringify(conditions) : undefined,
  };
}

/** The same filter as the body fields of the batch-by-filter extension. */
export function sampleFilterBody(filter: SampleFilter): { sample_state?: string; search_conditions?: SearchCondition[] } {
  const conditions = sampleFilterConditions(filter);
  return { sample_state: STATE_PARAM[filter.state], search_conditions: conditions.length > 0 ? conditions : undefined };
}
