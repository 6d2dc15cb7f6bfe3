import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { isPhaseTerminal, type TaskSummary } from '../../contract/task.js';
import { EngineDatabase, type TaskRowView } from './database.js';
import { EngineProcess, newIdentity, sleep, waitFor, type EngineIdentity } from './engine-process.js';

/** A `ModelArts.NNNN` error code. */
export const CODE = /^ModelArts\.\d{4}$/;

/** Whether the running task has done part of its work yet, judged from the database or the files. */
export type Midway = (db: EngineDatabase, row: TaskRowView) => boolean;

export interface Crash {
  taskId: string;
  /** The task's row as the dead engine left it. */
  row: TaskRowView;
  /** Which start (1–3) was caught mid-way. */
  attempt: number;
}

/**
 * One engine process on one DATA_DIR, and the moves of a crash test: watch a task, kill -9 the engine
 * mid-way, look at what the crash left, restart, wait for the task to end, check the database (R2).
 */
export class CrashRig {
  engine!: EngineProcess;

  private constructor(readonly identity: EngineIdentity) {}

  static async create(): Promise<CrashRig> {
    return new CrashRig(newIdentity(mkdtempSync(path.join(tmpdir(), 'crash-'))));
  }

  get dataDir(): string {
    return this.identity.dataDir;
  }

  /** File-system path of an object path (`/bucket/key`) of the engine's store. */
  fsOf(objectPath: string): string {
    return path.join(this.dataDir, 'obs', ...objectPath.split('/').filter(Boolean));
  }

  async start(): Promise<void> {
    this.engine = await EngineProcess.start(this.identity);
  }

  async dispose(): Promise<void> {
    await this.engine?.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  request<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
    return this.engine.request<T>(method, urlPath, body);
  }

  task(id: string): Promise<TaskSummary> {
    return this.request<TaskSummary>('GET', `/task-center/tasks/${id}`);
  }

  /**
   * Watches a task (through a read-only connection, polled every few milliseconds: the row's progress is
   * written at most twice a second, too seldom to catch a short job) and kills the engine once the row is
   * RUNNING and `midway` sees part of the work done (samples written, files in the temp folder …). Returns
   * the row as the crash left it, or undefined when the task ended before it could be caught mid-way (the
   * engine then runs on). The database left by the crash must already pass its integrity check.
   */
  async killMidway(taskId: string, midway: Midway, timeoutMs = 120_000): Promise<TaskRowView | undefined> {
    const db = EngineDatabase.open(this.dataDir);
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        const row = db.task(taskId);
        if (!row || row.end_time !== null) return undefined;
        if (row.status === 'RUNNING' && midway(db, row)) break;
        if (Date.now() > deadline) throw new Error(`task ${taskId} never seen mid-way: ${JSON.stringify(row)}`);
        await sleep(3);
      }
    } finally {
      db.close();
    }
    await this.engine.kill();
    const row = this.read((dead) => {
      expect(dead.integrity()).toBe('ok');
      return dead.task(taskId);
    });
    if (row?.end_time === null) return row;
    // It ended between the last look and the kill: not a crash mid-way.
    await this.start();
    return undefined;
  }

  /**
   * Starts a task (up to three times) until one is killed mid-way; `whileDead` looks at what the crash
   * left before the engine is started again. Undefined when every start ended before it could be caught.
   */
  async crashDuring(
    start: (attempt: number) => Promise<string>,
    midway: Midway,
    whileDead?: (taskId: string, attempt: number, row: TaskRowView) => void,
  ): Promise<Crash | undefined> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const taskId = await start(attempt);
      const row = await this.killMidway(taskId, midway);
      if (!row) continue;
      // The kill happened while the task ran: the row says so, as the dead engine left it.
      expect(row.status).toBe('RUNNING');
      expect(row.progress).toBeLessThan(100);
      whileDead?.(taskId, attempt, row);
      await this.start();
      return { taskId, row, attempt };
    }
    return undefined;
  }

  /** Waits after the restart until the task ends (never left running); a failure carries a code and message. */
  async ended(taskId: string): Promise<TaskSummary> {
    const t = await waitFor(`task ${taskId} to end after the restart`, () => this.task(taskId), (s) => isPhaseTerminal(s.phase), { timeoutMs: 120_000 });
    if (t.phase !== 'succeeded') {
      expect(t.error_code).toMatch(CODE);
      expect(t.error_msg).toBeTruthy();
    }
    return t;
  }

  /** R2 on the database: integrity, nothing left unfinished, every dataset's counters equal a recount. */
  checkDatabase(): void {
    EngineDatabase.read(this.dataDir, (db) => {
      expect(db.integrity()).toBe('ok');
      expect(db.unfinishedTasks()).toEqual([]);
      for (const ds of db.datasets()) {
        const { stored, recounted } = db.counters(ds.id);
        expect(stored, `counters of dataset ${ds.name}`).toEqual(recounted);
        expect(db.labelLinks(ds.id), `label links of dataset ${ds.name}`).toEqual(recounted.labels);
        expect(db.duplicatePaths(ds.id), `duplicate samples in ${ds.name}`).toEqual([]);
      }
    });
  }

  read<T>(fn: (db: EngineDatabase) => T): T {
    return EngineDatabase.read(this.dataDir, fn);
  }
}
