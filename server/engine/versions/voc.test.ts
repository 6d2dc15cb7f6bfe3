import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListSamplesResp } from '../../contract/sample.js';
import type { SampleLabel } from '../../contract/sample.js';
import { waitForImport } from '../datasets/test-helpers.js';
import { createTestDataset, newSample, writeTestImage } from '../samples/test-fixtures.js';
import { insertSamples } from '../samples/repository.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { clocked, publishAndWait, readManifest, type Clocked } from './test-helpers.js';

let engine: TestEngine;
let c: Clocked;

beforeAll(async () => {
  engine = await makeTestEngine();
  c = clocked(engine);
});
afterAll(() => engine.close());

const box = (name: string, f: [[number, number], [number, number]], extra: Record<string, unknown> = {}): SampleLabel => ({
  name,
  property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': f, ...extra },
});
const shape = (name: string, kind: string, feature: unknown): SampleLabel => ({
  name,
  property: { '@modelarts:shape': kind, '@modelarts:feature': feature },
});

/** Real 64×64 images with the given labels, in a dataset of `type`. */
async function imageDataset(type: number, specs: { file: string; labels: SampleLabel[] }[]): Promise<string> {
  const datasetId = await createTestDataset(engine.ctx, { type });
  const samples = [];
  for (const spec of specs) {
    const objectPath = await writeTestImage(engine.ctx, `/bucket/det-in/${spec.file}`, 64);
    samples.push(newSample(objectPath, spec.labels, { '@modelarts:size': [64, 64, 3] }));
  }
  insertSamples(engine.ctx, datasetId, samples);
  return datasetId;
}

const xmlParser = new XMLParser({ parseTagValue: false, isArray: (_n, jpath) => jpath === 'annotation.object' });

