import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { seedFolder } from './test-helpers.js';

/** R1 (quality-bar.md) for the datasets and storage routes: no input makes a 5xx or a body without a code. */
let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
  await seedFolder(engine, '/fuzz/in/');
});
afterAll(() => engine.close());

const pathLike = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.oneof(fc.constantFrom('..', '.', '%2e', '%', '\\', '\u0000', 'fuzz', 'in', '\uFF0E', 'a'.repeat(300)), fc.string()), { maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
  fc.constantFrom('/fuzz/in/', 'obs://fuzz/in', '/fuzz/', '/fuzz/out/'),
);
const anything = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object(), fc.array(fc.anything(), { maxLength: 3 }));

function expectApiError(res: { statusCode: number; body: string }) {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { error_code?: string; error_msg?: string };
    expect(body.error_code, res.body).toMatch(/^ModelArts\.\d{4}$/);
    expect(body.error_msg).toBeTruthy();
  }
}

describe('bad requests never cause a 5xx', () => {
  it('D2 with generated bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            dataset_name: fc.oneof(fc.stringMatching(/^[a-z0-9_-]{1,20}$/), anything),
            dataset_type: fc.oneof(fc.constantFrom(0, 1, 3, 100, 400, 900, -1, 2), anything),
            data_sources: fc.oneof(fc.tuple(fc.record({ data_type: fc.oneof(fc.constant(0), anything), data_path: pathLike })), anything),
            work_path: fc.oneof(pathLike, anything),
            work_path_type: fc.oneof(fc.constant(0), anything),
            description: fc.oneof(fc.string(), anything),
            labels: fc.oneof(fc.array(fc.record({ name: fc.oneof(fc.string(), anything) }), { maxLength: 3 }), anything),
          },
          { requiredKeys: [] },
        ),
        async (body) => expectApiError(await engine.call('POST', '/datasets', body)),
      ),
      { numRuns: 300 },
    );
    await Promise.allSettled([...engine.ctx.background]);
  });

  it('D1, D3, D4 and D5 with generated ids and queries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.dictionary(fc.constantFrom('offset', 'limit', 'order', 'sort_by', 'search_content', 'dataset_type'), fc.string()), anything, async (id, query, body) => {
        const qs = new URLSearchParams(query).toString();
        expectApiError(await engine.call('GET', `/datasets?${qs}`));
        const target = `/datasets/${encodeURIComponent(id) || 'x'}`;
        expectApiError(await engine.call('GET', target));
        expectApiError(await engine.call('PUT', target, body));
        expectApiError(await engine.call('DELETE', target));
      }),
      { numRuns: 150 },
    );
  });

  it('storage routes with generated paths', async () => {
    await fc.assert(
      fc.asyncProperty(pathLike, async (p) => {
        const q = encodeURIComponent(p);
        expectApiError(await engine.call('GET', `/storage/objects?path=${q}`));
        expectApiError(await engine.call('POST', '/storage/folders', { path: p }));
        expectApiError(await engine.call('PUT', `/storage/objects?path=${q}`, Buffer.from('x'), { 'content-type': 'application/octet-stream' }));
        expectApiError(await engine.app.inject({ method: 'GET', url: `/v2/${engine.ctx.projectId}/storage/files/${q}?expires=1&signature=ab` }));
      }),
      { numRuns: 200 },
    );
  });
});
