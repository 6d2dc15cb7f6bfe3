import { readFile, stat } from 'node:fs/promises';
import { LabelName } from '../../contract/label.js';
import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { cocoLabels } from './coco.js';
import type { CocoIndex } from './coco-index.js';
import { IMAGE_FILE, vocPathCandidates, type ImageSize } from './image-files.js';
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
  /** COCO objects by image object path (dir imports). */
  coco?: CocoIndex;
  stats: ImportStats;
  /** `.xml` object paths by lower-case base name, built on first use. */
  xmlByBase?: Map<string, string[]>;
}

/**
 * The labels of an image: its manifest line's annotations when it has some (they win); else for
 * classification its COCO categories, else the folder holding it; for detection the Pascal VOC file beside
 * it (or in a sibling folder such as `Annotations/`), else its COCO objects; for segmentation its COCO
 * polygons.
 */
export async function labelsFor(a: AnnotationContext, image: ImageCandidate, size: ImageSize): Promise<SampleLabel[]> {
  if (image.manifest?.annotations.length) return fromManifest(a, image, size);
  const coco = a.coco?.get(image.objectPath);
  if (coco && a.labelType === 0) return fromCoco(a, image, size);
  if (a.labelType === 0 && image.folder !== undefined) {
    const name = LabelName.safeParse(image.folder);
    if (name.success) return [{ name: name.data, type: 0 }];
    a.stats.annotationInvalid(image.objectPath, `folder name ${JSON.stringify(image.folder)} is not a valid label name`);
    return [];
  }
  if (a.labelType === 1) {
    const voc = findVoc(a, image.objectPath);
    if (voc) return readVoc(a, voc, size);
  }
  if (coco && (a.labelType === 1 || a.labelType === 3)) return fromCoco(a, image, size);
  return [];
}

function fromCoco(a: AnnotationContext, image: ImageCandidate, size: ImageSize): SampleLabel[] {
  const { labels, invalid, crowd } = cocoLabels(a.coco!.get(image.objectPath)!, { width: size[0], height: size[1] }, a.labelType);
  for (const why of invalid) a.stats.annotationInvalid(image.objectPath, `COCO ${why}`);
  if (crowd > 0) {
    a.stats.annotationInvalid(image.objectPath, `${crowd} COCO crowd region(s) (iscrowd, RLE masks) skipped: not a shape this console draws`, crowd);
  }
  return labels;
}

const folderOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);
const parentOf = (folder: string) => folderOf(folder.slice(0, -1));

/**
 * The Pascal VOC file of an image: beside it with the same base name, else in a folder beside the image's
 * folder (the VOC tree `JPEGImages/1.jpg` + `Annotations/1.xml`) or in an `Annotations/` folder below it.
 */
function findVoc(a: AnnotationContext, imagePath: string): string | undefined {
  const beside = vocPathCandidates(imagePath).find((p) => a.xmlFiles.has(p));
  if (beside || a.xmlFiles.size === 0) return beside;
  if (!a.xmlByBase) {
    a.xmlByBase = new Map();
    for (const p of a.xmlFiles) {
      const base = p.slice(p.lastIndexOf('/') + 1).replace(/\.xml$/i, '').toLowerCase();
      const list = a.xmlByBase.get(base);
      if (list) list.push(p);
      else a.xmlByBase.set(base, [p]);
    }
  }
  const base = imagePath.slice(imagePath.lastIndexOf('/') + 1).replace(IMAGE_FILE, '').toLowerCase();
  const folder = folderOf(imagePath);
  const parent = parentOf(folder);
  const found = (a.xmlByBase.get(base) ?? []).filter((p) => {
    const xmlFolder = folderOf(p);
    return (xmlFolder !== folder && parentOf(xmlFolder) === parent && folder !== parent) || parentOf(xmlFolder) === folder;
  });
  // Prefer a folder named Annotations when several qualify.
  return found.find((p) => /\/annotations\/[^/]*$/i.test(p)) ?? found[0];
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
