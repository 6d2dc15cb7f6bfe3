import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TEST_AK, TEST_PROJECT, TEST_SK, USER_PASSWORD, startTestStack, type TestResponse, type TestStack } from './test-utils.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const P = `/api/v2/${TEST_PROJECT}`;
const SECRETS = [TEST_SK, TEST_AK, ADMIN.password, USER_PASSWORD, 'scrypt$', 'password_hash', 'SDK-HMAC-SHA256'];

function expectNoSecret(res: TestResponse, what: string) {
  const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  for (const secret of SECRETS) {
    expect(res.text.includes(secret), `${what}: body contains ${secret}`).toBe(false);
    expect(headers.includes(secret), `${what}: headers contain ${secret}`).toBe(false);
  }
}

describe('no credential ever reaches the browser (S5, S6)', () => {
  it('sweeps every kind of route and answer', async () => {
    const anonymous = stack.client();
    const admin = stack.client();
    const responses: [string, TestResponse][] = [];
    const record = async (what: string, p: Promise<TestResponse>) => responses.push([what, await p]);

    await record('failed login', anonymous.login(ADMIN.username, 'wrong-password'));
    await record('login', admin.login(ADMIN.username, ADMIN.password));
    await record('session', admin.request('GET', '/bff/session'));
    await record('create user', admin.request('POST', '/bff/users', { body: { username: 'sweep', password: USER_PASSWORD, role: 'labeler' } }));
    await record('update user', admin.request('PATCH', '/bff/users/sweep', { body: { email: 'sweep@example.com' } }));
    await record('reset password', admin.request('PUT', '/bff/users/sweep/password', { body: { password: USER_PASSWORD } }));
    await record('list users', admin.request('GET', '/bff/users'));
    await record('audit', admin.request('GET', '/bff/audit?limit=500'));
    await record('datasets', admin.request('GET', `${P}/datasets`));
    await record('bucket', admin.request('POST', `${P}/storage/buckets`, { body: { name: 'sweep' } }));
    await record('upload', admin.request('PUT', `${P}/storage/objects?path=/sweep/a.txt`, { rawBody: 'x', headers: { 'content-type': 'application/octet-stream' } }));
    await record('objects', admin.request('GET', `${P}/storage/objects?path=/sweep/`));
    await record('file', admin.request('GET', stack.fileUrl('/sweep/a.txt')));
    await record('engine 400', admin.request('POST', `${P}/storage/buckets`, { rawBody: '{', headers: { 'content-type': 'application/json' } }));
    await record('engine 404', admin.request('GET', `${P}/no-such-route`));
    await record('other project', admin.request('GET', '/api/v2/ffffffffffffffffffffffffffffffff/datasets'));
    await record('anonymous api', anonymous.request('GET', `${P}/datasets`));
    await record('csrf', admin.request('DELETE', `${P}/datasets/x`, { csrf: false }));
    await record('docs', admin.request('GET', '/api/docs'));
    await record('docs json', admin.request('GET', '/api/docs/json'));
    await record('spa', anonymous.request('GET', '/datasets'));
    await record('health', anonymous.request('GET', '/healthz'));
    await record('logout', admin.request('POST', '/bff/logout'));

    expect(responses.length).toBeGreaterThan(20);
    for (const [what, res] of responses) expectNoSecret(res, what);
  });

  it('stores neither passwords nor session ids in clear text', async () => {
    const client = stack.client();
    await client.login(ADMIN.username, ADMIN.password);
    for (const file of ['console.sqlite', 'console.sqlite-wal']) {
      const bytes = readFileSync(path.join(stack.dataDir, file));
      expect(bytes.includes(ADMIN.password)).toBe(false);
      expect(bytes.includes(client.sessionCookie!)).toBe(false);
    }
  });
});
