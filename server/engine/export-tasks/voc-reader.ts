import { XMLParser } from 'fast-xml-parser';
import type { SampleLabel } from '../../contract/sample.js';

/**
 * Reads back the Pascal VOC files a version publish wrote (versions/voc-writer.ts): every shape ModelArts
 * puts in them (`bndbox`, `polygon` / `polyline` as `<x1><y1>…`, `line` / `dashed`, `point`, `circle`), the
 * object flags and the image size. Only files of our own versions are read this way.
 */

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  // DOCTYPE entities stay unexpanded (a file in the store may have been edited by anyone); the five predefined ones are decoded below.
  processEntities: false,
  isArray: (_name, jpath) => jpath === 'annotation.object',
});

type Node = Record<string, unknown>;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITIES[e]);
const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
const SHAPES = ['bndbox', 'polygon', 'polyline', 'line', 'dashed', 'point', 'circle'] as const;

function points(node: Node): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; node[`x${i}`] !== undefined; i++) out.push([num(node[`x${i}`]), num(node[`y${i}`])]);
  return out;
}

function feature(shape: (typeof SHAPES)[number], node: Node): unknown[] {
  if (shape === 'bndbox') {
    return [
      [num(node.xmin), num(node.ymin)],
      [num(node.xmax), num(node.ymax)],
    ];
  }
  if (shape === 'circle') return [[num(node.cx), num(node.cy)], [num(node.r)]];
  return points(node);
}

const finite = (v: unknown): boolean => (Array.isArray(v) ? v.every(finite) : typeof v === 'number' && Number.isFinite(v));

export interface VersionVoc {
  size?: [number, number, number];
  labels: SampleLabel[];
}

/** Labels of one version VOC document, typed `labelType`. Objects that do not parse are left out. */
export function readVersionVoc(xml: string, labelType: number): VersionVoc {
  const doc = parser.parse(xml) as { annotation?: Node };
  const root = doc.annotation ?? {};
  const sizeNode = (root.size ?? {}) as Node;
  const [w, h, d] = [num(sizeNode.width), num(sizeNode.height), num(sizeNode.depth)];
  const size: [number, number, number] | undefined = w > 0 && h > 0 ? [w, h, d > 0 ? d : 3] : undefined;
  const labels: SampleLabel[] = [];
  for (const raw of (root.object as Node[] | undefined) ?? []) {
    const shape = SHAPES.find((s) => raw[s] !== undefined && typeof raw[s] === 'object');
    const name = typeof raw.name === 'string' ? decode(raw.name) : undefined;
    if (!shape || !name) continue;
    const f = feature(shape, raw[shape] as Node);
    if (!finite(f)) continue;
    const property: Record<string, unknown> = { '@modelarts:shape': shape, '@modelarts:feature': f };
    for (const flag of ['truncated', 'occluded', 'difficult'] as const) if (raw[flag] === '1') property[`@modelarts:${flag}`] = true;
    if (raw.hard !== undefined) property['@modelarts:hard'] = raw.hard === '1';
    if (raw['hard-coefficient'] !== undefined) property['@modelarts:hard_coefficient'] = num(raw['hard-coefficient']);
    const label: SampleLabel = { name, type: labelType, property };
    if (raw.confidence !== undefined && Number.isFinite(num(raw.confidence))) label.score = num(raw.confidence);
    labels.push(label);
  }
  return { size, labels };
}
