import { hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * What a version remembers of each sample to compare the next version with: its id and a hash of its
 * annotations, 24 bytes per sample, in sample-id order. Two versions are compared by merging their files
 * as streams, so a million samples never sit in memory.
 */
const ID_BYTES = 16;
export const RECORD_BYTES = 24;
const CHUNK_RECORDS = 8192;

/**
 * The record of one sample. Sample ids are md5 hex (32 lowercase digits), so decoding them keeps SQLite's
 * `ORDER BY id`; `annotation` is what the version holds of the sample's labels ('' when unlabeled).
 */
export function digestRecord(sampleId: string, annotation: string): Buffer {
  const record = Buffer.alloc(RECORD_BYTES);
  const id = /^[0-9a-f]{32}$/.test(sampleId) ? Buffer.from(sampleId, 'hex') : Buffer.from(hash('md5', sampleId), 'hex');
  id.copy(record, 0);
  if (annotation !== '') Buffer.from(hash('md5', annotation), 'hex').copy(record, ID_BYTES, 0, RECORD_BYTES - ID_BYTES);
  return record;
}

/** Appends records to a file, in large writes; `close` syncs it to disk. */
export class DigestWriter {
  private readonly buf = Buffer.alloc(RECORD_BYTES * CHUNK_RECORDS);
  private used = 0;
  private constructor(private readonly fh: FileHandle) {}

  static async create(fsPath: string): Promise<DigestWriter> {
    return new DigestWriter(await open(fsPath, 'w'));
  }

  async add(record: Buffer): Promise<void> {
    record.copy(this.buf, this.used);
    this.used += RECORD_BYTES;
    if (this.used === this.buf.length) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.used > 0) await this.fh.write(this.buf, 0, this.used);
    this.used = 0;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      await this.fh.sync();
    } finally {
      await this.fh.close();
    }
  }

  /** Closes without caring for the content (the publish failed). */
  async discard(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

/** Reads a digest file record by record. A missing file reads as empty. */
class DigestReader {
  private readonly buf = Buffer.alloc(RECORD_BYTES * CHUNK_RECORDS);
  private filled = 0;
  private at = 0;
  private constructor(private readonly fh: FileHandle | undefined) {}

  static async open(fsPath: string | undefined): Promise<DigestReader> {
    const fh = fsPath ? await open(fsPath, 'r').catch(() => undefined) : undefined;
    const reader = new DigestReader(fh);
    await reader.fill();
    return reader;
  }

  private async fill(): Promise<void> {
    this.at = 0;
    this.filled = 0;
    if (!this.fh) return;
    const { bytesRead } = await this.fh.read(this.buf, 0, this.buf.length);
    this.filled = bytesRead - (bytesRead % RECORD_BYTES);
  }

  current(): Buffer | undefined {
    return this.at < this.filled ? this.buf.subarray(this.at, this.at + RECORD_BYTES) : undefined;
  }

  async next(): Promise<void> {
    this.at += RECORD_BYTES;
    if (this.at >= this.filled && this.filled === this.buf.length) await this.fill();
  }

  async close(): Promise<void> {
    await this.fh?.close().catch(() => undefined);
  }
}

export interface DiffCounts {
  add_sample_count: number;
  modified_sample_count: number;
  deleted_sample_count: number;
}

/**
 * Counts added, modified and deleted samples against the previous version's digest file, fed with the new
 * version's records in the same id order.
 */
export class VersionDiff {
  readonly counts: DiffCounts = { add_sample_count: 0, modified_sample_count: 0, deleted_sample_count: 0 };
  private constructor(private readonly previous: DigestReader) {}

  static async against(previousFsPath: string | undefined): Promise<VersionDiff> {
    return new VersionDiff(await DigestReader.open(previousFsPath));
  }

  async add(record: Buffer): Promise<void> {
    let prev = this.previous.current();
    while (prev && Buffer.compare(prev.subarray(0, ID_BYTES), record.subarray(0, ID_BYTES)) < 0) {
      this.counts.deleted_sample_count++;
      await this.previous.next();
      prev = this.previous.current();
    }
    if (prev && Buffer.compare(prev.subarray(0, ID_BYTES), record.subarray(0, ID_BYTES)) === 0) {
      if (Buffer.compare(prev.subarray(ID_BYTES), record.subarray(ID_BYTES)) !== 0) this.counts.modified_sample_count++;
      await this.previous.next();
    } else {
      this.counts.add_sample_count++;
    }
  }

  /** Everything left in the previous version was deleted since. */
  async finish(): Promise<DiffCounts> {
    while (this.previous.current()) {
      this.counts.deleted_sample_count++;
      await this.previous.next();
    }
    await this.previous.close();
    return this.counts;
  }

  async close(): Promise<void> {
    await this.previous.close();
  }
}
