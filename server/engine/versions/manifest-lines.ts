import type { SampleLabel } from '../../contract/sample.js';

/**
 * One line of a version manifest, as ModelArts writes it:
 * `{"source":"s3://bucket/key","usage":"TRAIN","id":"<sample id>","annotation":[…],"sample-type":0}`.
 * Classification annotations are inline (`name`, `property`); detection and segmentation annotations point
 * to a Pascal VOC file (`annotation-loc`, `annotation-format`).
 */

/** Annotation `type` per dataset type: the dataset types a version can be published for. */
export const ANNOTATION_TYPES: Readonly<Record<number, string>> = {
  0: 'modelarts/image_classification',
  1: 'modelarts/object_detection',
  3: 'modelarts/image_segmentation',
};
export const usesVocFiles = (datasetType: number) => datasetType === 1 || datasetType === 3;

/** Prefixes a manifest may name objects with (E2 `source_type_header`). */
export type SourceHeader = 's3://' | 'obs://';

/** `/bucket/key` → `s3://bucket/key` (manifests name objects the way OBS's S3 API does), or `obs://bucket/key`. */
export const sourceUri = (objectPath: string, header: SourceHeader = 's3://') => `${header}${objectPath.replace(/^\//, '')}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-MM-dd HH:mm:ss` in UTC. */
export function manifestTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const HARD_KEY = /^@modelarts:hard/;

/** A property map without the `@modelarts:hard*` keys (what `clear_hard_property` removes). */
export function withoutHard(property: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(property).filter(([k]) => !HARD_KEY.test(k)));
}

export interface AnnotationContext {
  type: string;
  /** The sample's last labeling time, as `creation-time`. */
  time: string;
  clearHard: boolean;
}

/** Inline annotations, one per label (classification). */
export function inlineAnnotations(labels: readonly SampleLabel[], a: AnnotationContext): Record<string, unknown>[] {
  return labels.map((l) => {
    const property = a.clearHard ? withoutHard(l.property ?? {}) : (l.property ?? {});
    return {
      type: a.type,
      name: l.name,
      'annotated-by': l.annotated_by ?? 'human',
      'creation-time': a.time,
      ...(Object.keys(property).length > 0 ? { property } : {}),
      ...(l.score !== undefined ? { confidence: l.score } : {}),
    };
  });
}

/** The one annotation of a detection / segmentation sample: its VOC file. */
export function fileAnnotation(loc: string, labels: readonly SampleLabel[], a: AnnotationContext): Record<string, unknown> {
  // Labels confirmed from auto-labeling keep saying so, as ModelArts does for the sample.
  const by = labels.length > 0 && labels.every((l) => l.annotated_by && l.annotated_by !== 'human') ? labels[0].annotated_by : 'human';
  return {
    type: a.type,
    'annotation-loc': loc,
    'annotation-format': 'PASCAL VOC',
    'annotated-by': by,
    'creation-time': a.time,
  };
}

export interface ManifestLineInput {
  objectPath: string;
  id: string;
  sampleType: number;
  usage?: string;
  annotations?: Record<string, unknown>[];
  /** Sample-level hard-example fields (kept when `clear_hard_property` is false). */
  metadata?: Record<string, unknown>;
  /** Prefix of `source` (default `s3://`). */
  sourceHeader?: SourceHeader;
}

const isHard = (v: unknown) => v === 1 || v === true || v === '1' || v === 'true';

/** The JSON line (without its newline). */
export function manifestLine(s: ManifestLineInput): string {
  const line: Record<string, unknown> = { source: sourceUri(s.objectPath, s.sourceHeader) };
  if (s.usage) line.usage = s.usage;
  line.id = s.id;
  if (s.metadata && s.metadata['@modelarts:hard'] !== undefined) {
    line.hard = String(isHard(s.metadata['@modelarts:hard']));
    const coefficient = Number(s.metadata['@modelarts:hard_coefficient']);
    if (s.metadata['@modelarts:hard_coefficient'] !== undefined && Number.isFinite(coefficient)) line['hard-coefficient'] = coefficient;
  }
  if (s.annotations && s.annotations.length > 0) line.annotation = s.annotations;
  line['sample-type'] = s.sampleType;
  return JSON.stringify(line);
}
