import { open, writeFile, mkdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../context.js';
import { imageSize, runLimited } from '../versions/manifest-file.js';
import {
  ANNOTATION_TYPES,
  fileAnnotation,
  inlineAnnotations,
  manifestLine,
  manifestTime,
  sourceUri,
  usesVocFiles,
  type SourceHeader,
} from '../versions/manifest-lines.js';
import { vocDocument } from '../versions/voc-writer.js';
import { CocoWriter } from './coco-writer.js';
import { isAnnotated, type ExportSample } from './live-source.js';
import { NameTable, placeFile, safeSegment, stemOf } from './output-files.js';

/**
 * The files of a DIR export, written into a temporary folder that is renamed to `finalFolder` at the end
 * (manifest sources and `annotation-loc` already name the final place). Layout:
 * - always `export.manifest` (ModelArts manifest, one JSON line per sample);
 * - classification, tree: `<label>/<file>` (unlabeled samples at the root); flat: `<file>` + `<stem>.txt`
 *   listing the sample's label names;
 * - detection / segmentation, tree: `images/<file>` + `Annotations/<stem>.xml`; flat: `<file>` + `<stem>.xml`
 *   (VOC, the default: the manifest's `annotation-loc` points to them); with COCO, one `instances.json`
 *   instead (file names relative to the folder), and manifest lines without annotations, so that an import
 *   of the folder reads the COCO file.
 */

export const MANIFEST_FILE = 'export.manifest';
export const COCO_FILE = 'instances.json';
const FILE_CONCURRENCY = 16;

export interface DirJob {
  datasetType: number;
  exportFormat: 1 | 2;
  annotationFormat?: 'VOC' | 'COCO';
  sourceHeader: SourceHeader;
  clearHard: boolean;
  /** Object path of the published folder (ends with `/`). */
  finalFolder: string;
  /** File-system path of the folder written. */
  tempDir: string;
  labelNames: string[];
  colours: ReadonlyMap<string, string>;
  usage: (s: ExportSample) => string | undefined;
}

export interface DirCounts {
  written: number;
  failed: number;
  skippedAnnotations: number;
}

export class DirWriter {
  private readonly names = new NameTable();
  private readonly voc: boolean;
  private readonly coco?: CocoWriter;
  readonly counts: DirCounts = { written: 0, failed: 0, skippedAnnotations: 0 };

  private constructor(
    private readonly ctx: EngineContext,
    private readonly job: DirJob,
    private readonly manifest: FileHandle,
  ) {
    this.voc = usesVocFiles(job.datasetType);
    if (this.voc && job.annotationFormat === 'COCO') this.coco = new CocoWriter(path.join(job.tempDir, COCO_FILE), job.labelNames);
  }

  static async open(ctx: EngineContext, job: DirJob): Promise<DirWriter> {
    await mkdir(job.tempDir, { recursive: true });
    return new DirWriter(ctx, job, await open(path.join(job.tempDir, MANIFEST_FILE), 'w'));
  }

  /** Object path of the manifest once published. */
  get manifestPath(): string {
    return `${this.job.finalFolder}${MANIFEST_FILE}`;
  }

  /** Writes one page: files first (a sample whose file cannot be read is counted and left out), then lines. */
  async add(page: readonly ExportSample[]): Promise<void> {
    const lines: (string | undefined)[] = new Array(page.length);
    const cocoEntries: ({ file: string; size: [number, number, number]; sample: ExportSample } | undefined)[] = new Array(page.length);
    await runLimited(
      page.map((s, i) => async () => {
        try {
          const out = await this.writeSample(s);
          lines[i] = out.line;
          cocoEntries[i] = out.coco;
        } catch {
          this.counts.failed++;
        }
      }),
      FILE_CONCURRENCY,
    );
    // COCO ids follow the samples' order, whatever order their files were written in.
    for (const entry of cocoEntries) if (entry && this.coco) await this.coco.add(entry.file, entry.size, isAnnotated(entry.sample) ? entry.sample.labels : []);
    const text = lines.filter((l) => l !== undefined);
    this.counts.written += text.length;
    if (text.length > 0) await this.manifest.write(`${text.join('\n')}\n`);
  }

  private async writeSample(s: ExportSample): Promise<{ line: string; coco?: { file: string; size: [number, number, number]; sample: ExportSample } }> {
    const { ctx, job } = this;
    const source = ctx.store.parse(s.path).fsPath;
    ctx.store.assertInside(source);
    const labels = isAnnotated(s) ? s.labels : [];
    const type = ANNOTATION_TYPES[job.datasetType];
    const context = { type, time: manifestTime(s.updateTime), clearHard: job.clearHard };
    const tree = job.exportFormat === 1;
    let folder = '';
    if (this.voc && tree) folder = 'images/';
    else if (!this.voc && tree && labels.length > 0) folder = `${safeSegment(labels[0].name)}/`;
    const file = `${folder}${this.names.take(folder, s.name, s.id)}`;
    await placeFile(source, path.join(job.tempDir, file));

    let annotations: Record<string, unknown>[] | undefined;
    let coco: { file: string; size: [number, number, number]; sample: ExportSample } | undefined;
    if (this.voc) {
      const size = this.coco || labels.length > 0 ? await imageSize(ctx, s, s.metadata) : undefined;
      if (labels.length > 0 && !this.coco) {
        const xml = tree ? `Annotations/${stemOf(path.basename(file))}.xml` : `${stemOf(file)}.xml`;
        const [width, height, depth] = size!;
        const opts = { segmented: job.datasetType === 3, keepHard: !job.clearHard, colours: job.colours };
        const doc = vocDocument({ folder: tree ? 'images' : '', filename: path.basename(file), width, height, depth }, labels, opts);
        this.counts.skippedAnnotations += doc.skipped;
        await mkdir(path.dirname(path.join(job.tempDir, xml)), { recursive: true });
        await writeFile(path.join(job.tempDir, xml), doc.xml);
        annotations = [fileAnnotation(sourceUri(`${job.finalFolder}${xml}`, job.sourceHeader), labels, context)];
      }
      if (this.coco) coco = { file, size: size!, sample: s };
    } else if (labels.length > 0) {
      annotations = inlineAnnotations(labels, context);
      if (!tree) await writeFile(path.join(job.tempDir, `${stemOf(file)}.txt`), `${labels.map((l) => l.name).join('\n')}\n`);
    }
    const line = manifestLine({
      objectPath: `${job.finalFolder}${file}`,
      id: s.id,
      sampleType: s.type,
      usage: job.usage(s),
      annotations,
      metadata: job.clearHard ? undefined : s.metadata,
      sourceHeader: job.sourceHeader,
    });
    return { line, coco };
  }

  /** Completes the files (manifest synced to disk, COCO joined). */
  async close(): Promise<void> {
    await this.manifest.sync();
    await this.manifest.close();
    if (this.coco) {
      await this.coco.close();
      this.counts.skippedAnnotations += this.coco.skipped;
    }
  }

  async discard(): Promise<void> {
    await this.manifest.close().catch(() => undefined);
    await this.coco?.discard().catch(() => undefined);
  }
}
