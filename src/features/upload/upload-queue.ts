import { ApiError } from '@/lib/api-error';
import { SAMPLE_EXISTS, registerSamples, uploadObject } from './api';
import { isUploadableImage } from './file-types';
import type { PickedFile } from './picked-files';

/**
 * queued → uploading (→ waiting before a retry) → uploaded (stored, not yet a sample) → added | existing;
 * `failed` at either step, with `failedAt` saying which one "retry failed" repeats.
 */
export type UploadStatus = 'queued' | 'uploading' | 'waiting' | 'uploaded' | 'added' | 'existing' | 'failed';

export interface UploadEntry {
  readonly id: number;
  /** Path relative to what the user dropped or picked (`photos/cats/1.jpg`). */
  readonly path: string;
  /** Object path in storage (`/bucket/in/photos/cats/1.jpg`), also the sample's `data_path`. */
  readonly target: string;
  readonly size: number;
  loaded: number;
  status: UploadStatus;
  attempts: number;
  failedAt?: 'upload' | 'register';
  error?: string;
}

export interface UploadSnapshot {
  /** Images accepted into the queue (skipped files not included). */
  total: number;
  counts: Readonly<Record<UploadStatus, number>>;
  bytesTotal: number;
  bytesLoaded: number;
  /** Uploading now, or waiting to retry. */
  active: readonly UploadEntry[];
  failed: readonly UploadEntry[];
  /** Paths of files that are not images (not uploaded). */
  skipped: readonly string[];
  /** Something is still uploading or being registered. */
  running: boolean;
}

export interface UploadQueueOptions {
  datasetId: string;
  /** Folder the files go to (`/bucket/in/`); sub-folders of a dropped folder are kept below it. */
  folder: string;
  concurrency?: number;
  /** Tries per upload and per registration request, the first included. */
  maxAttempts?: number;
  /** Delay before try n+1 (n ≥ 1). */
  retryDelayMs?: (attempt: number) => number;
  /** Samples registered per S2 request. */
  chunkSize?: number;
  /** Called after each S2 request that added samples, with how many. */
  onSamplesAdded?: (count: number) => void;
}

/** Tries per upload and per registration request, unless the queue is told otherwise. */
export const MAX_ATTEMPTS = 3;

const STATUSES: UploadStatus[] = ['queued', 'uploading', 'waiting', 'uploaded', 'added', 'existing', 'failed'];
const defaultDelay = (attempt: number) => 500 * 2 ** (attempt - 1);

/** Worth trying again: the network, a timeout, throttling or a server fault; not a refused request. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Uploads images into a dataset's input folder a few at a time through the storage extension, retrying
 * transient failures with backoff, then registers them as samples through S2 in chunks. Framework-free:
 * the UI subscribes (`useSyncExternalStore`) and reads immutable snapshots.
 */
export class UploadQueue {
  private readonly entries: UploadEntry[] = [];
  private readonly files = new Map<number, File>();
  private readonly skipped: string[] = [];
  private readonly counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<UploadStatus, number>;
  private readonly waiting: UploadEntry[] = [];
  private readonly toRegister: UploadEntry[] = [];
  private readonly inFlight = new Set<UploadEntry>();
  private bytesTotal = 0;
  private bytesLoaded = 0;
  private registering = 0;
  private registration = Promise.resolve();
  private nextId = 1;
  private readonly aborter = new AbortController();
  private readonly listeners = new Set<() => void>();
  private snapshot: UploadSnapshot | undefined;
  private readonly opts: Required<Omit<UploadQueueOptions, 'onSamplesAdded'>> & Pick<UploadQueueOptions, 'onSamplesAdded'>;

