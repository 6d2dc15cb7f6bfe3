import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabels, deleteLabels, updateLabels } from '../labels/service.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { readCounters } from './counters.js';
import { deleteSamples, insertSamples, recount, sampleIdFor } from './repository.js';
import { createTestDataset, newSample } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const LABELS = ['cat', 'dog', 'emu', '猫', 'a%b'];
const PATHS = Array.from({ length: 12 }, (_, i) => `/bucket/prop/${i}.png`);

const labelName = fc.constantFrom(...LABELS, 'kitty', 'hound');
const op = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    samples: fc.array(fc.record({ path: fc.constantFrom(...PATHS), labels: fc.array(labelName, { maxLength: 4 }), hard: fc.boolean() }), { maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('create' as const), name: labelName }),
  fc.record({ kind: fc.constant('rename' as const), from: labelName, to: labelName }),
  fc.record({ kind: fc.constant('deleteLabels' as const), names: fc.uniqueArray(labelName, { minLength: 1, maxLength: 3 }), policy: fc.constantFrom(0, 1, 2) }),
  fc.record({ kind: fc.constant('deleteSamples' as const), paths: fc.array(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 5 }) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(ds: string, o: Op): void {
  const ctx = engine.ctx;
  switch (o.kind) {
    case 'insert':
      insertSamples(ctx, ds, o.samples.map((s) => newSample(s.path, s.labels, s.hard ? { '@modelarts:hard': 1 } : {})));
      break;
    case 'create':
      createLabels(ctx, ds, 0, [{ name: o.name }]);
      break;
    case 'rename':
      updateLabels(ctx, ds, [{ name: o.from, property: { '@modelarts:rename_to': o.to } }]);
      break;
    case 'deleteLabels':
      deleteLabels(ctx, ds, o.names, o.policy as 0 | 1 | 2);
      break;
    case 'deleteSamples':
      deleteSamples(ctx, ds, o.paths.map(sampleIdFor), { deleteSource: false });
      break;
  }
}

/** The sample↔label links, as the label lists of the samples say they should be. */
function linksAgree(ds: string): boolean {
  const stored = engine.ctx.sqlite
    .prepare(
      `SELECT s.seq, l.name, sl.occurrences FROM sample_labels sl JOIN labels l ON l.id = sl.label_id
       JOIN samples s ON s.seq = sl.sample_seq WHERE l.dataset_id = ? ORDER BY s.seq, l.name`,
    )
    .all(ds) as { seq: number; name: string; occurrences: number }[];
  const expected: typeof stored = [];
  const rows = engine.ctx.sqlite.prepare('SELECT seq, labels FROM samples WHERE dataset_id = ? ORDER BY seq').all(ds) as { seq: number; labels: string }[];
  for (const row of rows) {
    const counts = new Map<string, number>();
    for (const l of JSON.parse(row.labels) as { name: string }[]) counts.set(l.name, (counts.get(l.name) ?? 0) + 1);
    for (const name of [...counts.keys()].sort()) expected.push({ seq: row.seq, name, occurrences: counts.get(name)! });
  }
  return JSON.stringify(stored) === JSON.stringify(expected);
}

describe('counters under random edits', () => {
  it('every stored counter equals a recount after any sequence of inserts, renames, label and sample deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const ds = await createTestDataset(engine.ctx);
        for (const o of ops) apply(ds, o);
        expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
        expect(linksAgree(ds)).toBe(true);
        const statuses = engine.ctx.sqlite.prepare('SELECT status, labels FROM samples WHERE dataset_id = ?').all(ds) as { status: string; labels: string }[];
        for (const s of statuses) expect(s.status === 'UN_ANNOTATION').toBe(JSON.parse(s.labels).length === 0);
      }),
      { numRuns: 150 },
    );
  });
});
