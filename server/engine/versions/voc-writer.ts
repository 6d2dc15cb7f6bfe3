import type { SampleLabel } from '../../contract/sample.js';

/**
 * Pascal VOC documents as ModelArts writes them for a version: `bndbox` boxes (which our import reads
 * back), and ModelArts' own shape elements for the other shapes — `<polygon>` / `<polyline>` with
 * `<x1><y1><x2><y2>…`, `<circle>` with `<cx><cy><r>`, `<line>` / `<dashed>` with two points, `<point>`
 * with one. Segmentation datasets write their polygons the same way, with `<segmented>1</segmented>` and
 * each object's `<mask_color>`.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

type Point = [number, number];

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPoint = (p: unknown): p is Point => Array.isArray(p) && p.length >= 2 && num(p[0]) && num(p[1]);

function pointsXml(tag: string, points: unknown, min: number): string | undefined {
  if (!Array.isArray(points) || points.length < min || !points.every(isPoint)) return undefined;
  const inner = (points as Point[]).map(([x, y], i) => `<x${i + 1}>${x}</x${i + 1}><y${i + 1}>${y}</y${i + 1}>`).join('');
  return `<${tag}>${inner}</${tag}>`;
}

/** The shape element of one label, or undefined when its `@modelarts:feature` does not fit its shape. */
export function shapeXml(shape: unknown, feature: unknown): string | undefined {
  const f = Array.isArray(feature) ? (feature as unknown[]) : [];
  switch (shape) {
    case 'bndbox': {
      if (!isPoint(f[0]) || !isPoint(f[1])) return undefined;
      const [[x1, y1], [x2, y2]] = [f[0], f[1]];
      return `<bndbox><xmin>${x1}</xmin><ymin>${y1}</ymin><xmax>${x2}</xmax><ymax>${y2}</ymax></bndbox>`;
    }
    case 'polygon':
    case 'polyline':
      return pointsXml(shape, f, 2);
    case 'line':
    case 'dashed':
      return f.length === 2 ? pointsXml(shape, f, 2) : undefined;
    case 'point':
      return f.length === 1 ? pointsXml('point', f, 1) : undefined;
    case 'circle': {
      const [centre, radius] = f;
      if (!isPoint(centre) || !Array.isArray(radius) || !num(radius[0])) return undefined;
      return `<circle><cx>${centre[0]}</cx><cy>${centre[1]}</cy><r>${radius[0]}</r></circle>`;
    }
    default:
      return undefined;
  }
}

export interface VocImage {
  folder: string;
  filename: string;
  width: number;
  height: number;
  depth: number;
}

export interface VocOptions {
  segmented: boolean;
  /** Keep `@modelarts:hard*` as `<hard>` / `<hard-coefficient>`. */
  keepHard: boolean;
  /** Label name → `#rrggbb`, for segmentation's `<mask_color>`. */
  colours: ReadonlyMap<string, string>;
}

const flag = (v: unknown) => (v === true || v === 1 || v === '1' || v === 'true' ? 1 : 0);

function maskColour(hex: string | undefined): string | undefined {
  const m = hex && /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [m[1], m[2], m[3]].map((h) => parseInt(h, 16)).join(',') : undefined;
}

function objectXml(label: SampleLabel, shape: string, opts: VocOptions): string {
  const p = label.property ?? {};
  const parts = [
    `<name>${escapeXml(label.name)}</name>`,
    '<pose>Unspecified</pose>',
    `<truncated>${flag(p['@modelarts:truncated'])}</truncated>`,
    `<occluded>${flag(p['@modelarts:occluded'])}</occluded>`,
    `<difficult>${flag(p['@modelarts:difficult'])}</difficult>`,
  ];
  if (label.score !== undefined) parts.push(`<confidence>${label.score}</confidence>`);
  if (opts.keepHard && p['@modelarts:hard'] !== undefined) parts.push(`<hard>${flag(p['@modelarts:hard'])}</hard>`);
  const coefficient = p['@modelarts:hard_coefficient'];
  if (opts.keepHard && coefficient !== undefined && num(Number(coefficient))) parts.push(`<hard-coefficient>${Number(coefficient)}</hard-coefficient>`);
  const colour = opts.segmented ? maskColour(opts.colours.get(label.name)) : undefined;
  if (colour) parts.push(`<mask_color>${colour}</mask_color>`);
  parts.push(shape);
  return `  <object>\n    ${parts.join('\n    ')}\n  </object>\n`;
}

/** The VOC document of one sample; labels whose shape cannot be written are counted in `skipped`. */
export function vocDocument(image: VocImage, labels: readonly SampleLabel[], opts: VocOptions): { xml: string; skipped: number } {
  let objects = '';
  let skipped = 0;
  for (const label of labels) {
    const shape = shapeXml(label.property?.['@modelarts:shape'], label.property?.['@modelarts:feature']);
    if (shape) objects += objectXml(label, shape, opts);
    else skipped++;
  }
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<annotation>\n' +
    `  <folder>${escapeXml(image.folder)}</folder>\n  <filename>${escapeXml(image.filename)}</filename>\n` +
    '  <source>\n    <database>Unknown</database>\n  </source>\n' +
    `  <size>\n    <width>${image.width}</width>\n    <height>${image.height}</height>\n    <depth>${image.depth}</depth>\n  </size>\n` +
    `  <segmented>${opts.segmented ? 1 : 0}</segmented>\n${objects}</annotation>\n`;
  return { xml, skipped };
}
