import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import type { SnapshotLabel } from '../versions/snapshot.js';
import { statsOf, versionPaths, type VersionRow } from '../versions/repository.js';
import { PAGE, type ExportSample, type Selection } from './live-source.js';
import { parseVoc } from '../import-tasks/voc.js';

/**
 * A published version as the source of an export: its manifest is streamed line by line (never loaded
 * whole), each detection sample's labels read back from the version's VOC file. The version is what was
 * published, whatever happened to the live samples since.
 */

interface Line {
  source?: unknown;
  id?: unknown;
  usage?: unknown;
  hard?: unknown;
  'hard-coefficient'?: unknown;
  'sample-type'?: unknown;
  annotation?: unknown;
}

type Annotation = { name?: unknown; property?: unknown; confidence?: unknown; 'annotation-loc'?: unknown; 'annotated-by'?: unknown };

export class VersionSource {
  private readonly ids?: Set<string>;

  constructor(
    private readonly ctx: EngineContext,
    private readonly version: VersionRow,
    private readonly labelType: number,
    private readonly selection: Selection,
  ) {
    if (selection.ids) this.ids = new Set(selection.ids);
  }

  /** The version's labels (from its statistics), for the new dataset's labels and the COCO categories. */
  labels(): SnapshotLabel[] {
    return statsOf(this.version).label_stats.map((l) => ({
      name: l.name,
      type: l.type ?? this.labelType,
      property: JSON.stringify(l.property ?? {}),
      attributes: l.attributes ? JSON.stringify(l.attributes) : null,
    }));
  }

  private async *lines(signal: AbortSignal): AsyncGenerator<Line> {
    const { fsPath } = this.ctx.store.parse(versionPaths(this.version).manifest);
    this.ctx.store.assertInside(fsPath);
    const reader = createInterface({ input: createReadStream(fsPath, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const text of reader) {
      signal.throwIfAborted();
      if (!text.trim()) continue;
      try {
        yield JSON.parse(text) as Line;
      } catch {
        // A line this engine did not write: not a sample of the version.
      }
    }
  }

  private selected(line: Line): boolean {
    if (typeof line.source !== 'string' || typeof line.id !== 'string') return false;
    const annotated = Array.isArray(line.annotation) && line.annotation.length > 0;
    const status = annotated ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION';
    if (this.selection.status === null || (this.selection.status !== undefined && this.selection.status !== status)) return false;
    return !this.ids || this.ids.has(line.id);
  }

  async count(signal: AbortSignal): Promise<number> {
    let n = 0;
    for await (const line of this.lines(signal)) if (this.selected(line)) n++;
    return n;
  }

  async *pages(signal: AbortSignal): AsyncGenerator<ExportSample[]> {
    let page: Line[] = [];
    for await (const line of this.lines(signal)) {
      if (!this.selected(line)) continue;
      page.push(line);
      if (page.length === PAGE) {
        yield await Promise.all(page.map((l) => this.toSample(l)));
        page = [];
      }
    }
    if (page.length > 0) yield await Promise.all(page.map((l) => this.toSample(l)));
  }

  private async toSample(line: Line): Promise<ExportSample> {
    const path = this.ctx.store.parse(line.source as string).objectPath;
    const annotations = (Array.isArray(line.annotation) ? line.annotation : []) as Annotation[];
    const metadata: Record<string, unknown> = {};
    if (line.hard !== undefined) metadata['@modelarts:hard'] = line.hard === 'true' || line.hard === true ? 1 : 0;
    if (typeof line['hard-coefficient'] === 'number') metadata['@modelarts:hard_coefficient'] = line['hard-coefficient'];
    const labels: SampleLabel[] = [];
    for (const a of annotations) {
      if (typeof a['annotation-loc'] === 'string') {
        const voc = await this.readVoc(a['annotation-loc']);
        if (voc.size) metadata['@modelarts:size'] = voc.size;
        labels.push(...voc.labels);
      } else if (typeof a.name === 'string') {
        const label: SampleLabel = { name: a.name, type: this.labelType };
        if (a.property && typeof a.property === 'object') label.property = a.property as Record<string, unknown>;
        if (typeof a.confidence === 'number') label.score = a.confidence;
        if (a['annotated-by'] === 'auto') label.annotated_by = 'auto';
        labels.push(label);
      }
    }
    return {
      id: line.id as string,
      name: path.slice(path.lastIndexOf('/') + 1),
      path,
      type: typeof line['sample-type'] === 'number' ? line['sample-type'] : 0,
      status: annotations.length > 0 ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION',
      labels,
      metadata,
      usage: typeof line.usage === 'string' ? line.usage : null,
      size: 0,
      sampleTime: this.version.create_time,
      updateTime: this.version.create_time,
    };
  }

  private async readVoc(loc: string): Promise<{ size?: [number, number, number]; labels: SampleLabel[] }> {
    try {
      const { fsPath } = this.ctx.store.parse(loc);
      this.ctx.store.assertInside(fsPath);
      // The version's own files: what it wrote is read back whole (no image size to check against).
      const { labels, size } = parseVoc(await readFile(fsPath, 'utf8'), undefined, this.labelType);
      return { labels, size };
    } catch {
      // A VOC file removed from the version folder: the sample goes out without its boxes.
      return { labels: [] };
    }
  }
}
