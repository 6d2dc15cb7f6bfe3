import { ModelArtsError } from '../../contract/errors.js';
import { SearchConditions, type LabelCondition, type ParsedSearchCondition } from '../../contract/search.js';

/**
 * Search conditions (§1 SearchCondition) compiled to SQL over the samples table, aliased `s`. S1 and the
 * batch-by-filter extension AND the conditions; exports OR them (`(w1) OR (w2)`), which is why each
 * condition compiles to one self-contained boolean expression with its own parameters.
 */
export interface CompiledSearch {
  /** A boolean SQL expression over `samples s` (true when there is no condition). */
  where: string;
  params: unknown[];
  /** Whether `where` reads columns of the sample row other than its seq (label links do not). */
  readsRow: boolean;
}

/** What the sample-list planner may drive a query from (conditions ANDed at the top level only). */
export interface SearchHints {
  dirs: string[];
  /** Label names every matching sample carries. */
  requiredLabels: string[];
  /** Sets of label names of which a matching sample carries at least one. */
  anyLabelSets: string[][];
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 30;
const HARD_KEY = '@modelarts:hard';
const HARD_TRUE = `IN (1, '1', 'true')`;

const bad = (message: string) => new ModelArtsError('0101', `search_conditions: ${message}`);

/** Parses S1's `search_conditions` query value (URL-decoded JSON: an array, or one condition). */
export function parseSearchConditions(text: string): ParsedSearchCondition[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad('not valid JSON');
  }
  const parsed = SearchConditions.safeParse(Array.isArray(json) ? json : [json]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  return parsed.data;
}

// A JSON scalar as text, the way the matching rules compare values (see contract/search.ts).
const scalarText = (alias: string) =>
  `CASE ${alias}.type WHEN 'text' THEN ${alias}.atom WHEN 'integer' THEN CAST(${alias}.atom AS TEXT) ` +
  `WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END`;

/** Escapes LIKE wildcards; the pattern is used with ESCAPE '\'. */
const likeContains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

class Builder {
  readonly params: unknown[] = [];
  readsRow = false;
  constructor(
    readonly datasetId: string,
    readonly now: number,
    readonly seq: string,
  ) {}
  /** A column of the sample row. */
  col(name: string): string {
    this.readsRow = true;
    return `s.${name}`;
  }
  p(value: unknown): string {
    this.params.push(value);
    return '?';
  }
  list(values: readonly unknown[]): string {
    return `(SELECT value FROM json_each(${this.p(JSON.stringify(values))}))`;
  }
}

const all = (parts: string[]) => (parts.length === 0 ? '1' : parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`);
const any = (parts: string[]) => (parts.length === 0 ? '0' : parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`);

/** Key → values over the entries of a JSON object column; `null` / empty values: the key is present. */
function keyValues(b: Builder, jsonObject: string, props: Record<string, string[] | null>, op: 'AND' | 'OR'): string {
  const parts = Object.entries(props).map(([key, values]) => {
    // Parameters are numbered in the order they are added: the key's comes first in the text.
    const keyParam = b.p(key);
    const match = values && values.length > 0 ? ` AND ${scalarText('kv')} IN ${b.list(values)}` : '';
    return `EXISTS (SELECT 1 FROM json_each(${jsonObject}) kv WHERE kv.key = ${keyParam}${match})`;
  });
  return op === 'AND' ? all(parts) : any(parts);
}

function labelPredicate(b: Builder, l: LabelCondition): string {
  const parts: string[] = [];
  // The link table answers name and type without reading the sample's label JSON.
  if (l.name !== undefined) {
    parts.push(
      `EXISTS (SELECT 1 FROM sample_labels sl WHERE sl.sample_seq = ${b.seq} AND sl.label_id = ` +
        `(SELECT id FROM labels WHERE dataset_id = ${b.p(b.datasetId)} AND name = ${b.p(l.name)}))`,
    );
  }
  if (l.type !== undefined) {
    parts.push(
      `EXISTS (SELECT 1 FROM sample_labels sl JOIN labels lt ON lt.id = sl.label_id WHERE sl.sample_seq = ${b.seq} AND lt.type = ${b.p(l.type)})`,
    );
  }
  if (l.property && Object.keys(l.property).length > 0) {
    // Name, type and properties must hold for the same label of the sample.
    const inLabel: string[] = [];
    if (l.name !== undefined) inLabel.push(`json_extract(lj.value, '$.name') = ${b.p(l.name)}`);
    if (l.type !== undefined) inLabel.push(`json_extract(lj.value, '$.type') = ${b.p(l.type)}`);
    inLabel.push(keyValues(b, `lj.value, '$.property'`, l.property, l.op ?? 'AND'));
    parts.push(`EXISTS (SELECT 1 FROM json_each(${b.col('labels')}) lj WHERE ${inLabel.join(' AND ')})`);
  }
  // A condition naming nothing matches samples that carry any label.
  if (parts.length === 0) parts.push(`EXISTS (SELECT 1 FROM sample_labels sl WHERE sl.sample_seq = ${b.seq})`);
  return all(parts);
}

function range01(text: string, what: string): [number, number] {
  const [low, high] = text.split('-').map((v) => Number(v.trim()));
  if (!(low <= high)) throw bad(`${what} range ${JSON.stringify(text)} has its low end above its high end`);
  return [low, high];
}

const utcDay = (yyyymmdd: string): number => {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw bad(`sample_time: ${yyyymmdd} is not a date`);
  }
  return t;
};

