import { describe, expect, it } from 'vitest';
import { cocoLabels, parseCoco } from './coco.js';

const size = { width: 100, height: 80 };
const doc = (annotations: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    images: [
      { id: 1, file_name: 'a.jpg', width: 100, height: 80 },
      { id: 2, file_name: 'sub/b.png', width: 100, height: 80 },
    ],
    categories: [
      { id: 7, name: 'cat' },
      { id: 9, name: 'dog' },
    ],
    annotations,
    ...extra,
  });

describe('COCO parsing', () => {
  it('groups the annotations by image with their category names', () => {
    const coco = parseCoco(
      doc([
        { id: 1, image_id: 1, category_id: 7, bbox: [10, 5, 30, 20], iscrowd: 0, segmentation: [] },
        { id: 2, image_id: 1, category_id: 9, bbox: [0, 0, 10, 10], segmentation: [[1, 1, 9, 1, 9, 9, 1, 9, 2, 5]] },
      ]),
    );
    expect(coco?.images).toEqual([
      {
        fileName: 'a.jpg',
        objects: [
          { category: 'cat', bbox: [10, 5, 30, 20], polygons: [], crowd: false },
          { category: 'dog', bbox: [0, 0, 10, 10], polygons: [[1, 1, 9, 1, 9, 9, 1, 9, 2, 5]], crowd: false },
        ],
      },
      { fileName: 'sub/b.png', objects: [] },
    ]);
    expect(coco?.invalid).toEqual([]);
  });

  it('is undefined for JSON that is not COCO, and throws on text that is not JSON', () => {
    expect(parseCoco('{"name":"package.json"}')).toBeUndefined();
    expect(parseCoco('[1,2]')).toBeUndefined();
    expect(() => parseCoco('{"images": [')).toThrow();
  });

  it('reports annotations naming an unknown image or category', () => {
    const coco = parseCoco(doc([{ image_id: 5, category_id: 7, bbox: [1, 1, 2, 2] }, { image_id: 1, category_id: 3, bbox: [1, 1, 2, 2] }]));
    expect(coco?.invalid).toEqual([expect.stringContaining('image_id 5'), expect.stringContaining('category_id 3')]);
    expect(coco?.images[0].objects).toEqual([]);
  });
});

describe('COCO objects as labels', () => {
  it('makes a bndbox of [x, y, w, h] and a polygon of each segmentation ring (detection)', () => {
    const { labels, invalid, crowd } = cocoLabels(
      [
        { category: 'cat', bbox: [10, 5, 30, 20], polygons: [], crowd: false },
        { category: 'dog', bbox: [1, 1, 8, 8], polygons: [[1, 1, 9, 1, 9, 9, 2, 5]], crowd: false },
        // A ring that is just the box, as exporters write it: still a box.
        { category: 'cat', bbox: [20, 20, 10, 10], polygons: [[20, 20, 30, 20, 30, 30, 20, 30]], crowd: false },
      ],
      size,
      1,
    );
    expect(invalid).toEqual([]);
    expect(crowd).toBe(0);
    expect(labels).toEqual([
      { name: 'cat', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[10, 5], [40, 25]] } },
      { name: 'dog', type: 1, property: { '@modelarts:shape': 'polygon', '@modelarts:feature': [[1, 1], [9, 1], [9, 9], [2, 5]] } },
      { name: 'cat', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[20, 20], [30, 30]] } },
    ]);
  });

  it('skips crowd regions and counts them; reports boxes outside the image; fits rounding overshoot', () => {
    const { labels, invalid, crowd } = cocoLabels(
      [
        { category: 'cat', bbox: [0, 0, 5, 5], polygons: [], crowd: true },
        { category: 'cat', bbox: [90, 10, 30, 10], polygons: [], crowd: false },
        { category: 'dog', bbox: [60, 40, 40.4, 40.3], polygons: [], crowd: false },
        { category: 'dog', polygons: [], crowd: false },
      ],
      size,
      1,
    );
    expect(crowd).toBe(1);
    expect(invalid).toEqual([expect.stringContaining('outside'), expect.stringContaining('neither a bbox nor a polygon')]);
    expect(labels).toEqual([{ name: 'dog', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[60, 40], [100, 80]] } }]);
  });

  it('takes category names for classification and polygons only for segmentation', () => {
    const objects = [
      { category: 'cat', bbox: [1, 1, 5, 5] as [number, number, number, number], polygons: [], crowd: false },
      { category: 'cat', bbox: [1, 1, 5, 5] as [number, number, number, number], polygons: [[1, 1, 5, 1, 3, 4]], crowd: false },
      { category: 'dog', polygons: [], crowd: true },
    ];
    expect(cocoLabels(objects, size, 0).labels).toEqual([{ name: 'cat', type: 0 }, { name: 'dog', type: 0 }]);
    const seg = cocoLabels(objects, size, 3);
    expect(seg.labels.map((l) => l.property?.['@modelarts:shape'])).toEqual(['polygon']);
    expect(seg.invalid).toEqual([expect.stringContaining('segmentation dataset takes polygons')]);
    expect(seg.crowd).toBe(1);
  });
});
