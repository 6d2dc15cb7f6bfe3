import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { createEngineClient, EngineRequestError, type EngineClient } from '../../../scripts/engine-client.js';

/**
 * The engine as a separate process (`node --import tsx server/engine/server.ts`), as `npm run engine` runs
 * it, reached only over HTTP with the signing client. The crash tests kill it with SIGKILL — no shutdown
 * hook, no `finally`, no pending write flushed — and start it again on the same DATA_DIR.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const ENGINE_ENTRY = 'server/engine/server.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Who the engine is: the same project and key pair across restarts. */
export interface EngineIdentity {
  dataDir: string;
  projectId: string;
  ak: string;
  sk: string;
}

export function newIdentity(dataDir: string): EngineIdentity {
  return {
    dataDir,
    projectId: randomBytes(16).toString('hex'),
    ak: `CRASH${randomBytes(6).toString('hex').toUpperCase()}`,
    sk: randomBytes(24).toString('base64url'),
  };
}

export class EngineProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly client: EngineClient,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-6000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts the engine on `id.dataDir` and a free port; resolves once it answers HTTP. */
  static async start(id: EngineIdentity, opts: { readyTimeoutMs?: number } = {}): Promise<EngineProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', ENGINE_ENTRY], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: id.dataDir,
        ENGINE_PORT: String(port),
        PROJECT_ID: id.projectId,
        ENGINE_AK: id.ak,
        ENGINE_SK: id.sk,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = `http://127.0.0.1:${port}`;
    const engine = new EngineProcess(child, url, createEngineClient({ engineUrl: url, ...id }));
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`engine exited (${child.exitCode ?? child.signalCode}) before answering: ${engine.tail()}`);
      }
      try {
        const res = await fetch(`${url}/v2/openapi.json`);
        if (res.ok) return engine;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        await engine.kill();
        throw new Error(`engine did not answer within the timeout: ${engine.tail()}`);
      }
      await sleep(100);
    }
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9: the process ends at once, whatever it was writing. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM: the engine closes its database). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last lines the engine printed (for failure messages). */
  tail(): string {
    return this.output.trim().slice(-2000);
  }

  request<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
    return this.client.request<T>(method, urlPath, body);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `read` until `done` holds; throws with the last value after `timeoutMs`. Transient connection
 * errors while polling are retried (the engine may be starting); API errors are thrown.
 */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (err) {
      if (err instanceof EngineRequestError) throw err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 1000)}`);
    await sleep(opts.intervalMs ?? 200);
  }
}