function readVoc(loc: string): { xml: string; doc: { annotation: Record<string, unknown> & { object?: Record<string, unknown>[] } } } {
  const xml = readFileSync(engine.ctx.store.parse(loc).fsPath, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  return { xml, doc: xmlParser.parse(xml) };
}

describe('detection and segmentation versions', () => {
  it('writes one Pascal VOC file per labeled sample, which an import of the manifest reads back', async () => {
    const labeled: Record<string, SampleLabel[]> = {
      'a.png': [box('cat', [[1, 2], [30, 40]]), box('dog', [[10, 10], [63, 60]], { '@modelarts:difficult': true })],
      'b.png': [box('cat', [[0, 0], [64, 64]]), shape('cat', 'polygon', [[5, 5], [20, 5], [12, 30]])],
    };
    const datasetId = await imageDataset(1, [...Object.entries(labeled).map(([file, labels]) => ({ file, labels })), { file: 'c.png', labels: [] }]);
    const v = await publishAndWait(c, datasetId);
    expect(v).toMatchObject({ status: 1, total_sample_count: 3, annotated_sample_count: 2, task_type: 1 });

    const lines = readManifest(engine, v.manifest_path);
    expect(lines.map((l) => l.source)).toEqual(['s3://bucket/det-in/a.png', 's3://bucket/det-in/b.png', 's3://bucket/det-in/c.png']);
    expect(lines[2].annotation).toBeUndefined();
    for (const line of lines.slice(0, 2)) {
      expect(line.annotation).toHaveLength(1);
      const [a] = line.annotation!;
      expect(a).toMatchObject({ type: 'modelarts/object_detection', 'annotation-format': 'PASCAL VOC', 'annotated-by': 'human' });
      expect(a['annotation-loc']).toMatch(new RegExp(`^s3:/${v.manifest_path.replace(/V001\.manifest$/, '')}annotations/[ab]-[0-9a-f]{32}\\.xml$`));
    }
    const a = readVoc(lines[0].annotation![0]['annotation-loc'] as string).doc.annotation;
    expect(a).toMatchObject({ filename: 'a.png', folder: 'det-in', size: { width: '64', height: '64', depth: '3' }, segmented: '0' });
    expect(a.object).toEqual([
      expect.objectContaining({ name: 'cat', difficult: '0', bndbox: { xmin: '1', ymin: '2', xmax: '30', ymax: '40' } }),
      expect.objectContaining({ name: 'dog', difficult: '1', bndbox: { xmin: '10', ymin: '10', xmax: '63', ymax: '60' } }),
    ]);
    const b = readVoc(lines[1].annotation![0]['annotation-loc'] as string).doc.annotation;
    expect(b.object?.[1]).toMatchObject({ name: 'cat', polygon: { x1: '5', y1: '5', x2: '20', y2: '5', x3: '12', y3: '30' } });

    // The round trip: a new detection dataset imported from this manifest has the same boxes and polygon.
    const created = await c.call('POST', '/datasets', {
      dataset_name: 'from-v001',
      dataset_type: 1,
      data_sources: [{ data_type: 0, data_path: v.manifest_path }],
      work_path: '/bucket/roundtrip-out/',
      work_path_type: 0,
    });
    expect(created.statusCode, created.body).toBe(201);
    const copyId = (created.json() as { dataset_id: string }).dataset_id;
    await waitForImport(engine, copyId);
    const listed = ListSamplesResp.parse((await c.call('GET', `/datasets/${copyId}/data-annotations/samples?order=asc`)).json());
    const boxes = Object.fromEntries(
      listed.samples.map((s) => [s.sample_name, s.labels.map((l) => [l.name, l.property?.['@modelarts:feature']]).sort()]),
    );
    expect(boxes).toEqual({
      'a.png': [
        ['cat', [[1, 2], [30, 40]]],
        ['dog', [[10, 10], [63, 60]]],
      ],
      'b.png': [
        ['cat', [[0, 0], [64, 64]]],
        ['cat', [[5, 5], [20, 5], [12, 30]]],
      ],
      'c.png': [],
    });
  });

  it('writes circles, lines and points in ModelArts’ VOC elements', async () => {
    const datasetId = await imageDataset(1, [
      {
        file: 'shapes.png',
        labels: [shape('c', 'circle', [[30, 30], [10]]), shape('l', 'line', [[1, 1], [9, 9]]), shape('<p> & "q"', 'point', [[4, 5]]), shape('bad', 'bndbox', [[1]])],
      },
    ]);
    const v = await publishAndWait(c, datasetId);
    const [line] = readManifest(engine, v.manifest_path);
    const objects = readVoc(line.annotation![0]['annotation-loc'] as string).doc.annotation.object!;
    // Names are escaped: the file stays well-formed and reads back as written.
    expect(objects.map((o) => o.name)).toEqual(['c', 'l', '<p> & "q"']);
    expect(objects[0].circle).toEqual({ cx: '30', cy: '30', r: '10' });
    expect(objects[1].line).toEqual({ x1: '1', y1: '1', x2: '9', y2: '9' });
    expect(objects[2].point).toEqual({ x1: '4', y1: '5' });
  });

  it('writes segmentation polygons as VOC <polygon> with the label colour as mask_color', async () => {
    const datasetId = await imageDataset(3, [{ file: 'seg.png', labels: [shape('road', 'polygon', [[0, 0], [50, 0], [50, 20], [0, 20]])] }]);
    engine.ctx.sqlite.prepare(`UPDATE labels SET property = '{"@modelarts:color":"#ff8000"}' WHERE dataset_id = ?`).run(datasetId);
    const v = await publishAndWait(c, datasetId);
    const [line] = readManifest(engine, v.manifest_path);
    expect(line.annotation![0]).toMatchObject({ type: 'modelarts/image_segmentation', 'annotation-format': 'PASCAL VOC' });
    const doc = readVoc(line.annotation![0]['annotation-loc'] as string).doc.annotation;
    expect(doc.segmented).toBe('1');
    expect(doc.object![0]).toMatchObject({
      name: 'road',
      mask_color: '255,128,0',
      polygon: { x1: '0', y1: '0', x2: '50', y2: '0', x3: '50', y3: '20', x4: '0', y4: '20' },
    });
  });
});
