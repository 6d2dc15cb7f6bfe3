import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleLabel } from '../../contract/sample.js';
import type { SearchCondition } from '../../contract/search.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { insertSamples, sampleIdFor, type NewSample } from './repository.js';
import { searchTuning } from './search-pages.js';
import { createTestDataset } from './test-fixtures.js';

// S1 with random search conditions against a brute-force filter over the same rows, written here from
// the matching rules of contract/search.ts and independent of the SQL the engine builds.

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(async () => {
  searchTuning.listMax = 100_000;
  await engine.close();
});

const DAY = 86_400_000;
const NOW = Date.now();
const LABELS = ['cat', 'dog', '猫'];
const DIRS = ['/bucket/a/', '/bucket/a/b/', '/bucket/c/'];
const BASES = ['IMG_1', 'img_10', 'a%b', 'a_b', '猫', 'Cat', 'dog'];
const LABELERS = ['human', 'a@x.com', 'b@y.com'];
const SCORES = [0, 0.25, 0.5, 0.9, 1];

const sampleLabel = fc.record(
  {
    name: fc.constantFrom(...LABELS),
    score: fc.constantFrom(...SCORES),
    property: fc.record(
      {
        '@modelarts:shape': fc.constantFrom('bndbox', 'polygon'),
        color: fc.constantFrom('red', 'blue'),
        n: fc.constantFrom(1, 2, 2.5),
        flag: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['name'] },
);

const sampleSpec = fc.record({
  dir: fc.constantFrom(...DIRS),
  base: fc.constantFrom(...BASES),
  ext: fc.constantFrom('jpg', 'PNG'),
  labels: fc.array(sampleLabel, { maxLength: 3 }),
  final: fc.boolean(),
  labeler: fc.option(fc.constantFrom(...LABELERS), { nil: undefined }),
  dayOffset: fc.integer({ min: -40, max: 1 }),
  metadata: fc.record(
    {
      '@modelarts:hard': fc.constantFrom<unknown>(1, 0, '1', 'true', true, false),
      '@modelarts:hard_coefficient': fc.constantFrom(0, 0.3, 0.75, 1),
      '@modelarts:import_origin': fc.constantFrom('obs', 'dws'),
      src: fc.constantFrom<unknown>('x', 'y', 3, null),
    },
    { requiredKeys: [] },
  ),
});
type Spec = typeof sampleSpec extends fc.Arbitrary<infer T> ? T : never;

const valuesOrNull = (pool: string[]) => fc.option(fc.array(fc.constantFrom(...pool), { maxLength: 2 }), { nil: null });
const dayString = (offset: number) => new Date(Math.floor(NOW / DAY) * DAY + offset * DAY).toISOString().slice(0, 10).replace(/-/g, '');
const range = fc.constantFrom('0-1', '0.25-0.5', '0.9-1', '0-0', '0.3-0.75');

const condition: fc.Arbitrary<SearchCondition> = fc.record(
  {
    label_list: fc.record({
      op: fc.constantFrom('AND', 'OR'),
      labels: fc.array(
        fc.record(
          {
            name: fc.constantFrom(...LABELS, 'bird'),
            type: fc.constantFrom(1, 0),
            op: fc.constantFrom('AND', 'OR'),
            property: fc.dictionary(fc.constantFrom('@modelarts:shape', 'color', 'n', 'flag', 'missing'), valuesOrNull(['bndbox', 'polygon', 'red', '1', '2', '2.5', 'true', 'false']), {
              maxKeys: 2,
            }),
          },
          { requiredKeys: [] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    metadata: fc.record({
      op: fc.constantFrom('AND', 'OR'),
      props: fc.dictionary(fc.constantFrom('src', '@modelarts:import_origin', 'nope'), valuesOrNull(['x', 'y', '3', 'obs']), { maxKeys: 2 }),
    }),
    sample_name: fc.constantFrom('', 'img', 'IMG_1', '%', '_', 'a_', '猫', 'cat.jpg', '.png'),
    sample_dir: fc.constantFrom(...DIRS, '/bucket/a', '/bucket/none/'),
    sample_time: fc.oneof(
      fc.constantFrom('month', 'day'),
      fc.tuple(fc.integer({ min: -45, max: 0 }), fc.integer({ min: 0, max: 30 })).map(([from, span]) => `${dayString(from)}-${dayString(from + span)}`),
    ),
    labeler: fc.constantFrom('human', 'human/a@x.com', 'a@x.com', 'b@y.com', 'human/'),
    hard: fc.constantFrom('0', '1'),
    score: range,
    coefficient: range,
    import_origin: fc.constantFrom('obs', 'dws'),
  },
  { requiredKeys: [] },
);

// ---- the brute force ----------------------------------------------------------------------------
interface Row {
  id: string;
  name: string;
  dir: string;
  status: string;
  time: number;
  labels: SampleLabel[];
  labeler?: string;
  metadata: Record<string, unknown>;
}

const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : Number.isInteger(v) ? String(v) : undefined;
const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function keyValuesMatch(obj: Record<string, unknown> | undefined, props: Record<string, string[] | null>, op = 'AND'): boolean {
  const each = Object.entries(props).map(([key, values]) => {
    if (!obj || !(key in obj)) return false;
    if (!values || values.length === 0) return true;
    const text = asText(obj[key]);
    return text !== undefined && values.includes(text);
  });
  return op === 'OR' ? each.some(Boolean) : each.every(Boolean);
}

function inRange(v: unknown, text: string): boolean {
  const [low, high] = text.split('-').map(Number);
  return typeof v === 'number' && v >= low && v <= high;
}

function matches(row: Row, c: SearchCondition): boolean {
  if (c.label_list) {
    const hits = c.label_list.labels.map((l) => {
      const hasProps = l.property && Object.keys(l.property).length > 0;
      if (!hasProps) {
        if (l.name === undefined && l.type === undefined) return row.labels.length > 0;
        const byName = l.name === undefined || row.labels.some((x) => x.name === l.name);
        const byType = l.type === undefined || row.labels.some((x) => x.type === l.type);
        return byName && byType;
      }
      return row.labels.some(
        (x) => (l.name === undefined || x.name === l.name) && (l.type === undefined || x.type === l.type) && keyValuesMatch(x.property, l.property!, l.op),
      );
    });
    if (!(c.label_list.op === 'AND' ? hits.every(Boolean) : hits.some(Boolean))) return false;
  }
  if (c.metadata && Object.keys(c.metadata.props).length > 0 && !keyValuesMatch(row.metadata, c.metadata.props, c.metadata.op ?? 'AND')) return false;
  if (c.sample_name && !lowerAscii(row.name).includes(lowerAscii(c.sample_name))) return false;
  if (c.sample_dir !== undefined && row.dir !== (c.sample_dir.endsWith('/') ? c.sample_dir : `${c.sample_dir}/`)) return false;
  if (c.sample_time !== undefined) {
    const today = Math.floor(NOW / DAY);
    const day = Math.floor(row.time / DAY);
    let [from, to] = [today - 30, today];
    if (c.sample_time === 'day') from = today - 1;
    else if (c.sample_time !== 'month') {
      [from, to] = c.sample_time.split('-').map((d) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / DAY);
    }
    if (day < from || day > to) return false;
  }
  if (c.labeler !== undefined && row.labeler !== c.labeler && row.labeler !== c.labeler.replace(/^human\/(?=.)/, '')) return false;
  const hard = row.metadata['@modelarts:hard'];
  const isHard = hard === 1 || hard === true || hard === '1' || hard === 'true';
  if (c.hard !== undefined && isHard !== (c.hard === '1')) return false;
  if (c.coefficient !== undefined && !inRange(row.metadata['@modelarts:hard_coefficient'], c.coefficient)) return false;
  if (c.score !== undefined && !row.labels.some((l) => inRange(l.score, c.score!))) return false;
  if (c.import_origin !== undefined && asText(row.metadata['@modelarts:import_origin']) !== c.import_origin) return false;
  return true;
}

const STATE_STATUS: Record<string, string> = { __ALL__: 'MANUAL_ANNOTATION', __NONE__: 'UN_ANNOTATION', __AUTO_ANNOTATION__: 'AUTO_ANNOTATION' };

async function seed(specs: Spec[]): Promise<{ ds: string; rows: Row[] }> {
  const ds = await createTestDataset(engine.ctx, { type: 1 });
  const samples: NewSample[] = specs.map((s, i) => {
    const name = `${s.base}-${i}.${s.ext}`;
    const path = `${s.dir}${name}`;
    return {
      id: sampleIdFor(path),
      name,
      dir: s.dir,
      path,
      type: 0,
      size: 10,
      sample_time: NOW + s.dayOffset * DAY + (i % 5) * 3_600_000,
      labels: s.labels,
      metadata: s.metadata,
      final: s.final,
      labeler: s.labeler,
    };
  });
  insertSamples(engine.ctx, ds, samples);
  const rows = samples.map((s) => ({
    id: s.id,
    name: s.name,
    dir: s.dir,
    status: s.labels.length === 0 ? 'UN_ANNOTATION' : s.final ? 'MANUAL_ANNOTATION' : 'AUTO_ANNOTATION',
    time: s.sample_time,
    labels: s.labels.map((l) => ({ ...l, type: 1 })),
    labeler: s.labeler,
    metadata: s.metadata,
  }));
  return { ds, rows };
}

describe('S1 search_conditions', () => {
  it('lists and counts exactly the samples a brute-force filter over the same rows finds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sampleSpec, { minLength: 1, maxLength: 30 }),
        fc.array(
          fc.record({
            conditions: fc.array(condition, { minLength: 1, maxLength: 2 }),
            state: fc.option(fc.constantFrom('__ALL__', '__NONE__', '__AUTO_ANNOTATION__'), { nil: undefined }),
            labelName: fc.option(fc.constantFrom('cat', 'dog'), { nil: undefined }),
            order: fc.constantFrom('asc', 'desc'),
            limit: fc.integer({ min: 1, max: 7 }),
            pages: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
            // 0: no list of matches is kept, pages are read through the driving index from known positions.
            listMax: fc.constantFrom(0, 100_000),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (specs, queries) => {
          const { ds, rows } = await seed(specs);
          for (const q of queries) {
            const expected = rows.filter(
              (r) =>
                q.conditions.every((c) => matches(r, c)) &&
                (q.state === undefined || r.status === STATE_STATUS[q.state]) &&
                (q.labelName === undefined || r.labels.some((l) => l.name === q.labelName)),
            );
            const ordered = q.order === 'asc' ? expected : [...expected].reverse();
            searchTuning.listMax = q.listMax;
            for (const page of q.pages) {
              const query = new URLSearchParams({
                search_conditions: JSON.stringify(q.conditions),
                order: q.order,
                limit: String(q.limit),
                offset: String(page),
                ...(q.state ? { sample_state: q.state } : {}),
                ...(q.labelName ? { label_name: q.labelName } : {}),
              });
              const res = await engine.call('GET', `/datasets/${ds}/data-annotations/samples?${query}`);
              expect(res.statusCode, res.body).toBe(200);
              const body = res.json() as { sample_count: number; samples: { sample_id: string }[] };
              expect(body.sample_count).toBe(expected.length);
              expect(body.samples.map((s) => s.sample_id)).toEqual(ordered.slice(page * q.limit, (page + 1) * q.limit).map((r) => r.id));
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
