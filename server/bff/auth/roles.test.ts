import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../contract/bff.js';
import { TEST_PROJECT, USER_PASSWORD, startTestStack, type TestStack } from '../test-utils.js';
import { hasDotSegment, mayCallApi } from './roles.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  const admin = await stack.as('admin');
  await admin.request('POST', `${P}/storage/buckets`, { body: { name: 'demo' } });
  const upload = await admin.request('PUT', `${P}/storage/objects?path=/demo/a.txt`, {
    rawBody: 'hello',
    headers: { 'content-type': 'application/octet-stream' },
  });
  expect(upload.status).toBe(200);
});
afterAll(() => stack.close());

const P = `/api/v2/${TEST_PROJECT}`;
const EVERYONE: readonly Role[] = ROLES;
const MANAGERS: readonly Role[] = ['manager', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

/** S1: every representative route × every role; "allowed" means the BFF let it through. */
const ROUTES: [method: string, url: string | (() => string), allowed: readonly Role[], body?: unknown][] = [
  ['GET', '/bff/session', EVERYONE],
  ['GET', '/bff/users', ADMINS],
  ['POST', '/bff/users', ADMINS, { username: 'made-by-role-test', password: USER_PASSWORD, role: 'labeler' }],
  ['PATCH', '/bff/users/nobody', ADMINS, { role: 'manager' }],
  ['PUT', '/bff/users/nobody/password', ADMINS, { password: 'another-password' }],
  ['GET', '/bff/audit', ADMINS],
  ['GET', `${P}/datasets`, EVERYONE],
  ['GET', `${P}/datasets?offset=0&limit=10`, EVERYONE],
  ['GET', `${P}/datasets/ds1`, EVERYONE],
  ['GET', `${P}/datasets/ds1/data-annotations/stats`, EVERYONE],
  ['GET', `${P}/datasets/ds1/data-annotations/labels`, EVERYONE],
  ['GET', `${P}/datasets/ds1/data-annotations/samples?limit=5`, EVERYONE],
  ['GET', `${P}/datasets/ds1/data-annotations/samples/0123456789abcdef0123456789abcdef`, EVERYONE],
  ['GET', `${P}/datasets/ds1/data-annotations/search-condition`, EVERYONE],
  ['GET', `${P}/datasets/ds1/import-tasks`, EVERYONE],
  ['GET', `${P}/datasets/ds1/import-tasks/ds1_abc`, EVERYONE],
  ['GET', () => stack.fileUrl('/demo/a.txt'), EVERYONE],
  ['POST', `${P}/datasets`, MANAGERS, { dataset_name: 'x' }],
  ['PUT', `${P}/datasets/ds1`, MANAGERS, { description: 'x' }],
  ['DELETE', `${P}/datasets/ds1`, MANAGERS],
  ['POST', `${P}/datasets/ds1/data-annotations/labels`, MANAGERS, { labels: [] }],
  ['POST', `${P}/datasets/ds1/data-annotations/labels/delete`, MANAGERS, { labels: [] }],
  ['PUT', `${P}/datasets/ds1/data-annotations/samples`, MANAGERS, { samples: [] }],
  ['POST', `${P}/datasets/ds1/data-annotations/samples/delete`, MANAGERS, { samples: [] }],
  ['POST', `${P}/datasets/ds1/import-tasks`, MANAGERS, { import_path: '/b/x/' }],
  ['GET', `${P}/datasets/ds1/versions`, EVERYONE],
  ['POST', `${P}/datasets/ds1/versions`, MANAGERS, {}],
  ['GET', `${P}/datasets/ds1/export-tasks`, EVERYONE],
  ['GET', `${P}/datasets/ds1/export-tasks/ds1_abc`, EVERYONE],
  ['POST', `${P}/datasets/ds1/export-tasks`, MANAGERS, { path: '/b/out/', export_type: 2 }],
  ['GET', `${P}/datasets/ds1/sync-data/status`, EVERYONE],
  ['POST', `${P}/datasets/ds1/sync-data`, MANAGERS],
  ['GET', `${P}/task-center/tasks`, EVERYONE],
  ['GET', `${P}/task-center/tasks?kind=import,export&phase=running`, EVERYONE],
  ['GET', `${P}/task-center/tasks/ds1_abc`, EVERYONE],
  ['POST', `${P}/task-center/tasks/ds1_abc/stop`, MANAGERS],
  ['GET', `${P}/workforces`, MANAGERS],
  ['GET', `${P}/processor-tasks`, MANAGERS],
  ['GET', `${P}/storage/buckets`, MANAGERS],
  ['PUT', `${P}/storage/objects?path=/demo/x.bin`, MANAGERS],
];

describe('role table through the BFF (quality bar S1)', () => {
  it.each(ROUTES)('%s %s', async (method, route, allowed, body) => {
    const url = typeof route === 'string' ? route : route();
    const anonymous = await stack.client().request(method, url, { body });
    expect(anonymous.status, 'anonymous').toBe(401);
    expect(anonymous.json().error_code).toBe('ModelArts.4630');
    for (const role of ROLES) {
      const res = await (await stack.as(role)).request(method, url, { body });
      if (allowed.includes(role)) {
        expect([401, 403], `${role} should pass: ${res.text}`).not.toContain(res.status);
      } else {
        expect(res.status, `${role} should be refused`).toBe(403);
        expect(res.json().error_code).toBe('ModelArts.0108');
      }
    }
  });

  it('refuses labelers every task-starting or task-stopping POST with 403 ModelArts.0108', async () => {
    const labeler = await stack.as('labeler');
    const posts: [string, unknown][] = [
      [`${P}/datasets/ds1/import-tasks`, { import_path: '/demo/' }],
      [`${P}/datasets/ds1/export-tasks`, { path: '/demo/out/', export_type: 2 }],
      [`${P}/datasets/ds1/sync-data`, undefined],
      [`${P}/task-center/tasks/ds1_abc/stop`, undefined],
    ];
    for (const [url, body] of posts) {
      const res = await labeler.request('POST', url, { body });
      expect(res.status, url).toBe(403);
      expect(res.json().error_code, url).toBe('ModelArts.0108');
    }
  });

  it('refuses another project id for every role with 403 ModelArts.0210', async () => {
    for (const role of ROLES) {
      const res = await (await stack.as(role)).request('GET', '/api/v2/ffffffffffffffffffffffffffffffff/datasets');
      expect(res.status).toBe(403);
      expect(res.json().error_code).toBe('ModelArts.0210');
    }
  });

  it('refuses dot segments that could walk a reader out of the allowed paths', async () => {
    const labeler = await stack.as('labeler');
    for (const trick of ['/datasets/ds1/../../workforces', '/datasets/%2e%2e/workforces', '/datasets/ds1%2F..%2F..%2Fworkforces']) {
      const res = await labeler.request('GET', `${P}${trick}`);
      expect([400, 403]).toContain(res.status);
    }
  });
});

describe('mayCallApi', () => {
  it('lets readers GET (and HEAD) the read-only routes, with or without a trailing slash', () => {
    for (const role of ['labeler', 'reviewer'] as const) {
      expect(mayCallApi(role, 'GET', '/datasets/')).toBe(true);
      expect(mayCallApi(role, 'HEAD', '/storage/files/b/k.jpg')).toBe(true);
      expect(mayCallApi(role, 'POST', '/datasets')).toBe(false);
      expect(mayCallApi(role, 'GET', '/datasets/ds1/versions')).toBe(true);
      expect(mayCallApi(role, 'DELETE', '/datasets/ds1/versions/v1')).toBe(false);
      expect(mayCallApi(role, 'GET', '/datasets/ds1/data-annotations/samples/s1/extra')).toBe(false);
      expect(mayCallApi(role, 'GET', '/datasets/ds1/export-tasks/t1')).toBe(true);
      expect(mayCallApi(role, 'GET', '/datasets/ds1/sync-data/status')).toBe(true);
      expect(mayCallApi(role, 'GET', '/task-center/tasks/t1')).toBe(true);
      expect(mayCallApi(role, 'GET', '/task-center/tasks/t1/stop')).toBe(false);
    }
    expect(mayCallApi('manager', 'DELETE', '/workforces/w1')).toBe(true);
  });

  it('detects plain, encoded and slash-hidden dot segments', () => {
    expect(hasDotSegment('/datasets/../x')).toBe(true);
    expect(hasDotSegment('/datasets/%2E%2e/x')).toBe(true);
    expect(hasDotSegment('/datasets/a%2F..%2Fb')).toBe(true);
    expect(hasDotSegment('/datasets/a..b/c.d')).toBe(false);
  });
});
