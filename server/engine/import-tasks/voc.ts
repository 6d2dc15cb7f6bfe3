import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SampleLabel } from '../../contract/sample.js';
import { LabelName } from '../../contract/label.js';

/** Labels read from one Pascal VOC file, and why the objects that were skipped were skipped. */
export interface VocLabels {
  labels: SampleLabel[];
  invalid: string[];
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

/**
 * Reads the `bndbox` objects of a Pascal VOC annotation. Boxes are checked against the image's real size
 * (`width` × `height`, not the file's `<size>`, which tools often get wrong): an object whose box is
 * missing, empty, inverted or outside the image is skipped and reported. `difficult` and `occluded` are
 * kept as the label's `@modelarts:difficult` / `@modelarts:occluded` properties.
 * Throws when the XML itself is not well formed.
 */
export function parseVoc(xml: string, image: { width: number; height: number }, labelType: number): VocLabels {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = parser.parse(xml) as { annotation?: { object?: unknown[] } };
  if (!doc.annotation || typeof doc.annotation !== 'object') throw new Error('no <annotation> element');
  const labels: SampleLabel[] = [];
  const invalid: string[] = [];
  (doc.annotation.object ?? []).forEach((raw, i) => {
    const obj = (raw ?? {}) as Record<string, unknown>;
    const name = LabelName.safeParse(text(obj.name)?.trim());
    if (!name.success) {
      invalid.push(`object ${i + 1}: missing or invalid <name>`);
      return;
    }
    const box = obj.bndbox as Record<string, unknown> | undefined;
    if (!box || typeof box !== 'object') {
      invalid.push(`object ${i + 1} (${name.data}): no <bndbox>`);
      return;
    }
    const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => Number(text(box[k]) ?? NaN));
    const inside =
      [xmin, ymin, xmax, ymax].every(Number.isFinite) &&
      xmin >= 0 && ymin >= 0 && xmin < xmax && ymin < ymax && xmax <= image.width && ymax <= image.height;
    if (!inside) {
      invalid.push(
        `object ${i + 1} (${name.data}): box [${xmin},${ymin},${xmax},${ymax}] is empty or outside the ${image.width}×${image.height} image`,
      );
      return;
    }
    const property: Record<string, unknown> = {
      '@modelarts:shape': 'bndbox',
      '@modelarts:feature': [
        [xmin, ymin],
        [xmax, ymax],
      ],
    };
    const difficult = flag(obj.difficult);
    const occluded = flag(obj.occluded);
    if (difficult !== undefined) property['@modelarts:difficult'] = difficult;
    if (occluded !== undefined) property['@modelarts:occluded'] = occluded;
    labels.push({ name: name.data, type: labelType, property });
  });
  return { labels, invalid };
}
