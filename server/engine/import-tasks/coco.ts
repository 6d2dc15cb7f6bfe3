import { LabelName } from '../../contract/label.js';
import type { SampleLabel } from '../../contract/sample.js';

/** One COCO annotation, reduced to what becomes a label. */
export interface CocoObject {
  category: string;
  /** `[x, y, w, h]` */
  bbox?: [number, number, number, number];
  /** Polygon rings, each `[x1, y1, x2, y2, …]`. */
  polygons: number[][];
  /** `iscrowd: 1` (an RLE mask): not a shape this console draws. */
  crowd: boolean;
}

/** A COCO file as the import uses it: the objects of each image by its `file_name`, and what was skipped. */
export interface CocoFile {
  images: { fileName: string; objects: CocoObject[] }[];
  invalid: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const MAX_INVALID = 20;

/**
 * Reads a COCO "instances" file (`images`, `annotations`, `categories`). Returns undefined for JSON that is
 * not COCO (any other `.json` beside the images); throws on text that is not JSON. Pure: it may run in a
 * worker thread.
 */
export function parseCoco(text: string): CocoFile | undefined {
  const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  if (!isObject(doc) || !Array.isArray(doc.images) || !Array.isArray(doc.annotations) || !Array.isArray(doc.categories)) return undefined;
  const invalid: string[] = [];
  const note = (why: string) => {
    if (invalid.length < MAX_INVALID) invalid.push(why);
  };
  const categories = new Map<unknown, string>();
  for (const c of doc.categories) if (isObject(c) && typeof c.name === 'string') categories.set(c.id, c.name.trim());
  const images = new Map<unknown, { fileName: string; objects: CocoObject[] }>();
  for (const img of doc.images) {
    if (isObject(img) && typeof img.file_name === 'string' && img.file_name) images.set(img.id, { fileName: img.file_name, objects: [] });
  }
  doc.annotations.forEach((raw, i) => {
    const a = isObject(raw) ? raw : {};
    const image = images.get(a.image_id);
    const category = categories.get(a.category_id);
    if (!image) return note(`annotation ${i + 1}: image_id ${JSON.stringify(a.image_id)} is not in "images"`);
    if (category === undefined) return note(`annotation ${i + 1}: category_id ${JSON.stringify(a.category_id)} is not in "categories"`);
    const bbox = Array.isArray(a.bbox) && a.bbox.length === 4 && a.bbox.every(finite) ? (a.bbox as CocoObject['bbox']) : undefined;
    const polygons = Array.isArray(a.segmentation)
      ? a.segmentation.filter((r): r is number[] => Array.isArray(r) && r.length >= 6 && r.length % 2 === 0 && r.every(finite))
      : [];
    image.objects.push({ category, bbox, polygons, crowd: a.iscrowd === 1 || a.iscrowd === true || isObject(a.segmentation) });
  });
  return { images: [...images.values()], invalid };
}

/** Points within 1 px outside the image (rounding in exporters) are moved onto its border. */
const SLACK = 1;

function fit(v: number, max: number): number | undefined {
  if (v < -SLACK || v > max + SLACK) return undefined;
  return Math.min(max, Math.max(0, v));
}

/** Whether a polygon ring is exactly the box's rectangle (exporters write one for a plain box). */
function isBoxRing(ring: number[], [x, y, w, h]: [number, number, number, number]): boolean {
  if (ring.length !== 8) return false;
  const xs = new Set([ring[0], ring[2], ring[4], ring[6]]);
  const ys = new Set([ring[1], ring[3], ring[5], ring[7]]);
  return xs.size === 2 && ys.size === 2 && xs.has(x) && xs.has(x + w) && ys.has(y) && ys.has(y + h);
}

/**
 * Labels of one image from its COCO objects, checked against the image's real size: for classification
 * (type 0) the category names; for detection (1) a polygon per segmentation ring, else a bndbox from
 * `bbox` (`[x, y, w, h]` → `[[x, y], [x + w, y + h]]`; a ring that is just the box stays a bndbox); for
 * segmentation (3) polygons only. Crowd regions (RLE) are skipped and counted.
 */
export function cocoLabels(
  objects: readonly CocoObject[],
  size: { width: number; height: number },
  labelType: number,
): { labels: SampleLabel[]; invalid: string[]; crowd: number } {
  const labels: SampleLabel[] = [];
  const invalid: string[] = [];
  let crowd = 0;
  for (const [i, o] of objects.entries()) {
    const name = LabelName.safeParse(o.category);
    const what = `object ${i + 1} (${o.category})`;
    if (!name.success) {
      invalid.push(`object ${i + 1}: category name ${JSON.stringify(o.category)} is not a valid label name`);
      continue;
    }
    if (labelType === 0) {
      if (!labels.some((l) => l.name === name.data)) labels.push({ name: name.data, type: 0 });
      continue;
    }
    if (o.crowd) {
      crowd++;
      continue;
    }
    const box = o.bbox;
    const plainBox = box && (o.polygons.length === 0 || (o.polygons.length === 1 && isBoxRing(o.polygons[0], box)));
    if (plainBox && labelType === 1) {
      const [x1, y1, x2, y2] = [fit(box[0], size.width), fit(box[1], size.height), fit(box[0] + box[2], size.width), fit(box[1] + box[3], size.height)];
      if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined || !(x1 < x2 && y1 < y2)) {
        invalid.push(`${what}: bbox [${box.join(',')}] is empty or outside the ${size.width}×${size.height} image`);
        continue;
      }
      labels.push({ name: name.data, type: labelType, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[x1, y1], [x2, y2]] } });
      continue;
    }
    if (o.polygons.length === 0) {
      invalid.push(`${what}: ${labelType === 3 ? 'a segmentation dataset takes polygons, and this object has none' : 'neither a bbox nor a polygon'}`);
      continue;
    }
    for (const ring of o.polygons) {
      const points: [number, number][] = [];
      for (let k = 0; k < ring.length; k += 2) {
        const x = fit(ring[k], size.width);
        const y = fit(ring[k + 1], size.height);
        if (x === undefined || y === undefined) break;
        points.push([x, y]);
      }
      if (points.length !== ring.length / 2) {
        invalid.push(`${what}: a polygon point is outside the ${size.width}×${size.height} image`);
        continue;
      }
      labels.push({ name: name.data, type: labelType, property: { '@modelarts:shape': 'polygon', '@modelarts:feature': points } });
    }
  }
  return { labels, invalid, crowd };
}
