import { readFile, stat } from 'node:fs/promises';
import { LabelName } from '../../contract/label.js';
import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { vocPathCandidates, type ImageSize } from './image-files.js';
import type { ImportStats } from './import-stats.js';
import type { ManifestAnnotation } from './manifest.js';
import type { ImageCandidate } from './sources.js';
import { parseVoc } from './voc.js';

const CLASSIFICATION = 'modelarts/image_classification';
const DETECTION = 'modelarts/object_detection';
const MAX_VOC_BYTES = 5 * 1024 * 1024;

/** Which annotations of an import may carry, by dataset type. */
const ANNOTATION_TYPE_OF: Record<number, string | undefined> = { 0: CLASSIFICATION, 1: DETECTION };

export interface AnnotationContext {
  ctx: EngineContext;
  /** The dataset's type, which is also the type of its labels. */
  labelType: number;
  xmlFiles: Set<string>;
  stats: ImportStats;
}

/**
 * The labels of an image: its manifest line's annotations when it has some (they win), else for
 * classification the folder holding it, else for detection the Pascal VOC file beside it.
 */
export async function labelsFor(a: AnnotationContext, image: ImageCandidate, size: ImageSize): Promise<SampleLabel[]> {
  if (image.manifest?.annotations.length) return fromManifest(a, image, size);
  if (a.labelType === 0 && image.folder !== undefined) {
    const name = LabelName.safeParse(image.folder);
    if (name.success) return [{ name: name.data, type: 0 }];
    a.stats.annotationInvalid(image.objectPath, `folder name ${JSON.stringify(image.folder)} is not a valid label name`);
    return [];
  }
  if (a.labelType === 1) {
    const voc = vocPathCandidates(image.objectPath).find((p) => a.xmlFiles.has(p));
    if (voc) return readVoc(a, voc, size);
  }
  return [];
}

async function fromManifest(a: AnnotationContext, image: ImageCandidate, size: ImageSize): Promise<SampleLabel[]> {
  const labels: SampleLabel[] = [];
  for (const ann of image.manifest!.annotations) {
    const expected = ANNOTATION_TYPE_OF[a.labelType];
    if (ann.type !== expected) {
      const why = expected ? `this dataset takes ${expected}` : 'this dataset type takes no imported annotations';
      a.stats.annotationInvalid(image.objectPath, `annotation type ${JSON.stringify(ann.type)} skipped: ${why}`);
    } else if (ann.type === CLASSIFICATION) {
      const label = classificationLabel(a, image, ann);
      if (label && !labels.some((l) => l.name === label.name)) labels.push(label);
    } else {
      labels.push(...(await detectionLabels(a, image, ann, size)));
    }
  }
  return labels;
}

function classificationLabel(a: AnnotationContext, image: ImageCandidate, ann: ManifestAnnotation): SampleLabel | undefined {
  const name = LabelName.safeParse(ann.name?.trim());
  if (!name.success) {
    a.stats.annotationInvalid(image.objectPath, 'classification annotation without a valid "name"');
    return undefined;
  }
  const label: SampleLabel = { name: name.data, type: 0 };
  if (ann.annotatedBy) label.annotated_by = ann.annotatedBy === 'human' ? 'human' : 'auto';
  if (ann.confidence !== undefined && ann.confidence >= 0 && ann.confidence <= 1) label.score = ann.confidence;
  return label;
}

async function detectionLabels(
  a: AnnotationContext,
  image: ImageCandidate,
  ann: ManifestAnnotation,
  size: ImageSize,
): Promise<SampleLabel[]> {
  const format = (ann.annotationFormat ?? 'PASCAL VOC').toUpperCase().replace(/[^A-Z]/g, '');
  if (format !== 'PASCALVOC') {
    a.stats.annotationInvalid(image.objectPath, `annotation-format ${JSON.stringify(ann.annotationFormat)} is not supported (PASCAL VOC is)`);
    return [];
  }
  if (!ann.annotationLoc) {
    a.stats.annotationInvalid(image.objectPath, 'object_detection annotation without "annotation-loc"');
    return [];
  }
  let loc: string;
  try {
    loc = a.ctx.store.parse(ann.annotationLoc).objectPath;
  } catch (err) {
    a.stats.annotationInvalid(image.objectPath, `annotation-loc: ${(err as Error).message}`);
    return [];
  }
  return readVoc(a, loc, size);
}

/** Reads one VOC file; every object it cannot use is counted, the others become bndbox labels. */
async function readVoc(a: AnnotationContext, objectPath: string, size: ImageSize): Promise<SampleLabel[]> {
  try {
    const ref = a.ctx.store.parse(objectPath);
    a.ctx.store.assertInside(ref.fsPath);
    const st = await stat(ref.fsPath).catch(() => undefined);
    if (!st?.isFile()) throw new Error('file does not exist');
    if (st.size > MAX_VOC_BYTES) throw new Error(`larger than ${MAX_VOC_BYTES} bytes`);
    const { labels, invalid } = parseVoc(await readFile(ref.fsPath, 'utf8'), { width: size[0], height: size[1] }, a.labelType);
    for (const why of invalid) a.stats.annotationInvalid(objectPath, why);
    return labels;
  } catch (err) {
    a.stats.annotationInvalid(objectPath, `Pascal VOC file skipped: ${(err as Error).message}`);
    return [];
  }
}