/** `[from, to)` in epoch ms for a `sample_time` value: whole UTC days, at most 30 of them. */
export function sampleTimeRange(value: string, now: number): [number, number] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  if (value === 'month') return [today - MAX_DAYS * DAY_MS, today + DAY_MS];
  if (value === 'day') return [today - DAY_MS, today + DAY_MS];
  const [a, b] = value.split('-');
  const from = utcDay(a);
  const to = utcDay(b);
  if (to < from) throw bad(`sample_time ${value}: the end date is before the start date`);
  if ((to - from) / DAY_MS > MAX_DAYS) throw bad(`sample_time ${value} spans more than ${MAX_DAYS} days`);
  return [from, to + DAY_MS];
}

/** The labeler as stored (an e-mail, or `human`), from S6's `human/x@y.com` form or the bare value. */
export const storedLabeler = (value: string) => value.replace(/^human\/(?=.)/, '');

// Predicates are written cheapest first (SQLite evaluates AND terms in order): columns, then label
// links, then JSON. Parameters are added in the same order as the text.
function conditionPredicate(b: Builder, c: ParsedSearchCondition): string {
  const parts: string[] = [];
  if (never.some((k) => c[k] !== undefined)) return '0';
  if (c.sample_dir !== undefined) parts.push(`${b.col('dir')} = ${b.p(normalizeDir(c.sample_dir))}`);
  if (c.sample_time !== undefined) {
    const [from, to] = sampleTimeRange(c.sample_time, b.now);
    parts.push(`${b.col('sample_time')} >= ${b.p(from)} AND s.sample_time < ${b.p(to)}`);
  }
  // Either as written or without S6's `human/` prefix.
  if (c.labeler !== undefined) parts.push(`${b.col('labeler')} IN (${b.p(c.labeler)}, ${b.p(storedLabeler(c.labeler))})`);
  if (c.sample_name !== undefined && c.sample_name !== '') parts.push(`${b.col('name')} LIKE ${b.p(likeContains(c.sample_name))} ESCAPE '\\'`);
  if (c.label_list) {
    const labels = c.label_list.labels.map((l) => labelPredicate(b, l));
    parts.push(c.label_list.op === 'AND' ? all(labels) : any(labels));
  }
  if (c.hard !== undefined) {
    const flag = `json_extract(${b.col('metadata')}, '$."${HARD_KEY}"') ${HARD_TRUE}`;
    parts.push(c.hard === '1' ? `COALESCE(${flag}, 0) = 1` : `COALESCE(${flag}, 0) = 0`);
  }
  if (c.coefficient !== undefined) {
    const [low, high] = range01(c.coefficient, 'coefficient');
    const path = `'$."@modelarts:hard_coefficient"'`;
    parts.push(`json_type(${b.col('metadata')}, ${path}) IN ('integer', 'real') AND json_extract(s.metadata, ${path}) BETWEEN ${b.p(low)} AND ${b.p(high)}`);
  }
  if (c.metadata && Object.keys(c.metadata.props).length > 0) parts.push(keyValues(b, b.col('metadata'), c.metadata.props, c.metadata.op));
  if (c.import_origin !== undefined) parts.push(keyValues(b, b.col('metadata'), { '@modelarts:import_origin': [c.import_origin] }, 'AND'));
  if (c.score !== undefined) {
    const [low, high] = range01(c.score, 'score');
    parts.push(
      `EXISTS (SELECT 1 FROM json_each(${b.col('labels')}) sj WHERE json_type(sj.value, '$.score') IN ('integer', 'real') ` +
        `AND json_extract(sj.value, '$.score') BETWEEN ${b.p(low)} AND ${b.p(high)})`,
    );
  }
  return all(parts);
}

/** Attributes these samples never carry (video frames, DICOM, derived samples): a condition on them matches none. */
const never = ['parent_sample_id', 'frame_in_video', 'time_in_video', 'kvp', 'slice_thickness', 'study_date'] as const;

/** A folder as samples store it: an object path ending with `/` (`obs://b/d` and `/b/d` both give `/b/d/`). */
export function normalizeDir(dir: string): string {
  const path = dir.replace(/^(obs|s3):\/\//i, '/');
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * Compiles conditions for one dataset. `join` says how conditions combine: `AND` for S1 and batch edits,
 * `OR` for exports. `now` anchors `month` / `day`; `seq` is the SQL of the sample's seq (`s.seq`).
 */
export function compileSearch(
  datasetId: string,
  conditions: readonly ParsedSearchCondition[],
  opts: { join?: 'AND' | 'OR'; now?: number; seq?: string } = {},
): CompiledSearch {
  const b = new Builder(datasetId, opts.now ?? Date.now(), opts.seq ?? 's.seq');
  const parts = conditions.map((c) => conditionPredicate(b, c));
  const where = opts.join === 'OR' ? any(parts.length > 0 ? parts : ['1']) : all(parts);
  return { where, params: b.params, readsRow: b.readsRow };
}

/** The structure an AND of conditions guarantees, for choosing an index to drive a query from. */
export function searchHints(conditions: readonly ParsedSearchCondition[]): SearchHints {
  const hints: SearchHints = { dirs: [], requiredLabels: [], anyLabelSets: [] };
  for (const c of conditions) {
    if (c.sample_dir !== undefined) hints.dirs.push(normalizeDir(c.sample_dir));
    const labels = c.label_list?.labels ?? [];
    const named = labels.filter((l) => l.name !== undefined).map((l) => l.name!);
    if (labels.length === 0) continue;
    if (c.label_list!.op === 'AND' || labels.length === 1) hints.requiredLabels.push(...named);
    else if (named.length === labels.length) hints.anyLabelSets.push(named);
  }
  return hints;
}
