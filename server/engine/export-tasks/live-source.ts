import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SampleLabel } from '../../contract/sample.js';
import type { ParsedSearchCondition } from '../../contract/search.js';
import { STATUS_OF_STATE } from '../samples/queries.js';
import { compileSearch } from '../samples/search.js';
import { parseJson } from '../samples/sql.js';
import type { SampleFilterSql, Snapshot, SnapshotSample } from '../versions/snapshot.js';

/** One sample as every writer sees it, whether it comes from the live dataset or from a version. */
export interface ExportSample {
  id: string;
  name: string;
  /** Canonical object path of its file. */
  path: string;
  type: number;
  /** MANUAL_ANNOTATION | UN_ANNOTATION | AUTO_ANNOTATION. */
  status: string;
  /** Its labels (also those of a sample still to be confirmed). */
  labels: SampleLabel[];
  metadata: Record<string, unknown>;
  usage: string | null;
  size: number;
  sampleTime: number;
  updateTime: number;
}

export const isAnnotated = (s: Pick<ExportSample, 'status'>) => s.status === 'MANUAL_ANNOTATION';

/** Which samples an export takes. */
export interface Selection {
  /** `samples.status` required (export_type 0 / 1, sample_state); `null`: a state no sample is in. */
  status?: string | null;
  /** Sample ids (export_params.samples). */
  ids?: string[];
  /** ORed (export_type 3). */
  conditions?: ParsedSearchCondition[];
}

const STATUS_OF_TYPE: Record<number, string | undefined> = { 0: 'MANUAL_ANNOTATION', 1: 'UN_ANNOTATION' };

/** export_type and sample_state, ANDed: a state that contradicts the type selects nothing. */
export function selectionOf(exportType: number, sampleState: string | undefined, ids: string[] | undefined, conditions?: ParsedSearchCondition[]): Selection {
  const byType = STATUS_OF_TYPE[exportType];
  // Team-labeling states name samples this engine's datasets do not track: they select none, as in S1.
  const byState = sampleState === undefined ? undefined : (STATUS_OF_STATE[sampleState] ?? null);
  let status: string | null | undefined = byType ?? byState;
  if (byType !== undefined && byState !== undefined && byType !== byState) status = null;
  return { status, ids, conditions: exportType === 3 ? conditions : undefined };
}

export const PAGE = 500;

export function toExportSample(row: SnapshotSample): ExportSample {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    type: row.type,
    status: row.status,
    labels: parseJson<SampleLabel[]>(row.labels, []),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
    usage: row.usage,
    size: row.size,
    sampleTime: row.sample_time,
    updateTime: row.update_time,
  };
}

const COUNTER_OF_STATUS: Record<string, string> = {
  MANUAL_ANNOTATION: 'manual_annotation',
  UN_ANNOTATION: 'un_annotation',
  AUTO_ANNOTATION: 'auto_annotation',
};

/**
 * The live dataset as a source, read from a snapshot (one read transaction: a consistent set even while
 * people keep labeling) in pages by seq. An id list is turned into its seqs first, so each page is a
 * short `seq IN (…)` rather than the whole list again.
 */
export class LiveSource {
  private readonly filter: SampleFilterSql;
  private seqs?: number[];

  constructor(
    private readonly snapshot: Snapshot,
    datasetId: string,
    private readonly selection: Selection,
    now: number,
  ) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (selection.status === null) where.push('0');
    else if (selection.status !== undefined) {
      where.push('s.status = ?');
      params.push(selection.status);
    }
    if (selection.conditions) {
      const search = compileSearch(datasetId, selection.conditions, { join: 'OR', now });
      where.push(search.where);
      params.push(...search.params);
    }
    this.filter = { where: where.length > 0 ? where.join(' AND ') : '1', params };
  }

  /** The seqs of the listed ids that match, ascending. */
  private async idSeqs(signal: AbortSignal): Promise<number[]> {
    if (this.seqs) return this.seqs;
    const seqs: number[] = [];
    const ids = [...new Set(this.selection.ids)];
    for (let i = 0; i < ids.length; i += PAGE) {
      signal.throwIfAborted();
      const chunk = { where: `s.id IN (SELECT value FROM json_each(?)) AND ${this.filter.where}`, params: [JSON.stringify(ids.slice(i, i + PAGE)), ...this.filter.params] };
      seqs.push(...this.snapshot.samplesWhere(chunk, 0, PAGE).map((r) => r.seq));
      await nextTurn();
    }
    this.seqs = seqs.sort((a, b) => a - b);
    return this.seqs;
  }

  /** How many samples the export will write: from the counters when no condition needs a scan. */
  async count(signal: AbortSignal): Promise<number> {
    if (this.selection.ids) return (await this.idSeqs(signal)).length;
    if (this.selection.status === null) return 0;
    if (!this.selection.conditions) {
      return this.selection.status ? this.snapshot.counter(COUNTER_OF_STATUS[this.selection.status] ?? '') : this.snapshot.total();
    }
    return this.snapshot.countWhere(this.filter);
  }

  async *pages(signal: AbortSignal): AsyncGenerator<ExportSample[]> {
    if (this.selection.ids) {
      const seqs = await this.idSeqs(signal);
      for (let i = 0; i < seqs.length; i += PAGE) {
        signal.throwIfAborted();
        const page = { where: 's.seq IN (SELECT value FROM json_each(?))', params: [JSON.stringify(seqs.slice(i, i + PAGE))] };
        yield this.snapshot.samplesWhere(page, 0, PAGE).map(toExportSample);
      }
      return;
    }
    let after = 0;
    for (;;) {
      signal.throwIfAborted();
      const rows = this.snapshot.samplesWhere(this.filter, after, PAGE);
      if (rows.length === 0) return;
      after = rows[rows.length - 1].seq;
      yield rows.map(toExportSample);
    }
  }
}
