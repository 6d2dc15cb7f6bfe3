import { describe, expect, it } from 'vitest';
import { ModelArtsError } from '../../contract/errors.js';
import type { SampleLabel } from '../../contract/sample.js';
import { imageSizeOf, validateSampleLabels, type AnnotationTarget, type Shape } from './annotations.js';

const detection: AnnotationTarget = { datasetType: 1, labels: new Map([['car', { name: 'car', type: 1 }]]) };
const classification: AnnotationTarget = {
  datasetType: 0,
  labels: new Map([
    ['cat', { name: 'cat', type: 0 }],
    ['dog', { name: 'dog', type: 0 }],
  ]),
};
const segmentation: AnnotationTarget = { datasetType: 3, labels: new Map([['road', { name: 'road', type: 3 }]]) };
const SIZE: [number, number] = [100, 80];

const shapeLabel = (shape: string, feature: unknown): SampleLabel => ({
  name: 'car',
  property: { '@modelarts:shape': shape, '@modelarts:feature': feature },
});

function errorOf(fn: () => unknown): ModelArtsError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof ModelArtsError) return err;
    throw err;
  }
}

// Each shape: features that must pass and features that must be refused (§1 coordinate rules).
const TABLE: [Shape, unknown[], unknown[]][] = [
  [
    'bndbox',
    [
      [
        [0, 0],
        [100, 80],
      ],
      [
        [10.5, 20],
        [11, 21],
      ],
    ],
    [
      [
        [10, 10],
        [5, 20],
      ],
      [
        [10, 10],
        [20, 10],
      ],
      [
        [-1, 0],
        [5, 5],
      ],
      [
        [0, 0],
        [101, 50],
      ],
      [[0, 0]],
      [
        [0, 0],
        [5, 5],
        [6, 6],
      ],
      'box',
      [
        [0, '0'],
        [5, 5],
      ],
    ],
  ],
  [
    'polygon',
    [
      [
        [0, 0],
        [10, 0],
        [5, 8],
      ],
      [
        [1, 1],
        [99, 1],
        [99, 79],
        [1, 79],
      ],
    ],
    [
      [
        [0, 0],
        [10, 0],
      ],
      [
        [0, 0],
        [10, 0],
        [5, 81],
      ],
      [
        [0, 0],
        [10, 0],
        [5, Number.NaN],
      ],
    ],
  ],
  [
    'polyline',
    [
      [
        [0, 0],
        [10, 10],
        [20, 5],
      ],
    ],
    [
      [
        [0, 0],
        [10, 10],
      ],
      [
        [0, 0],
        [-10, 10],
        [20, 5],
      ],
    ],
  ],
  ['circle', [[[50, 40], [10]], [[0, 0], [0.5]]], [[[50, 40], [0]], [[50, 40], [-3]], [[50, 40]], [[101, 40], [5]], [[50, 40], [5, 6]]]],
  [
    'line',
    [
      [
        [0, 0],
        [100, 80],
      ],
    ],
    [
      [[0, 0]],
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      [
        [0, 0],
        [100, 81],
      ],
    ],
  ],
  [
    'dashed',
    [
      [
        [5, 5],
        [6, 6],
      ],
    ],
    [[[5, 5]], [[5, 5], [-6, 6]]],
  ],
  ['point', [[[0, 0]], [[100, 80]]], [[], [[1, 1], [2, 2]], [[100.5, 1]], [[1, -0.1]]]],
];

describe('detection shapes (§1 coordinates, origin top-left, within the image)', () => {
  for (const [shape, valid, invalid] of TABLE) {
    it.each(valid.map((f) => [JSON.stringify(f), f]))(`${shape} %s is accepted`, (_text, feature) => {
      const [stored] = validateSampleLabels(detection, { name: 'a.jpg', size: SIZE }, [shapeLabel(shape, feature)]);
      expect(stored).toEqual({ ...shapeLabel(shape, feature), type: 1 });
    });
    it.each(invalid.map((f) => [JSON.stringify(f), f]))(`${shape} %s is refused with 0107 naming the sample and shape`, (_text, feature) => {
      const err = errorOf(() => validateSampleLabels(detection, { name: 'a.jpg', size: SIZE }, [shapeLabel(shape, feature)]));
      expect(err?.code).toBe('0107');
      expect(err?.message).toContain('Sample a.jpg, label 1 (car)');
      expect(err?.message).toContain(shape);
    });
  }

  it('refuses an unknown shape, a label without a shape and a shape on an image of unknown size', () => {
    expect(errorOf(() => validateSampleLabels(detection, { name: 'a.jpg', size: SIZE }, [shapeLabel('triangle', [[0, 0]])]))?.code).toBe('0107');
    expect(errorOf(() => validateSampleLabels(detection, { name: 'a.jpg', size: SIZE }, [{ name: 'car' }]))?.code).toBe('0107');
    expect(errorOf(() => validateSampleLabels(detection, { name: 'a.jpg' }, [shapeLabel('point', [[1, 1]])]))?.code).toBe('4423');
  });

  it('refuses a label the dataset does not have with 4410', () => {
    const err = errorOf(() => validateSampleLabels(detection, { name: 'a.jpg', size: SIZE }, [{ ...shapeLabel('point', [[1, 1]]), name: 'bus' }]));
    expect(err?.code).toBe('4410');
    expect(err?.message).toContain('bus');
  });
});

describe('classification and segmentation', () => {
  it('takes one or several distinct labels, sets their type, and refuses repeats, shapes and unknown labels', () => {
    expect(validateSampleLabels(classification, { name: 'x.png' }, [{ name: 'cat' }])).toEqual([{ name: 'cat', type: 0 }]);
    expect(validateSampleLabels(classification, { name: 'x.png' }, [{ name: 'cat' }, { name: 'dog', score: 0.4 }])).toEqual([
      { name: 'cat', type: 0 },
      { name: 'dog', type: 0, score: 0.4 },
    ]);
    expect(errorOf(() => validateSampleLabels(classification, { name: 'x.png' }, [{ name: 'cat' }, { name: 'cat' }]))?.code).toBe('0107');
    expect(errorOf(() => validateSampleLabels(classification, { name: 'x.png', size: SIZE }, [{ name: 'cat', property: { '@modelarts:shape': 'bndbox' } }]))?.code).toBe(
      '4413',
    );
    expect(errorOf(() => validateSampleLabels(classification, { name: 'x.png' }, [{ name: 'cow' }]))?.code).toBe('4410');
  });

  it('takes polygons only on segmentation datasets', () => {
    const polygon = { name: 'road', property: { '@modelarts:shape': 'polygon', '@modelarts:feature': [[0, 0], [9, 0], [9, 9]] } };
    expect(validateSampleLabels(segmentation, { name: 's.png', size: SIZE }, [polygon])).toHaveLength(1);
    const box = { name: 'road', property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[0, 0], [9, 9]] } };
    expect(errorOf(() => validateSampleLabels(segmentation, { name: 's.png', size: SIZE }, [box]))?.code).toBe('0107');
  });
});

describe('imageSizeOf', () => {
  it('reads [w, h] from @modelarts:size and ignores anything else', () => {
    expect(imageSizeOf({ '@modelarts:size': [640, 480, 3] })).toEqual([640, 480]);
    expect(imageSizeOf({ '@modelarts:size': [0, 480] })).toBeUndefined();
    expect(imageSizeOf({ '@modelarts:size': 'big' })).toBeUndefined();
    expect(imageSizeOf({})).toBeUndefined();
  });
});