  constructor(options: UploadQueueOptions) {
    const folder = options.folder.endsWith('/') ? options.folder : `${options.folder}/`;
    this.opts = { concurrency: 3, maxAttempts: MAX_ATTEMPTS, retryDelayMs: defaultDelay, chunkSize: 100, ...options, folder };
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = (): UploadSnapshot => {
    this.snapshot ??= {
      total: this.entries.length,
      counts: { ...this.counts },
      bytesTotal: this.bytesTotal,
      bytesLoaded: this.bytesLoaded,
      active: [...this.inFlight].map((e) => ({ ...e })),
      failed: this.entries.filter((e) => e.status === 'failed').map((e) => ({ ...e })),
      skipped: [...this.skipped],
      running: this.isRunning(),
    };
    return this.snapshot;
  };

  /** Queues the images among `picked`; anything else is listed as skipped. */
  add(picked: readonly PickedFile[]) {
    for (const { file, path } of picked) {
      const relative = path.replace(/^\/+/, '');
      if (!isUploadableImage(relative)) {
        this.skipped.push(relative);
        continue;
      }
      const entry: UploadEntry = { id: this.nextId++, path: relative, target: `${this.opts.folder}${relative}`, size: file.size, loaded: 0, status: 'queued', attempts: 0 };
      this.entries.push(entry);
      this.files.set(entry.id, file);
      this.counts.queued += 1;
      this.bytesTotal += file.size;
      this.waiting.push(entry);
    }
    this.changed();
    this.pump();
  }

  /** Tries every failed file again from the step where it failed. */
  retryFailed() {
    for (const entry of this.entries.filter((e) => e.status === 'failed')) {
      entry.error = undefined;
      entry.attempts = 0;
      if (entry.failedAt === 'register') {
        this.setStatus(entry, 'uploaded');
        this.toRegister.push(entry);
      } else {
        this.setStatus(entry, 'queued');
        this.waiting.push(entry);
      }
      entry.failedAt = undefined;
    }
    this.changed();
    this.pump();
  }

  /** Stops everything in flight (the dialog's owner went away). */
  dispose() {
    this.aborter.abort();
    this.listeners.clear();
  }

  /** Resolves once nothing is uploading or waiting to be registered. */
  async idle(): Promise<void> {
    while (this.isRunning()) {
      await new Promise<void>((resolve) => {
        const off = this.subscribe(() => {
          if (this.isRunning()) return;
          off();
          resolve();
        });
      });
    }
  }

  private isRunning() {
    return this.waiting.length > 0 || this.inFlight.size > 0 || this.toRegister.length > 0 || this.registering > 0;
  }

  private changed() {
    this.snapshot = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  private setStatus(entry: UploadEntry, status: UploadStatus) {
    this.counts[entry.status] -= 1;
    this.counts[status] += 1;
    entry.status = status;
  }

  private setLoaded(entry: UploadEntry, loaded: number) {
    this.bytesLoaded += loaded - entry.loaded;
    entry.loaded = loaded;
  }

  private fail(entry: UploadEntry, step: 'upload' | 'register', error: unknown) {
    entry.failedAt = step;
    entry.error = error instanceof ApiError && error.code.startsWith('ModelArts.') ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error);
    if (step === 'upload') this.setLoaded(entry, 0);
    this.setStatus(entry, 'failed');
  }

  private pump() {
    if (this.aborter.signal.aborted) return;
    while (this.inFlight.size < this.opts.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.inFlight.add(entry);
      void this.upload(entry).finally(() => {
        this.inFlight.delete(entry);
        // Register in full chunks while uploads go on, and the rest once the last upload ended.
        this.flush(this.waiting.length === 0 && this.inFlight.size === 0);
        this.changed();
        this.pump();
      });
    }
    this.flush(this.waiting.length === 0 && this.inFlight.size === 0);
  }

  private async upload(entry: UploadEntry) {
    const signal = this.aborter.signal;
    while (!signal.aborted) {
      entry.attempts += 1;
      this.setStatus(entry, 'uploading');
      this.setLoaded(entry, 0);
      this.changed();
      try {
        await uploadObject(entry.target, this.files.get(entry.id)!, (f) => (this.setLoaded(entry, Math.round(f * entry.size)), this.changed()), signal);
        this.setLoaded(entry, entry.size);
        this.setStatus(entry, 'uploaded');
        this.toRegister.push(entry);
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (!isRetryable(error) || entry.attempts >= this.opts.maxAttempts) return this.fail(entry, 'upload', error);
        this.setStatus(entry, 'waiting');
        this.setLoaded(entry, 0);
        this.changed();
        await sleep(this.opts.retryDelayMs(entry.attempts), signal);
      }
    }
  }

  private flush(all: boolean) {
    while (this.toRegister.length >= this.opts.chunkSize || (all && this.toRegister.length > 0)) {
      const chunk = this.toRegister.splice(0, this.opts.chunkSize);
      this.registering += 1;
      // One S2 request at a time, in upload order.
      this.registration = this.registration.then(() => this.register(chunk)).finally(() => {
        this.registering -= 1;
        this.changed();
      });
    }
  }

  private async register(chunk: UploadEntry[]) {
    const added = await this.registerWithRetries(chunk);
    if (added > 0) this.opts.onSamplesAdded?.(added);
  }

  /** One S2 request for the chunk (tried again on transient failures); returns how many samples it added. */
  private async registerWithRetries(chunk: UploadEntry[]): Promise<number> {
    const signal = this.aborter.signal;
    for (let attempt = 1; !signal.aborted; attempt += 1) {
      let body;
      try {
        body = await registerSamples(this.opts.datasetId, chunk.map((e) => e.target), signal);
      } catch (error) {
        if (signal.aborted) break;
        if (!isRetryable(error) || attempt >= this.opts.maxAttempts) {
          chunk.forEach((entry) => this.fail(entry, 'register', error));
          break;
        }
        await sleep(this.opts.retryDelayMs(attempt), signal);
        continue;
      }
      let added = 0;
      chunk.forEach((entry, i) => {
        // One result per sample, in request order; a body without results speaks for all of them.
        const result = body.results?.[i] ?? body;
        if (result.success) {
          this.setStatus(entry, 'added');
          added += 1;
        } else if (result.error_code === SAMPLE_EXISTS) this.setStatus(entry, 'existing');
        else this.fail(entry, 'register', new ApiError(200, result.error_code ?? 'BATCH', result.error_msg || 'not added'));
      });
      return added;
    }
    return 0;
  }
}
