import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** Child servers for the memory figures (P8): each in its own process, so that its RSS is its own. */
export const ROOT = path.resolve(import.meta.dirname, '..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The last lines it wrote to stderr, for the report when it fails. */
  stderr: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node --import tsx <script>` with `env` added to ours, and waits until `readyPath` answers (any
 * HTTP status) on `port`. stdout is dropped (the engine logs every request); stderr is kept for errors.
 */
export async function startServer(script: string, env: Record<string, string>, port: number, readyPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => {
    err = (err + c.toString('utf8')).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${path.basename(script)} exited with ${child.exitCode}: ${err.trim().slice(-500)}`);
    try {
      await fetch(url + readyPath);
      return { child, url, stderr: () => err, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${path.basename(script)} did not answer on ${url} within 60 s`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Resident set size of a process in MB (Linux: /proc/<pid>/status VmRSS); undefined when unreadable. */
export function rssMb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; `stop()` gives the peak (undefined if never read). */
export function sampleRss(pid: number, intervalMs = 100): { stop: () => number | undefined } {
  let peak: number | undefined;
  const read = () => {
    const v = rssMb(pid);
    if (v !== undefined) peak = Math.max(peak ?? 0, v);
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}
