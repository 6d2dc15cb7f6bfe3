import type { SampleLabel } from '@contract/sample';
import { finishPolygon, normalizeBox, type Point, type Size } from './geometry';

export type ShapeKind = 'bndbox' | 'polygon';
export const EDITABLE_SHAPES: readonly string[] = ['bndbox', 'polygon'];

export interface EditorShape {
  id: string;
  kind: ShapeKind;
  label: string;
  points: Point[];
  /** The label this shape was read from: its other fields (score, hard flags …) are written back unchanged. */
  origin?: SampleLabel;
}

/**
 * What the editor edits on one sample. `classes`: whole-image labels (classification); `shapes`: boxes and
 * polygons (detection, segmentation); `kept`: annotations this editor cannot edit (other shapes, or
 * whole-image labels in a detection dataset). S3 replaces a sample's whole label list, so `kept` is
 * written back as it was read.
 */
export interface AnnotationDoc {
  classes: string[];
  shapes: EditorShape[];
  kept: SampleLabel[];
}

export type EditorKind = 'classification' | 'detection';

let lastId = 0;
export const newShapeId = () => `shape-${++lastId}`;

const isPoint = (p: unknown): p is Point =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** A stored shape as the editor holds it, its points clamped and rounded; null when it has no usable geometry. */
function readShape(label: SampleLabel, size: Size): EditorShape | null {
  const kind = label.property?.['@modelarts:shape'] ?? 'bndbox';
  const feature = label.property?.['@modelarts:feature'];
  if (!EDITABLE_SHAPES.includes(String(kind)) || !Array.isArray(feature) || !feature.every(isPoint)) return null;
  const raw = feature.map((p) => [p[0], p[1]] as Point);
  const points = kind === 'bndbox' ? (raw.length === 2 ? normalizeBox(raw[0], raw[1], size) : null) : finishPolygon(raw, size);
  return points ? { id: newShapeId(), kind: kind as ShapeKind, label: label.name, points, origin: label } : null;
}

export function docFromLabels(labels: SampleLabel[], kind: EditorKind, size: Size): AnnotationDoc {
  const doc: AnnotationDoc = { classes: [], shapes: [], kept: [] };
  for (const label of labels) {
    const hasGeometry = label.property?.['@modelarts:feature'] !== undefined;
    if (kind === 'classification') {
      if (!hasGeometry && !doc.classes.includes(label.name)) doc.classes.push(label.name);
      else if (hasGeometry) doc.kept.push(label);
      continue;
    }
    const shape = hasGeometry ? readShape(label, size) : null;
    if (shape) doc.shapes.push(shape);
    else doc.kept.push(label);
  }
  return doc;
}

/** The full label list S3 stores for the document; `typeOf` gives each label name's label type. */
export function labelsFromDoc(doc: AnnotationDoc, typeOf: (name: string) => number): SampleLabel[] {
  const classes = doc.classes.map((name): SampleLabel => ({ name, type: typeOf(name) }));
  const shapes = doc.shapes.map((s): SampleLabel => {
    const { property, ...rest } = s.origin ?? {};
    return {
      ...rest,
      name: s.label,
      type: typeOf(s.label),
      property: { ...property, '@modelarts:shape': s.kind, '@modelarts:feature': s.points.map(([x, y]) => [x, y]) },
    };
  });
  return [...classes, ...shapes, ...doc.kept];
}

// Edits: each returns a new document (or the same one when nothing changes, which the history ignores).

export const addShape = (doc: AnnotationDoc, shape: EditorShape): AnnotationDoc => ({ ...doc, shapes: [...doc.shapes, shape] });

export function updateShape(doc: AnnotationDoc, id: string, patch: Partial<Pick<EditorShape, 'points' | 'label'>>): AnnotationDoc {
  const current = doc.shapes.find((s) => s.id === id);
  if (!current) return doc;
  const samePoints = !patch.points || JSON.stringify(patch.points) === JSON.stringify(current.points);
  const sameLabel = patch.label === undefined || patch.label === current.label;
  if (samePoints && sameLabel) return doc;
  return { ...doc, shapes: doc.shapes.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
}

export function removeShape(doc: AnnotationDoc, id: string): AnnotationDoc {
  return doc.shapes.some((s) => s.id === id) ? { ...doc, shapes: doc.shapes.filter((s) => s.id !== id) } : doc;
}

export type ClassMode = 'single' | 'multi';

/** A label key in classification: single-label replaces the labels, multi-label toggles this one. */
export function applyClass(doc: AnnotationDoc, name: string, mode: ClassMode): AnnotationDoc {
  if (mode === 'single') {
    return doc.classes.length === 1 && doc.classes[0] === name ? doc : { ...doc, classes: [name] };
  }
  const classes = doc.classes.includes(name) ? doc.classes.filter((c) => c !== name) : [...doc.classes, name];
  return { ...doc, classes };
}

export const clearClasses = (doc: AnnotationDoc): AnnotationDoc => (doc.classes.length === 0 ? doc : { ...doc, classes: [] });
