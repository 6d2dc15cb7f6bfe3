import { ModelArtsError } from '../../contract/errors.js';
import { SHAPES } from '../../contract/label.js';
import type { SampleLabel } from '../../contract/sample.js';
import type { LabelRow } from '../labels/repository.js';

/**
 * Validation of the annotations a client writes on a sample (S2, S3, batch edits), §1:
 * - every label must be one of the dataset's labels (400 ModelArts.4410);
 * - classification (dataset type 0): plain labels, each at most once (a single- or multi-label sample);
 * - detection (1): every label is a shape — `@modelarts:shape` and `@modelarts:feature` — of any §1 shape;
 * - segmentation (3): polygons;
 * - coordinates: origin top-left, x, y ≥ 0 and, when the image size (`@modelarts:size`) is known, within
 *   it; bndbox `[[x1,y1],[x2,y2]]` with x1 < x2 and y1 < y2; polygon and polyline ≥ 3 points; circle
 *   `[[cx,cy],[r]]` with r > 0; line and dashed two points; point one (400 ModelArts.0107);
 * - a shape needs the image size (400 ModelArts.4423).
 * Messages name the sample and the label, so a client can tell which item of a batch is wrong.
 */
export type Shape = (typeof SHAPES)[number];
export type Point = [number, number];

const SHAPE_DATASETS: Record<number, readonly Shape[]> = { 1: SHAPES, 3: ['polygon'] };

export interface AnnotationTarget {
  datasetType: number;
  /** The dataset's labels by name. */
  labels: ReadonlyMap<string, Pick<LabelRow, 'name' | 'type'>>;
}

/** `[width, height]` from SampleMetadata's `@modelarts:size`, when it holds one. */
export function imageSizeOf(metadata: Record<string, unknown>): Point | undefined {
  const size = metadata['@modelarts:size'];
  if (!Array.isArray(size) || size.length < 2) return undefined;
  const [w, h] = size.map(Number);
  return Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0 ? [w, h] : undefined;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function points(feature: unknown, why: (msg: string) => ModelArtsError): Point[] {
  if (!Array.isArray(feature)) throw why('@modelarts:feature must be a list of [x, y] points');
  return feature.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !isNumber(p[0]) || !isNumber(p[1])) throw why(`point ${i + 1} must be [x, y] numbers`);
    return [p[0], p[1]];
  });
}

function checkInside(pts: Point[], size: Point | undefined, why: (msg: string) => ModelArtsError): void {
  pts.forEach(([x, y], i) => {
    if (x < 0 || y < 0) throw why(`point ${i + 1} (${x}, ${y}) is outside the image: x and y must be ≥ 0`);
    if (size && (x > size[0] || y > size[1])) throw why(`point ${i + 1} (${x}, ${y}) is outside the ${size[0]}×${size[1]} image`);
  });
}

/** Checks one shape's feature against §1; throws 0107 with `why`'s prefix. */
export function checkShape(shape: Shape, feature: unknown, size: Point | undefined, why: (msg: string) => ModelArtsError): void {
  if (shape === 'circle') {
    if (!Array.isArray(feature) || feature.length !== 2 || !Array.isArray(feature[1]) || feature[1].length !== 1 || !isNumber(feature[1][0])) {
      throw why('a circle is [[cx, cy], [r]]');
    }
    const centre = points([feature[0]], why);
    if (feature[1][0] <= 0) throw why(`the radius must be > 0, not ${feature[1][0]}`);
    checkInside(centre, size, why);
    return;
  }
  const pts = points(feature, why);
  const need: Record<Exclude<Shape, 'circle'>, [number, string]> = {
    bndbox: [2, 'exactly 2 points [[x1, y1], [x2, y2]]'],
    line: [2, 'exactly 2 points'],
    dashed: [2, 'exactly 2 points'],
    point: [1, 'exactly 1 point'],
    polygon: [3, 'at least 3 points'],
    polyline: [3, 'at least 3 points'],
  };
  const [count, text] = need[shape];
  const exact = shape !== 'polygon' && shape !== 'polyline';
  if (exact ? pts.length !== count : pts.length < count) throw why(`a ${shape} needs ${text}, got ${pts.length}`);
  if (shape === 'bndbox') {
    const [[x1, y1], [x2, y2]] = pts;
    if (!(x1 < x2 && y1 < y2)) throw why(`a bndbox needs x1 < x2 and y1 < y2, got [[${x1}, ${y1}], [${x2}, ${y2}]]`);
  }
  checkInside(pts, size, why);
}

/**
 * Validates a sample's label list and returns it as stored: each label with its dataset label's type.
 * `sampleName` and `size` come from the sample (size from its `@modelarts:size`).
 */
export function validateSampleLabels(
  target: AnnotationTarget,
  sample: { name: string; size?: Point },
  labels: readonly SampleLabel[],
): SampleLabel[] {
  const shapes = SHAPE_DATASETS[target.datasetType];
  const seen = new Set<string>();
  return labels.map((label, i) => {
    const where = `Sample ${sample.name}, label ${i + 1} (${label.name})`;
    const row = target.labels.get(label.name);
    if (!row) throw new ModelArtsError('4410', `${where}: the dataset has no label ${JSON.stringify(label.name)}`);
    const property = label.property ?? {};
    const shape = property['@modelarts:shape'];
    if (!shapes) {
      if (shape !== undefined) throw new ModelArtsError('4413', `${where}: this dataset type takes no shapes`);
      if (target.datasetType === 0) {
        if (seen.has(label.name)) throw new ModelArtsError('0107', `${where}: the label is given twice`);
        seen.add(label.name);
      }
      return { ...label, type: row.type };
    }
    if (typeof shape !== 'string' || !(shapes as readonly string[]).includes(shape)) {
      throw new ModelArtsError('0107', `${where}: @modelarts:shape must be one of ${shapes.join(', ')}, not ${JSON.stringify(shape ?? null)}`);
    }
    if (!sample.size) throw new ModelArtsError('4423', `${where}: the image size is unknown, so a ${shape} cannot be checked`);
    const why = (msg: string) => new ModelArtsError('0107', `${where}, ${shape}: ${msg}`);
    checkShape(shape as Shape, property['@modelarts:feature'], sample.size, why);
    return { ...label, type: row.type };
  });
}
