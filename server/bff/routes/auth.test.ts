import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../contract/bff.js';
import { ADMIN, TEST_PROJECT, USER_PASSWORD, startTestStack, type TestStack } from '../test-utils.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const cookieOf = (res: { headers: Headers }) => res.headers.getSetCookie().find((c) => c.startsWith('dc_session='));

describe('login', () => {
  it('signs in with the right password and returns the session', async () => {
    const client = stack.client();
    const res = await client.login(ADMIN.username, ADMIN.password);
    expect(res.status).toBe(200);
    const session = Session.parse(res.json());
    expect(session).toMatchObject({ user: { username: 'admin', role: 'admin' }, project_id: TEST_PROJECT, upstream: 'local' });
    expect(session.csrf_token.length).toBeGreaterThanOrEqual(32);
    const again = await client.request('GET', '/bff/session');
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(session);
  });

  it('refuses a wrong password, an unknown user and a disabled user with the same generic message', async () => {
    const admin = await stack.as('admin');
    await admin.request('POST', '/bff/users', { body: { username: 'gone', password: USER_PASSWORD, role: 'manager' } });
    await admin.request('PATCH', '/bff/users/gone', { body: { disabled: true } });
    const attempts = [
      ['admin', 'wrong-password'],
      ['nobody-here', 'whatever-password'],
      ['gone', USER_PASSWORD],
    ];
    const bodies = [];
    for (const [username, password] of attempts) {
      const res = await stack.client().login(username, password);
      expect(res.status).toBe(401);
      expect(cookieOf(res)).toBeUndefined();
      bodies.push(res.json());
    }
    expect(bodies).toEqual(Array(3).fill({ error_code: 'ModelArts.4630', error_msg: 'Invalid username or password' }));
  });

  it('rejects a malformed body with 400 ModelArts.0101', async () => {
    const res = await stack.client().request('POST', '/bff/login', { body: { username: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.0101');
  });

  it('sets an httpOnly, SameSite=Strict, Path=/ cookie, Secure only behind TLS', async () => {
    const plain = cookieOf(await stack.client().login(ADMIN.username, ADMIN.password))!;
    expect(plain).toMatch(/; HttpOnly/i);
    expect(plain).toMatch(/; SameSite=Strict/i);
    expect(plain).toMatch(/; Path=\/(;|$)/);
    expect(plain).not.toMatch(/; Secure/i);
    const tls = stack.client();
    const res = await tls.request('POST', '/bff/login', {
      body: { username: ADMIN.username, password: ADMIN.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(cookieOf(res)).toMatch(/; Secure/i);
  });

  it('rotates the session id at login: the previous id stops working', async () => {
    const client = stack.client();
    await client.login(ADMIN.username, ADMIN.password);
    const first = client.sessionCookie!;
    await client.login(ADMIN.username, ADMIN.password);
    const second = client.sessionCookie!;
    expect(second).not.toBe(first);
    const stale = stack.client();
    stale.sessionCookie = first;
    expect((await stale.request('GET', '/bff/session')).status).toBe(401);
    expect((await client.request('GET', '/bff/session')).status).toBe(200);
  });

  it('ignores a session id planted before login (fixation)', async () => {
    const client = stack.client();
    client.sessionCookie = 'attacker-chosen-id';
    await client.login(ADMIN.username, ADMIN.password);
    expect(client.sessionCookie).not.toBe('attacker-chosen-id');
  });
});

describe('session and logout', () => {
  it('answers 401 ModelArts.4630 without a session', async () => {
    const res = await stack.client().request('GET', '/bff/session');
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error_code: 'ModelArts.4630', error_msg: expect.any(String) });
  });

  it('destroys the session at logout, server-side', async () => {
    const client = stack.client();
    await client.login(ADMIN.username, ADMIN.password);
    const id = client.sessionCookie!;
    const res = await client.request('POST', '/bff/logout');
    expect(res.status).toBe(204);
    expect(cookieOf(res)).toMatch(/^dc_session=;/);
    const replay = stack.client();
    replay.sessionCookie = id;
    expect((await replay.request('GET', '/bff/session')).status).toBe(401);
  });

  it('ends the sessions of a user who gets disabled', async () => {
    const admin = await stack.as('admin');
    await admin.request('POST', '/bff/users', { body: { username: 'leaver', password: USER_PASSWORD, role: 'reviewer' } });
    const leaver = stack.client();
    expect((await leaver.login('leaver', USER_PASSWORD)).status).toBe(200);
    await admin.request('PATCH', '/bff/users/leaver', { body: { disabled: true } });
    expect((await leaver.request('GET', '/bff/session')).status).toBe(401);
    expect((await leaver.request('GET', `/api/v2/${TEST_PROJECT}/datasets`)).status).toBe(401);
  });

  it('expires a session left idle', async () => {
    let now = Date.now();
    const idle = await startTestStack({ now: () => now, sessionLimits: { idleMs: 60_000, absoluteMs: 3600_000 } });
    try {
      const client = idle.client();
      await client.login(ADMIN.username, ADMIN.password);
      now += 30_000;
      expect((await client.request('GET', '/bff/session')).status).toBe(200);
      now += 61_000;
      expect((await client.request('GET', '/bff/session')).status).toBe(401);
    } finally {
      await idle.close();
    }
  });
});

describe('CSRF', () => {
  const dataset = `/api/v2/${TEST_PROJECT}/datasets/no-such-dataset`;

  it('refuses mutations without the token or with a wrong one (403 ModelArts.0108)', async () => {
    const admin = await stack.as('admin');
    for (const res of [
      await admin.request('DELETE', dataset, { csrf: false }),
      await admin.request('DELETE', dataset, { csrf: false, headers: { 'x-csrf-token': 'not-the-token' } }),
      await admin.request('POST', '/bff/users', { csrf: false, body: { username: 'x1', password: USER_PASSWORD, role: 'labeler' } }),
      await admin.request('POST', '/bff/logout', { csrf: false }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.json().error_code).toBe('ModelArts.0108');
    }
    expect((await admin.request('GET', '/bff/session')).status).toBe(200);
  });

  it('passes a mutation that carries the right token', async () => {
    const admin = await stack.as('admin');
    const res = await admin.request('DELETE', dataset);
    expect([401, 403]).not.toContain(res.status);
  });

  it('refuses a cross-site Origin or Referer even with the token', async () => {
    const admin = await stack.as('admin');
    const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, { origin: 'null' }];
    for (const headers of crossSite) {
      const res = await admin.request('DELETE', dataset, { headers });
      expect(res.status).toBe(403);
      expect(res.json().error_code).toBe('ModelArts.0108');
    }
    const res = await admin.request('DELETE', dataset, { headers: { origin: stack.bffUrl } });
    expect([401, 403]).not.toContain(res.status);
  });

  it('refuses a cross-site login', async () => {
    const res = await stack.client().request('POST', '/bff/login', {
      body: { username: ADMIN.username, password: ADMIN.password },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe('login rate limit', () => {
  it('answers 429 ModelArts.4206 after too many failures for one username, even with the right password', async () => {
    const limited = await startTestStack({ loginLimits: { perIp: 100, perUser: 3, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.client().login('admin', `wrong-${i}`)).status).toBe(401);
      const blocked = await limited.client().login('admin', ADMIN.password);
      expect(blocked.status).toBe(429);
      expect(blocked.json().error_code).toBe('ModelArts.4206');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another account from the same address is not locked out by it.
      expect((await limited.client().login('ADMIN2', 'x')).status).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('answers 429 after too many failures from one address, across usernames', async () => {
    const limited = await startTestStack({ loginLimits: { perIp: 4, perUser: 100, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 4; i++) expect((await limited.client().login(`user-${i}`, 'wrong-password')).status).toBe(401);
      const blocked = await limited.client().login('admin', ADMIN.password);
      expect(blocked.status).toBe(429);
      expect(blocked.json().error_code).toBe('ModelArts.4206');
    } finally {
      await limited.close();
    }
  });

  it('does not count successful sign-ins', async () => {
    const limited = await startTestStack({ loginLimits: { perIp: 2, perUser: 2, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 5; i++) expect((await limited.client().login(ADMIN.username, ADMIN.password)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
