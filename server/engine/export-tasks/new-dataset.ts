import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DATASET_STATUS } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import { createInnerFolders, innerPaths } from '../datasets/paths.js';
import { datasetExtra } from '../datasets/read-model.js';
import { deleteDatasetRow, findDataset, insertDataset, type DatasetRow } from '../datasets/repository.js';
import { insertLabelRow } from '../labels/repository.js';
import { initCounters, insertSamples, sampleIdFor, type NewSample } from '../samples/repository.js';
import { parseJson } from '../samples/sql.js';
import { runLimited } from '../versions/manifest-file.js';
import { withoutHard } from '../versions/manifest-lines.js';
import type { SnapshotLabel } from '../versions/snapshot.js';
import { isAnnotated, type ExportSample } from './live-source.js';
import { NameTable, placeFile } from './output-files.js';

/**
 * NEW_DATASET exports: a dataset of the same type and labels whose samples are copies of the selected
 * ones (files copied into its own data folder, annotations kept), written in batches. It is created
 * "importing" (8) and marked with the export's task id; it becomes normal only when the export succeeds.
 * A failed, stopped or interrupted export removes it with its folders.
 */

export interface NewDatasetJob {
  id: string;
  name: string;
  taskId: string;
  source: DatasetRow;
  /** Canonical work path (ends with `/`). */
  workPath: string;
  /** Object path of the new dataset's data folder (ends with `/`). */
  dataFolder: string;
  labels: SnapshotLabel[];
  clearHard: boolean;
  usage: (s: ExportSample) => string | undefined;
}

interface ExportMark {
  export_task_id?: string;
}

/** The dataset row a (possibly interrupted) export created, if it is still unfinished. */
export function unfinishedExportDataset(ctx: EngineContext, id: string | undefined): DatasetRow | undefined {
  const row = id ? findDataset(ctx, id) : undefined;
  return row && parseJson<ExportMark>(row.extra, {}).export_task_id ? row : undefined;
}

/** Removes a dataset an export created, its data folder and its work folder (synchronous: runs in `finish`). */
export function removeExportDataset(ctx: EngineContext, row: DatasetRow): void {
  const folders = [datasetExtra(row).inner_work_path, ...parseJson<{ data_path: string }[]>(row.data_sources, []).map((d) => d.data_path)];
  deleteDatasetRow(ctx, row.id);
  for (const folder of folders) {
    try {
      const { fsPath } = ctx.store.parse(folder);
      ctx.store.assertInside(fsPath);
      rmSync(fsPath, { recursive: true, force: true });
    } catch {
      // A folder that cannot be parsed or removed belongs to no dataset any more; nothing else refers to it.
    }
  }
}

/** The export succeeded: the dataset becomes normal and loses its mark. */
export function completeExportDataset(ctx: EngineContext, id: string): void {
  const row = findDataset(ctx, id);
  if (!row) return;
  const { export_task_id: _drop, ...extra } = parseJson<Record<string, unknown> & ExportMark>(row.extra, {});
  ctx.sqlite
    .prepare('UPDATE datasets SET status = ?, extra = ?, update_time = ? WHERE id = ?')
    .run(DATASET_STATUS.NORMAL, JSON.stringify(extra), ctx.now(), id);
}

export class NewDatasetWriter {
  private readonly names = new NameTable();
  written = 0;
  failed = 0;

  private constructor(
    private readonly ctx: EngineContext,
    private readonly job: NewDatasetJob,
  ) {}

  /** Creates the folders, the row (with counters and the source's labels) in one transaction. */
  static async create(ctx: EngineContext, job: NewDatasetJob): Promise<NewDatasetWriter> {
    const data = ctx.store.parse(job.dataFolder);
    ctx.store.assertInside(data.fsPath);
    await rm(data.fsPath, { recursive: true, force: true });
    await mkdir(data.fsPath, { recursive: true });
    const inner = innerPaths(`${job.workPath}${job.name}-${job.id}/`);
    await rm(ctx.store.parse(inner.inner_work_path).fsPath, { recursive: true, force: true });
    await createInnerFolders(ctx, inner);
    const now = ctx.now();
    const s = job.source;
    ctx.sqlite.transaction(() => {
      insertDataset(ctx, {
        ...s,
        id: job.id,
        name: job.name,
        description: s.description,
        status: DATASET_STATUS.IMPORTING,
        data_sources: JSON.stringify([{ data_type: 0, data_path: job.dataFolder }]),
        work_path: job.workPath,
        extra: JSON.stringify({ inner_work_path: inner.inner_work_path, import_annotations: true, export_task_id: job.taskId }),
        import_task_id: null,
        current_version_id: null,
        next_version_num: 1,
        create_time: now,
        update_time: now,
        data_update_time: now,
      });
      initCounters(ctx, job.id);
      for (const l of job.labels) {
        insertLabelRow(ctx, job.id, {
          name: l.name,
          type: l.type,
          property: parseJson(l.property, {}),
          attributes: parseJson(l.attributes, undefined),
        });
      }
    })();
    return new NewDatasetWriter(ctx, job);
  }

  /** Copies one page's files, then inserts their samples in one transaction. */
  async add(page: readonly ExportSample[]): Promise<void> {
    const { ctx, job } = this;
    const folder = ctx.store.parse(job.dataFolder);
    const built: (NewSample | undefined)[] = new Array(page.length);
    await runLimited(
      page.map((s, i) => async () => {
        const name = this.names.take('', s.name, s.id);
        try {
          const source = ctx.store.parse(s.path).fsPath;
          ctx.store.assertInside(source);
          await placeFile(source, path.join(folder.fsPath, name));
        } catch {
          this.failed++;
          return;
        }
        built[i] = this.toSample(s, name);
      }),
      16,
    );
    const samples = built.filter((s): s is NewSample => s !== undefined);
    if (samples.length > 0) this.written += insertSamples(ctx, job.id, samples).inserted;
  }

  private toSample(s: ExportSample, name: string): NewSample {
    const objectPath = `${this.job.dataFolder}${name}`;
    // Samples to be confirmed stay to be confirmed; labeled ones stay labeled.
    const keepLabels = isAnnotated(s) || s.status === 'AUTO_ANNOTATION';
    const labels = keepLabels ? s.labels.map((l) => (this.job.clearHard && l.property ? { ...l, property: withoutHard(l.property) } : l)) : [];
    const metadata = this.job.clearHard ? withoutHard(s.metadata) : s.metadata;
    const usage = this.job.usage(s);
    return {
      id: sampleIdFor(objectPath),
      name,
      dir: this.job.dataFolder,
      path: objectPath,
      type: s.type,
      size: s.size,
      sample_time: s.sampleTime,
      labels,
      metadata,
      ...(usage ? { usage } : {}),
      final: s.status !== 'AUTO_ANNOTATION',
    };
  }
}
