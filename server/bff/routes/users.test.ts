import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListAuditResp, ListUsersResp, User } from '../../contract/bff.js';
import { ADMIN, TEST_PROJECT, USER_PASSWORD, startTestStack, type TestStack } from '../test-utils.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

describe('/bff/users', () => {
  it('starts with the first admin from the configuration', async () => {
    const admin = await stack.as('admin');
    const { users } = ListUsersResp.parse((await admin.request('GET', '/bff/users')).json());
    expect(users).toEqual([expect.objectContaining({ username: ADMIN.username, role: 'admin', disabled: false })]);
    expect(users[0].last_login_time).toBeGreaterThan(0);
  });

  it('creates a user who can then sign in with that role', async () => {
    const admin = await stack.as('admin');
    const res = await admin.request('POST', '/bff/users', {
      body: { username: 'maria', password: USER_PASSWORD, role: 'manager', email: 'maria@example.com' },
    });
    expect(res.status).toBe(201);
    expect(User.parse(res.json())).toMatchObject({ username: 'maria', role: 'manager', email: 'maria@example.com', disabled: false });
    const maria = stack.client();
    expect((await maria.login('maria', USER_PASSWORD)).json().user).toEqual({ username: 'maria', role: 'manager', email: 'maria@example.com' });
  });

  it('refuses a duplicate (also differing only in case), a short password and an unknown role', async () => {
    const admin = await stack.as('admin');
    await admin.request('POST', '/bff/users', { body: { username: 'dup', password: USER_PASSWORD, role: 'labeler' } });
    for (const body of [
      { username: 'DUP', password: USER_PASSWORD, role: 'labeler' },
      { username: 'shorty', password: 'short', role: 'labeler' },
      { username: 'bad role', password: USER_PASSWORD, role: 'owner' },
    ]) {
      const res = await admin.request('POST', '/bff/users', { body });
      expect(res.status).toBe(400);
      expect(res.json().error_code).toMatch(/^ModelArts\.01\d\d$/);
    }
  });

  it('changes role and e-mail; the change applies to the live session', async () => {
    const admin = await stack.as('admin');
    await admin.request('POST', '/bff/users', { body: { username: 'rita', password: USER_PASSWORD, role: 'labeler' } });
    const rita = stack.client();
    await rita.login('rita', USER_PASSWORD);
    const res = await admin.request('PATCH', '/bff/users/rita', { body: { role: 'reviewer', email: 'rita@example.com' } });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ role: 'reviewer', email: 'rita@example.com' });
    expect((await rita.request('GET', '/bff/session')).json().user.role).toBe('reviewer');
  });

  it('answers 400 for an unknown user', async () => {
    const admin = await stack.as('admin');
    const res = await admin.request('PATCH', '/bff/users/nobody', { body: { role: 'manager' } });
    expect(res.status).toBe(400);
    expect(res.json().error_msg).toMatch(/does not exist/);
  });

  it('resets a password: the old one stops working and so do existing sessions', async () => {
    const admin = await stack.as('admin');
    await admin.request('POST', '/bff/users', { body: { username: 'paul', password: USER_PASSWORD, role: 'labeler' } });
    const paul = stack.client();
    await paul.login('paul', USER_PASSWORD);
    expect((await admin.request('PUT', '/bff/users/paul/password', { body: { password: 'a-brand-new-secret' } })).status).toBe(204);
    expect((await paul.request('GET', '/bff/session')).status).toBe(401);
    expect((await stack.client().login('paul', USER_PASSWORD)).status).toBe(401);
    expect((await stack.client().login('paul', 'a-brand-new-secret')).status).toBe(200);
  });

  it('never demotes or disables the last active admin, but allows it once another admin exists', async () => {
    const admin = await stack.as('admin');
    for (const body of [{ role: 'manager' }, { disabled: true }]) {
      const res = await admin.request('PATCH', `/bff/users/${ADMIN.username}`, { body });
      expect(res.status).toBe(400);
      expect(res.json().error_msg).toMatch(/last active admin/);
    }
    await admin.request('POST', '/bff/users', { body: { username: 'second-admin', password: USER_PASSWORD, role: 'admin' } });
    const second = stack.client();
    await second.login('second-admin', USER_PASSWORD);
    expect((await second.request('PATCH', `/bff/users/${ADMIN.username}`, { body: { role: 'manager' } })).status).toBe(200);
    const res = await second.request('PATCH', '/bff/users/second-admin', { body: { disabled: true } });
    expect(res.status).toBe(400);
    // Restore for the other tests.
    expect((await second.request('PATCH', `/bff/users/${ADMIN.username}`, { body: { role: 'admin' } })).status).toBe(200);
  });
});

describe('/bff/audit', () => {
  it('records every mutating call with who, when, method, path and status, newest first', async () => {
    const before = Date.now();
    const manager = await stack.as('manager');
    await manager.request('POST', `/api/v2/${TEST_PROJECT}/datasets`, { body: { dataset_name: 'audited' } });
    await stack.client().login('manager1', 'wrong-password');
    await manager.request('GET', `/api/v2/${TEST_PROJECT}/datasets`);
    const admin = await stack.as('admin');
    const page = ListAuditResp.parse((await admin.request('GET', '/bff/audit?offset=0&limit=2')).json());
    expect(page.entries).toHaveLength(2);
    const [failedLogin, create] = page.entries;
    expect(failedLogin).toMatchObject({ username: 'manager1', method: 'POST', path: '/bff/login', status: 401 });
    expect(create).toMatchObject({ username: 'manager1', method: 'POST', path: `/api/v2/${TEST_PROJECT}/datasets` });
    expect(create.time).toBeGreaterThanOrEqual(before);
    expect(page.total_number).toBeGreaterThan(2);
    const next = ListAuditResp.parse((await admin.request('GET', '/bff/audit?offset=1&limit=2')).json());
    expect(next.entries[0].id).toBeLessThan(create.id);
  });

  it('is for admins only', async () => {
    expect((await (await stack.as('manager')).request('GET', '/bff/audit')).status).toBe(403);
    expect((await stack.client().request('GET', '/bff/audit')).status).toBe(401);
  });
});
