import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { SampleLabel } from '../../contract/sample.js';

/**
 * One COCO "instances" file (`images`, `annotations`, `categories`), written as the export goes: images and
 * annotations are appended to two part files, which are joined behind the header when the export ends, so
 * no list of a million annotations is held in memory. Boxes carry `bbox` [x, y, w, h] and an empty
 * `segmentation`; polygons carry their points as one `segmentation` ring and their bounding box. Shapes
 * COCO cannot hold (circles, lines, points, polylines) are left out and counted.
 */

type Point = [number, number];
const isPoint = (p: unknown): p is Point => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number';

/** Shoelace area of a ring. */
function polygonArea(points: Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** The COCO geometry of one label, or undefined when COCO has no such shape. */
export function cocoGeometry(label: SampleLabel): { bbox: number[]; segmentation: number[][]; area: number } | undefined {
  const shape = label.property?.['@modelarts:shape'];
  const feature = label.property?.['@modelarts:feature'];
  if (!Array.isArray(feature)) return undefined;
  if (shape === 'bndbox' && isPoint(feature[0]) && isPoint(feature[1])) {
    const [[x1, y1], [x2, y2]] = [feature[0], feature[1]];
    return { bbox: [x1, y1, x2 - x1, y2 - y1], segmentation: [], area: (x2 - x1) * (y2 - y1) };
  }
  if (shape === 'polygon' && feature.length >= 3 && feature.every(isPoint)) {
    const points = feature as Point[];
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
    return { bbox: [minX, minY, Math.max(...xs) - minX, Math.max(...ys) - minY], segmentation: [points.flat()], area: polygonArea(points) };
  }
  return undefined;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export class CocoWriter {
  private readonly images: WriteStream;
  private readonly annotations: WriteStream;
  private readonly categories = new Map<string, number>();
  private imageCount = 0;
  private annotationCount = 0;
  skipped = 0;

  constructor(
    private readonly file: string,
    labelNames: string[],
  ) {
    for (const name of labelNames) this.category(name);
    this.images = createWriteStream(`${file}.images.part`);
    this.annotations = createWriteStream(`${file}.annotations.part`);
  }

  private category(name: string): number {
    let id = this.categories.get(name);
    if (id === undefined) {
      id = this.categories.size + 1;
      this.categories.set(name, id);
    }
    return id;
  }

  /** One image (`fileName` relative to the COCO file's folder) and its labels. */
  async add(fileName: string, size: [number, number, number], labels: readonly SampleLabel[]): Promise<void> {
    const imageId = ++this.imageCount;
    const image = { id: imageId, file_name: fileName, width: size[0], height: size[1] };
    await write(this.images, `${imageId > 1 ? ',' : ''}\n${JSON.stringify(image)}`);
    for (const label of labels) {
      const geometry = cocoGeometry(label);
      if (!geometry) {
        this.skipped++;
        continue;
      }
      const id = ++this.annotationCount;
      const annotation = { id, image_id: imageId, category_id: this.category(label.name), iscrowd: 0, ...geometry };
      await write(this.annotations, `${id > 1 ? ',' : ''}\n${JSON.stringify(annotation)}`);
    }
  }

  /** Joins the parts into the COCO file. */
  async close(): Promise<void> {
    await Promise.all([this.end(this.images), this.end(this.annotations)]);
    const out = createWriteStream(this.file);
    const info = { description: 'Exported by Data Console', version: '1.0', date_created: new Date().toISOString() };
    await write(out, `{"info":${JSON.stringify(info)},"licenses":[],\n"images":[`);
    await pipeline(createReadStream(`${this.file}.images.part`), out, { end: false });
    await write(out, '\n],\n"annotations":[');
    await pipeline(createReadStream(`${this.file}.annotations.part`), out, { end: false });
    const categories = [...this.categories].map(([name, id]) => ({ id, name, supercategory: '' }));
    out.end(`\n],\n"categories":${JSON.stringify(categories)}}\n`);
    await once(out, 'finish');
    await this.discard();
  }

  /** Removes the part files (also after a failure). */
  async discard(): Promise<void> {
    await Promise.all([this.end(this.images), this.end(this.annotations)]);
    await Promise.all([rm(`${this.file}.images.part`, { force: true }), rm(`${this.file}.annotations.part`, { force: true })]);
  }

  private async end(stream: WriteStream): Promise<void> {
    if (!stream.writableEnded) stream.end();
    if (!stream.closed) await once(stream, 'close');
  }
}
