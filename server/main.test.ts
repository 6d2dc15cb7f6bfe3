import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnv } from './config.js';
import { startConsole } from './main.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'dc-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function signIn(url: string, password: string) {
  const res = await fetch(`${url}/bff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  return { status: res.status, cookie, session: res.status === 200 ? await res.json() : undefined };
}

describe('startConsole (npm start in one process)', () => {
  it('starts engine and BFF, says where generated secrets went, and keeps them across restarts', async () => {
    const env = loadEnv({ PORT: String(await freePort()), ENGINE_PORT: String(await freePort()), DATA_DIR: dataDir, DEMO_DATA: 'false' });
    const lines: string[] = [];
    const first = await startConsole(env, { log: (l) => lines.push(l) });
    let password: string;
    try {
      expect(first.url).toBe(`http://127.0.0.1:${env.PORT}`);
      expect(lines.join('\n')).toContain(path.join(dataDir, 'admin-password.txt'));
      expect(lines.join('\n')).toContain(path.join(dataDir, 'engine-credentials.json'));
      password = readFileSync(path.join(dataDir, 'admin-password.txt'), 'utf8').trim();
      const { status, cookie, session } = await signIn(first.url, password);
      expect(status).toBe(200);
      const { projectId } = JSON.parse(readFileSync(path.join(dataDir, 'engine-credentials.json'), 'utf8'));
      expect(session.project_id).toBe(projectId);
      const list = await fetch(`${first.url}/api/v2/${projectId}/datasets`, { headers: { cookie: cookie! } });
      expect(list.status).toBe(200);
      expect(lines.join('\n')).not.toContain(password);
    } finally {
      await first.close();
    }

    lines.length = 0;
    const second = await startConsole(env, { log: (l) => lines.push(l) });
    try {
      expect(lines.join('\n')).not.toMatch(/written to|created/);
      expect((await signIn(second.url, password)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('closes the engine when the BFF cannot start', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const enginePort = await freePort();
    const env = loadEnv({
      PORT: String((busy.address() as { port: number }).port),
      ENGINE_PORT: String(enginePort),
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
    });
    await expect(startConsole(env, { log: () => {} })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    busy.close();
    // The engine's port is free again.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(enginePort, '127.0.0.1', resolve));
    probe.close();
  });
});
