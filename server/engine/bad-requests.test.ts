import fc from 'fast-check';
import sharp from 'sharp';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestEngine, type TestEngine } from './test-utils.js';

/**
 * R1 (quality-bar.md) over EVERY route of the engine, enumerated from its OpenAPI document: generated
 * path parameters, queries and bodies (wrong types, huge and Unicode strings, traversal, bad JSON) never
 * produce a 5xx, and every 4xx carries a `ModelArts.NNNN` code and a message.
 */
let engine: TestEngine;
let datasetId: string;
let sampleId: string;

beforeAll(async () => {
  engine = await makeTestEngine();
  const dir = path.join(engine.ctx.store.root, 'fuzz', 'in', 'cat');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 3; i++) {
    await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 60 * i, g: 20, b: 200 } } })
      .jpeg()
      .toFile(path.join(dir, `${i}.jpg`));
  }
  const created = await engine.call('POST', '/datasets', {
    dataset_name: 'fuzz',
    dataset_type: 0,
    data_sources: [{ data_type: 0, data_path: '/fuzz/in/' }],
    work_path: '/fuzz/out/',
    work_path_type: 0,
  });
  datasetId = created.json().dataset_id;
  await Promise.allSettled([...engine.ctx.background]);
  sampleId = (await engine.call('GET', `/datasets/${datasetId}/data-annotations/samples`)).json().samples[0].sample_id;
}, 60_000);
afterAll(() => engine.close());

interface Operation {
  method: string;
  path: string;
  queryNames: string[];
}

function operations(): Operation[] {
  const doc = engine.app.swagger() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const queryNames = (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
      ops.push({ method: method.toUpperCase(), path: p, queryNames });
    }
  }
  return ops;
}

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', '-1', '0', '1e309', 'NaN', 'null', 'true', '../../etc/passwd', '%2e%2e%2f', '\u0000', 'x'.repeat(5000), '💥', '__ALL__', '[{}]', '{"a":'),
  fc.integer().map(String),
);
const anyJson = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.dictionary(fc.constantFrom('labels', 'samples', 'name', 'dataset_name', 'import_path', 'path', 'delete_source', 'property'), fc.anything({ maxDepth: 2 })),
  fc.record({ labels: fc.array(fc.record({ name: weird, property: fc.dictionary(fc.string(), fc.anything({ maxDepth: 1 })) }), { maxLength: 3 }) }),
  fc.record({ samples: fc.array(weird, { maxLength: 3 }), delete_source: fc.anything({ maxDepth: 0 }) }),
);

const seen = new Map<string, number>();

function expectApiError(label: string, res: { statusCode: number; body: string }) {
  const key = res.statusCode >= 400 ? (JSON.parse(res.body) as { error_code?: string }).error_code ?? String(res.statusCode) : String(res.statusCode);
  seen.set(key, (seen.get(key) ?? 0) + 1);
  expect(res.statusCode, `${label} → ${res.body}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { error_code?: string; error_msg?: string };
    expect(body.error_code, `${label} → ${res.body}`).toMatch(/^ModelArts\.\d{4}$/);
    expect(body.error_msg, label).toBeTruthy();
    expect(res.body, label).not.toMatch(/\bat .+\.(ts|js):\d+/);
  }
}

describe('bad requests across every engine route', () => {
  it('finds the routes in the OpenAPI document', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(20);
    expect(ops.some((o) => o.path.includes('/data-annotations/labels/'))).toBe(true);
  });

  it('never answers 5xx and always with a ModelArts code', async () => {
    const ops = operations().filter((o) => !o.path.includes('/storage/files/'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.boolean(),
        weird,
        fc.dictionary(fc.string(), weird, { maxKeys: 2 }),
        fc.array(weird, { maxLength: 4 }),
        fc.oneof(anyJson, fc.constant(undefined)),
        fc.boolean(),
        async (op, realIds, rawId, extraQuery, queryValues, body, brokenJson) => {
          // Dot segments are resolved by every HTTP client before sending; send them encoded, as a client would.
          const idValue = encodeURIComponent(rawId).replace(/\./g, '%2E');
          const url = op.path
            .replace('{project_id}', engine.ctx.projectId)
            .replace('{dataset_id}', realIds ? datasetId : idValue || 'x')
            .replace('{resource_id}', realIds ? datasetId : 'x')
            .replace('{sample_id}', realIds ? sampleId : idValue || 'x')
            .replace(/\{[a-z_*]+\}/g, () => idValue || 'x');
          const query = new URLSearchParams(extraQuery);
          op.queryNames.forEach((name, i) => {
            if (queryValues[i] !== undefined) query.set(name, queryValues[i]);
          });
          const full = `${url}?${query}`;
          const label = `${op.method} ${full}`;
          if (op.method === 'GET' || op.method === 'DELETE') {
            expectApiError(label, await engine.call(op.method, full));
          } else if (brokenJson) {
            const res = await engine.call(op.method, full, Buffer.from('{"labels": [}'), { 'content-type': 'application/json' });
            expectApiError(label, res);
          } else {
            expectApiError(label, await engine.call(op.method, full, body ?? {}));
          }
        },
      ),
      // A fixed seed keeps `npm test` repeatable; FUZZ_SEED explores other inputs (e.g. FUZZ_SEED=$RANDOM).
      { numRuns: 1500, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
    );
    await Promise.allSettled([...engine.ctx.background]);
    // The requests reached the handlers: routed, and answered with more than a validation error.
    expect([...seen.keys()].filter((k) => k.startsWith('ModelArts.')).length).toBeGreaterThanOrEqual(3);
    expect([...seen.keys()].some((k) => k.startsWith('2'))).toBe(true);
  }, 240_000);
});
