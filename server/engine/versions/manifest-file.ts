import { constants } from 'node:fs';
import { copyFile, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LabelStats } from '../../contract/label.js';
import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { readImageSize } from '../import-tasks/image-files.js';
import { parseJson } from '../samples/sql.js';
import type { TaskHandle } from '../tasks/runner.js';
import { ANNOTATION_TYPES, fileAnnotation, inlineAnnotations, manifestLine, manifestTime, sourceUri, usesVocFiles } from './manifest-lines.js';
import type { Snapshot, SnapshotLabel, SnapshotSample } from './snapshot.js';
import { splitKey, type Split } from './split.js';
import { vocDocument } from './voc-writer.js';

/** Samples read per query (one chunk keeps the event loop busy for a few ms), and files written at once. */
export const CHUNK = 500;
const FILE_CONCURRENCY = 16;

export interface ManifestJob {
  datasetType: number;
  versionName: string;
  /** Final object path of the version folder: what `annotation-loc` points to. */
  folder: string;
  /** File-system path of the folder being written (renamed to `folder` when complete). */
  tempDir: string;
  clearHard: boolean;
  removeUsage: boolean;
  exportImages: boolean;
}

export interface ManifestCounts {
  total_sample_count: number;
  annotated_sample_count: number;
  label_stats: LabelStats[];
  label_type: 'single' | 'multi';
}

/** Whether a labeled sample's usage comes from the split (else it keeps the usage it has). */
export const takesSplitUsage = (removeUsage: boolean, usage: string | null) => removeUsage || !usage;

/** A file name that stays unique (the sample id) and readable (the image's own name, made safe). */
export function versionFileName(sample: Pick<SnapshotSample, 'id' | 'name'>, ext: string): string {
  const stem = sample.name.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 100);
  return `${stem}-${sample.id}${ext}`;
}

/** Runs `jobs` with at most `limit` in flight. */
export async function runLimited(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

class LabelTally {
  private readonly byName = new Map<string, LabelStats>();
  multi = false;

  constructor(labels: SnapshotLabel[], private readonly datasetType: number) {
    for (const l of labels) {
      const stats: LabelStats = { name: l.name, type: l.type, property: parseJson(l.property, {}), count: 0, sample_count: 0 };
      const attributes = parseJson<LabelStats['attributes']>(l.attributes, undefined);
      if (attributes) stats.attributes = attributes;
      this.byName.set(l.name, stats);
    }
  }

  colours(): Map<string, string> {
    return new Map([...this.byName.values()].map((l) => [l.name, String(l.property?.['@modelarts:color'] ?? '')]));
  }

  sample(labels: readonly SampleLabel[]): void {
    const seen = new Set<string>();
    for (const l of labels) {
      let stats = this.byName.get(l.name);
      if (!stats) {
        stats = { name: l.name, type: l.type ?? this.datasetType, property: {}, count: 0, sample_count: 0 };
        this.byName.set(l.name, stats);
      }
      stats.count++;
      if (!seen.has(l.name)) stats.sample_count++;
      seen.add(l.name);
    }
    if (seen.size > 1) this.multi = true;
  }

  list(): LabelStats[] {
    return [...this.byName.values()];
  }
}

/** `[width, height, depth]`: from `@modelarts:size`, else read from the image's header ([0, 0, 3] if unreadable). */
export async function imageSize(ctx: EngineContext, s: Pick<SnapshotSample, 'path'>, metadata: Record<string, unknown>): Promise<[number, number, number]> {
  const size = metadata['@modelarts:size'];
  if (Array.isArray(size) && typeof size[0] === 'number' && typeof size[1] === 'number') {
    return [size[0], size[1], typeof size[2] === 'number' ? size[2] : 3];
  }
  try {
    return await readImageSize(ctx.store.parse(s.path).fsPath);
  } catch {
    return [0, 0, 3];
  }
}

/**
 * Pass 2 of a publish: reads every sample in seq-ordered chunks and appends its manifest line, writing the
 * VOC file of each detection / segmentation sample (and, with `export_images`, a copy of its image).
 */
export async function writeManifest(
  ctx: EngineContext,
  snapshot: Snapshot,
  job: ManifestJob,
  split: Split,
  task: TaskHandle,
  progress: (done: number) => number,
): Promise<ManifestCounts> {
  const type = ANNOTATION_TYPES[job.datasetType];
  const voc = usesVocFiles(job.datasetType);
  const tally = new LabelTally(snapshot.labels(), job.datasetType);
  const colours = tally.colours();
  const counts = { total: 0, annotated: 0 };
  const fh = await open(path.join(job.tempDir, `${job.versionName}.manifest`), 'w');
  try {
    let after = 0;
    for (;;) {
      task.signal.throwIfAborted();
      const rows = snapshot.samples(after, CHUNK);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].seq;
      const files: (() => Promise<void>)[] = [];
      const lines = rows.map((s) => {
        counts.total++;
        const annotated = s.status === 'MANUAL_ANNOTATION';
        const labels = annotated ? parseJson<SampleLabel[]>(s.labels, []) : [];
        const metadata = parseJson<Record<string, unknown>>(s.metadata, {});
        const fromSplit = takesSplitUsage(job.removeUsage, s.usage);
        const usage = fromSplit ? (annotated ? split.usageOf(splitKey(s.id)) : undefined) : (s.usage ?? undefined);
        const context = { type, time: manifestTime(s.update_time), clearHard: job.clearHard };
        let annotations: Record<string, unknown>[] | undefined;
        if (annotated) {
          counts.annotated++;
          tally.sample(labels);
          if (voc) {
            const name = versionFileName(s, '.xml');
            annotations = [fileAnnotation(sourceUri(`${job.folder}annotations/${name}`), labels, context)];
            files.push(async () => {
              const [width, height, depth] = await imageSize(ctx, s, metadata);
              const folder = s.dir.split('/').filter(Boolean).pop() ?? '';
              const opts = { segmented: job.datasetType === 3, keepHard: !job.clearHard, colours };
              const { xml } = vocDocument({ folder, filename: s.name, width, height, depth }, labels, opts);
              await writeFile(path.join(job.tempDir, 'annotations', name), xml);
            });
          } else {
            annotations = inlineAnnotations(labels, context);
          }
        }
        if (job.exportImages) {
          const target = path.join(job.tempDir, 'data', versionFileName(s, path.extname(s.name)));
          files.push(() => copyFile(ctx.store.parse(s.path).fsPath, target, constants.COPYFILE_FICLONE));
        }
        return manifestLine({
          objectPath: s.path,
          id: s.id,
          sampleType: s.type,
          usage,
          annotations,
          metadata: job.clearHard ? undefined : metadata,
        });
      });
      await fh.write(`${lines.join('\n')}\n`);
      await runLimited(files, FILE_CONCURRENCY);
      task.report({ progress: progress(counts.total) });
      await nextTurn();
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return {
    total_sample_count: counts.total,
    annotated_sample_count: counts.annotated,
    label_stats: tally.list(),
    label_type: tally.multi ? 'multi' : 'single',
  };
}
