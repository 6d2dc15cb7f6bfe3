import { describe, expect, it } from 'vitest';
import { vocXml } from './test-fixtures.js';
import { parseVoc } from './voc.js';

const size = { width: 100, height: 80 };

describe('Pascal VOC parsing', () => {
  it('turns each object into a bndbox label with its corners and flags', () => {
    const xml = vocXml('1.jpg', size, [
      { name: 'cat', box: [10, 5, 60, 70], difficult: 1, occluded: 0 },
      { name: ' dog ', box: [0, 0, 100, 80] },
    ]);
    const { labels, invalid } = parseVoc(xml, size, 1);
    expect(invalid).toEqual([]);
    expect(labels).toEqual([
      {
        name: 'cat',
        type: 1,
        property: {
          '@modelarts:shape': 'bndbox',
          '@modelarts:feature': [
            [10, 5],
            [60, 70],
          ],
          '@modelarts:difficult': true,
          '@modelarts:occluded': false,
        },
      },
      { name: 'dog', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[0, 0], [100, 80]] } },
    ]);
  });

  it('keeps fractional coordinates', () => {
    const { labels } = parseVoc(vocXml('1.jpg', size, [{ name: 'cat', box: [1.5, 2.25, 30.5, 40] }]), size, 1);
    expect(labels[0].property?.['@modelarts:feature']).toEqual([
      [1.5, 2.25],
      [30.5, 40],
    ]);
  });

  it.each([
    ['inverted', [50, 10, 20, 30]],
    ['empty', [10, 10, 10, 30]],
    ['wider than the image', [10, 10, 101, 30]],
    ['negative', [-1, 10, 20, 30]],
  ] as const)('skips and reports a box that is %s', (_why, box) => {
    const xml = vocXml('1.jpg', size, [{ name: 'ok', box: [1, 1, 2, 2] }, { name: 'bad', box: [...box] }]);
    const { labels, invalid } = parseVoc(xml, size, 1);
    expect(labels.map((l) => l.name)).toEqual(['ok']);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toContain('bad');
  });

  it('skips objects without a box or a name', () => {
    const xml = vocXml('1.jpg', size, [{ name: 'nobox' }, { name: '', box: [1, 1, 2, 2] }]);
    const { labels, invalid } = parseVoc(xml, size, 1);
    expect(labels).toEqual([]);
    expect(invalid).toHaveLength(2);
  });

  it('reads a file with a single object, and one with none', () => {
    expect(parseVoc(vocXml('1.jpg', size, [{ name: 'cat', box: [1, 1, 5, 5] }]), size, 1).labels).toHaveLength(1);
    expect(parseVoc(vocXml('1.jpg', size, []), size, 1)).toMatchObject({ labels: [], invalid: [] });
  });

  it('rejects XML that is not well formed or not an annotation', () => {
    expect(() => parseVoc('<annotation><object>', size, 1)).toThrow(/well-formed/);
    expect(() => parseVoc('<foo/>', size, 1)).toThrow(/annotation/);
  });
});

describe('VOC text with XML entities', () => {
  it('decodes the predefined entities in label names', () => {
    const xml = '<annotation><object><name>dog &amp; co &lt;3 &#x4E2D;</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>';
    const { labels } = parseVoc(xml, { width: 10, height: 10 }, 1);
    expect(labels[0].name).toBe('dog & co <3 中');
  });
});

describe('Pascal VOC shapes other than bndbox', () => {
  const doc = (objects: string) =>
    `<annotation><size><width>100</width><height>80</height><depth>3</depth></size>${objects}</annotation>`;

  it('reads polygons, circles and points as ModelArts writes them, and the file size', () => {
    const xml = doc(
      '<object><name>lake</name><polygon><x1>1</x1><y1>2</y1><x2>50</x2><y2>2</y2><x3>25</x3><y3>40</y3></polygon></object>' +
        '<object><name>ball</name><difficult>0</difficult><circle><cx>20</cx><cy>20</cy><r>5</r></circle></object>' +
        '<object><name>eye</name><truncated>1</truncated><point><x1>3</x1><y1>4</y1></point></object>',
    );
    const { labels, invalid, size: fileSize } = parseVoc(xml, size, 1);
    expect(invalid).toEqual([]);
    expect(fileSize).toEqual([100, 80, 3]);
    expect(labels.map((l) => [l.name, l.property?.['@modelarts:shape'], l.property?.['@modelarts:feature']])).toEqual([
      ['lake', 'polygon', [[1, 2], [50, 2], [25, 40]]],
      ['ball', 'circle', [[20, 20], [5]]],
      ['eye', 'point', [[3, 4]]],
    ]);
    expect(labels[1].property?.['@modelarts:difficult']).toBe(false);
    expect(labels[2].property?.['@modelarts:truncated']).toBe(true);
  });

  it('skips a polygon with too few points or outside the image, and non-polygons in a segmentation dataset', () => {
    const xml = doc(
      '<object><name>a</name><polygon><x1>1</x1><y1>2</y1><x2>50</x2><y2>2</y2></polygon></object>' +
        '<object><name>b</name><polygon><x1>1</x1><y1>2</y1><x2>500</x2><y2>2</y2><x3>25</x3><y3>40</y3></polygon></object>' +
        '<object><name>c</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>',
    );
    expect(parseVoc(xml, size, 1).invalid).toHaveLength(2);
    const segmentation = parseVoc(xml, size, 3);
    expect(segmentation.labels).toEqual([]);
    expect(segmentation.invalid[2]).toContain('no <polygon>');
  });
});
