import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SampleLabel } from '../../contract/sample.js';
import { ModelArtsError } from '../../contract/errors.js';
import { LabelName, SHAPES } from '../../contract/label.js';
import { checkShape, type Point, type Shape } from '../samples/annotations.js';

/** Labels read from one Pascal VOC file, and why the objects that were skipped were skipped. */
export interface VocLabels {
  labels: SampleLabel[];
  invalid: string[];
  /** The file's own `<size>` (width, height, depth), when it states one. */
  size?: [number, number, number];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (_name, jpath) => jpath === 'annotation.object',
});

// DOCTYPE entities stay unexpanded (no entity-expansion attacks); the five predefined ones are decoded here.
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeEntities = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : XML_ENTITIES[e.toLowerCase()],
  );
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? decodeEntities(v) : typeof v === 'number' ? String(v) : undefined;
const flag = (v: unknown): boolean | undefined => {
  const s = text(v);
  return s === undefined || s === '' ? undefined : s === '1' || s.toLowerCase() === 'true';
};

/** The shapes a VOC object may carry (ModelArts writes every §1 shape, not only `bndbox`). */
const VOC_SHAPES = SHAPES;

function vocPoints(node: Record<string, unknown>): number[][] {
  const out: number[][] = [];
  for (let i = 1; node[`x${i}`] !== undefined; i++) out.push([Number(text(node[`x${i}`]) ?? NaN), Number(text(node[`y${i}`]) ?? NaN)]);
  return out;
}

function vocFeature(shape: Shape, node: Record<string, unknown>): unknown[] {
  const n = (k: string) => Number(text(node[k]) ?? NaN);
  if (shape === 'bndbox') return [[n('xmin'), n('ymin')], [n('xmax'), n('ymax')]];
  if (shape === 'circle') return [[n('cx'), n('cy')], [n('r')]];
  return vocPoints(node);
}

/**
 * Reads the objects of a Pascal VOC annotation: `bndbox`, and the other shapes ModelArts writes
 * (`polygon` / `polyline` as `<x1><y1>…`, `line`, `dashed`, `point`, `circle`; segmentation datasets take
 * polygons only). With the image's real size (not the file's `<size>`, which tools often get wrong), a
 * shape outside the image is skipped and reported, as is one that is missing or malformed.
 * `difficult`, `occluded`, `truncated`, `hard`, `hard-coefficient` and `confidence` are kept.
 * Throws when the XML itself is not well formed.
 */
export function parseVoc(xml: string, image: { width: number; height: number } | undefined, labelType: number): VocLabels {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = parser.parse(xml) as { annotation?: { object?: unknown[]; size?: Record<string, unknown> } };
  if (!doc.annotation || typeof doc.annotation !== 'object') throw new Error('no <annotation> element');
  const labels: SampleLabel[] = [];
  const invalid: string[] = [];
  const allowed: readonly Shape[] = labelType === 3 ? ['polygon'] : VOC_SHAPES;
  const size: Point | undefined = image ? [image.width, image.height] : undefined;
  (doc.annotation.object ?? []).forEach((raw, i) => {
    const obj = (raw ?? {}) as Record<string, unknown>;
    const name = LabelName.safeParse(text(obj.name)?.trim());
    if (!name.success) {
      invalid.push(`object ${i + 1}: missing or invalid <name>`);
      return;
    }
    const shape = allowed.find((s) => obj[s] !== undefined && typeof obj[s] === 'object');
    if (!shape) {
      invalid.push(`object ${i + 1} (${name.data}): no <${allowed.join('>, <')}>`);
      return;
    }
    const feature = vocFeature(shape, obj[shape] as Record<string, unknown>);
    try {
      checkShape(shape, feature, size, (msg) => new ModelArtsError('0107', msg));
    } catch (err) {
      invalid.push(`object ${i + 1} (${name.data}): ${(err as Error).message}`);
      return;
    }
    const property: Record<string, unknown> = { '@modelarts:shape': shape, '@modelarts:feature': feature };
    for (const key of ['difficult', 'occluded'] as const) {
      const value = flag(obj[key]);
      if (value !== undefined) property[`@modelarts:${key}`] = value;
    }
    // Written as 0 for every object by ModelArts' own files: only a set flag says something.
    for (const key of ['truncated', 'hard'] as const) if (flag(obj[key])) property[`@modelarts:${key}`] = true;
    const coefficient = Number(text(obj['hard-coefficient']) ?? NaN);
    if (Number.isFinite(coefficient)) property['@modelarts:hard_coefficient'] = coefficient;
    const label: SampleLabel = { name: name.data, type: labelType, property };
    const confidence = Number(text(obj.confidence) ?? NaN);
    if (Number.isFinite(confidence) && confidence >= 0 && confidence <= 1) label.score = confidence;
    labels.push(label);
  });
  const sizeNode = doc.annotation.size ?? {};
  const [w, h, d] = ['width', 'height', 'depth'].map((k) => Number(text(sizeNode[k]) ?? NaN));
  return { labels, invalid, ...(w > 0 && h > 0 ? { size: [w, h, d > 0 ? d : 3] as [number, number, number] } : {}) };
}
