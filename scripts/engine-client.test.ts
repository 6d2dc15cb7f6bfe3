import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEngine } from '../server/engine/app.js';
import { TEST_AK, TEST_PROJECT, TEST_SK } from '../server/engine/test-utils.js';
import { EngineRequestError, createEngineClient } from './engine-client.js';

describe('createEngineClient against a real engine over HTTP', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dc-engine-client-'));
  let app: FastifyInstance;
  let engineUrl: string;
  beforeAll(async () => {
    ({ app } = await buildEngine({ dataDir, projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    engineUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const client = (sk = TEST_SK) => createEngineClient({ engineUrl, projectId: TEST_PROJECT, ak: TEST_AK, sk });

  it('signs bodies and queries so that the engine accepts them', async () => {
    await client().request('POST', '/storage/buckets', { name: 'client-test' });
    await client().request('POST', '/storage/folders', { path: '/client-test/a b/ü/' });
    const listed = await client().request<{ folders: unknown[] }>('GET', `/storage/objects?path=${encodeURIComponent('/client-test/')}&limit=5`);
    expect(JSON.stringify(listed)).toContain('a b');
  });

  it('throws the API error code and message on a 4xx', async () => {
    const failure = await client('wrong-secret-0000').request('GET', '/storage/buckets').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EngineRequestError);
    expect(failure).toMatchObject({ status: 401, error_code: 'ModelArts.0208' });
    expect((failure as EngineRequestError).error_msg).toMatch(/signature/i);

    const missing = await client().request('GET', '/storage/objects?path=/no-such-bucket/').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 400, error_code: 'ModelArts.4311' });
  });
});
