import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSdkDate, signRequest } from '../../contract/signing.js';
import { TEST_AK, TEST_PROJECT, TEST_SK, makeTestEngine, type TestEngine } from '../test-utils.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const url = `/v2/${TEST_PROJECT}/datasets?limit=10&offset=0`;

function signed(headers: Record<string, string> = {}, body = '', sk = TEST_SK, ak = TEST_AK, date = new Date()) {
  const h: Record<string, string> = { host: 'localhost', 'x-sdk-date': formatSdkDate(date), ...headers };
  return { ...h, ...signRequest({ method: 'GET', path: `/v2/${TEST_PROJECT}/datasets`, query: { limit: '10', offset: '0' }, headers: h, body }, { ak, sk }) };
}

describe('engine authentication', () => {
  it('accepts a correctly signed request', async () => {
    const res = await engine.app.inject({ method: 'GET', url, headers: signed() });
    expect(res.statusCode).not.toBe(401);
    expect(res.statusCode).not.toBe(403);
  });

  it.each([
    ['no Authorization header', () => ({ host: 'localhost' }), 401, 'ModelArts.0205'],
    ['a malformed header', () => ({ host: 'localhost', authorization: 'Bearer x', 'x-sdk-date': formatSdkDate(new Date()) }), 401, 'ModelArts.0206'],
    ['a wrong secret', () => signed({}, '', 'wrong-secret'), 401, 'ModelArts.0208'],
    ['an unknown access key', () => signed({}, '', TEST_SK, 'UNKNOWNAK'), 401, 'ModelArts.0203'],
    ['a date skewed by 16 minutes', () => signed({}, '', TEST_SK, TEST_AK, new Date(Date.now() - 16 * 60_000)), 401, 'ModelArts.0202'],
  ])('rejects %s', async (_name, headers, status, code) => {
    const res = await engine.app.inject({ method: 'GET', url, headers: headers() });
    expect(res.statusCode).toBe(status);
    expect(res.json().error_code).toBe(code);
  });

  it('rejects a tampered query', async () => {
    const res = await engine.app.inject({ method: 'GET', url: url.replace('limit=10', 'limit=11'), headers: signed() });
    expect(res.json().error_code).toBe('ModelArts.0208');
  });

  it('rejects a tampered body', async () => {
    const body = JSON.stringify({ dataset_name: 'a' });
    const h: Record<string, string> = { host: 'localhost', 'content-type': 'application/json' };
    const auth = signRequest({ method: 'POST', path: `/v2/${TEST_PROJECT}/datasets`, query: {}, headers: h, body }, { ak: TEST_AK, sk: TEST_SK });
    const res = await engine.app.inject({ method: 'POST', url: `/v2/${TEST_PROJECT}/datasets`, headers: { ...h, ...auth }, payload: JSON.stringify({ dataset_name: 'b' }) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error_code).toBe('ModelArts.0208');
  });

  it('rejects another project id with 403 ModelArts.0210', async () => {
    const res = await engine.call('GET', '/v2/ffffffffffffffffffffffffffffffff/datasets');
    expect(res.statusCode).toBe(403);
    expect(res.json().error_code).toBe('ModelArts.0210');
  });

  it('answers an unknown route with 404 ModelArts.4204', async () => {
    const res = await engine.call('GET', '/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error_code).toBe('ModelArts.4204');
  });

  it('serves the OpenAPI document without a signature', async () => {
    const res = await engine.app.inject({ method: 'GET', url: '/v2/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toMatch(/^3\./);
  });
});
