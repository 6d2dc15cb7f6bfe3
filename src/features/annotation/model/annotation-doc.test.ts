import { describe, expect, it } from 'vitest';
import type { SampleLabel } from '@contract/sample';
import { addShape, applyClass, docFromLabels, labelsFromDoc, newShapeId, removeShape, updateShape } from './annotation-doc';

const size = { width: 200, height: 100 };
const box = (name: string, feature: number[][], extra: Record<string, unknown> = {}): SampleLabel => ({
  name,
  type: 1,
  property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': feature, ...extra },
});
const typeOf = (name: string) => (name === 'cat' ? 0 : 1);

describe('annotation document', () => {
  it('reads boxes and polygons, keeps what it cannot edit, and writes everything back', () => {
    const circle: SampleLabel = { name: 'ball', type: 1, property: { '@modelarts:shape': 'circle', '@modelarts:feature': [[5, 5], [3]] } };
    const labels = [box('car', [[10, 10], [50, 40]], { '@modelarts:hard': '1' }), circle];
    const doc = docFromLabels(labels, 'detection', size);
    expect(doc.shapes).toHaveLength(1);
    expect(doc.kept).toEqual([circle]);
    expect(labelsFromDoc(doc, typeOf)).toEqual(labels);
  });

  it('repairs stored boxes that are reversed or outside the image', () => {
    const doc = docFromLabels([box('car', [[250, 80], [150.4, -3]])], 'detection', size);
    expect(doc.shapes[0].points).toEqual([
      [150, 0],
      [200, 80],
    ]);
  });

  it('treats whole-image labels as classes in classification', () => {
    const doc = docFromLabels([{ name: 'cat', type: 0 }, { name: 'cat', type: 0 }, box('car', [[1, 1], [9, 9]])], 'classification', size);
    expect(doc.classes).toEqual(['cat']);
    expect(doc.kept).toHaveLength(1);
  });

  it('replaces in single-label mode and toggles in multi-label mode', () => {
    const empty = docFromLabels([], 'classification', size);
    const one = applyClass(empty, 'cat', 'single');
    expect(applyClass(one, 'dog', 'single').classes).toEqual(['dog']);
    expect(applyClass(one, 'cat', 'single')).toBe(one);
    const two = applyClass(one, 'dog', 'multi');
    expect(two.classes).toEqual(['cat', 'dog']);
    expect(applyClass(two, 'cat', 'multi').classes).toEqual(['dog']);
  });

  it('edits shapes immutably and ignores edits that change nothing', () => {
    const doc = docFromLabels([], 'detection', size);
    const id = newShapeId();
    const one = addShape(doc, { id, kind: 'bndbox', label: 'car', points: [[1, 1], [9, 9]] });
    expect(updateShape(one, id, { points: [[1, 1], [9, 9]] })).toBe(one);
    const relabeled = updateShape(one, id, { label: 'bus' });
    expect(relabeled.shapes[0].label).toBe('bus');
    expect(one.shapes[0].label).toBe('car');
    expect(labelsFromDoc(relabeled, typeOf)).toEqual([box('bus', [[1, 1], [9, 9]])]);
    expect(removeShape(relabeled, id).shapes).toEqual([]);
    expect(removeShape(doc, 'nope')).toBe(doc);
  });
});
