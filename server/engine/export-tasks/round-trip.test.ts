import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleLabel } from '../../contract/sample.js';
import type { TestEngine } from '../test-utils.js';
import { exportEngine, importInto, labeledDataset, samplesOf, startExport, waitExport, type Picture } from './test-helpers.js';

const box = (name: string, x1: number, y1: number, x2: number, y2: number): SampleLabel => ({
  name,
  type: 1,
  property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[x1, y1], [x2, y2]] },
});
const polygon = (name: string, points: [number, number][]): SampleLabel => ({
  name,
  type: 1,
  property: { '@modelarts:shape': 'polygon', '@modelarts:feature': points },
});

const BOXES: Picture[] = [
  { name: 'a.jpg', labels: [box('cat', 1, 2, 30, 40), box('dog', 10, 5, 60, 47)] },
  { name: 'b.jpg', labels: [box('cat', 0, 0, 64, 48), polygon('pond', [[2, 2], [30, 4], [20, 40]])] },
  { name: 'c.png', labels: [] },
  { name: 'd.jpg', labels: [box('bird', 5.5, 6.25, 20, 21)] },
];

describe('export → import round trips', () => {
  let engine: TestEngine;
  let detection: string;
  beforeAll(async () => {
    engine = await exportEngine();
    detection = await labeledDataset(engine, 'det', 1, BOXES);
  }, 60_000);
  afterAll(() => engine.close());

  const fsPath = (objectPath: string) => engine.ctx.store.parse(objectPath).fsPath;

  it('VOC (flat): the xml files alone re-import to the same boxes and polygons', async () => {
    const id = await startExport(engine, detection, { path: '/bucket/out-voc/', export_type: 2, export_format: 2, annotation_format: 'VOC' });
    const done = await waitExport(engine, detection, id);
    expect(done).toMatchObject({ status: 'SUCCESSED', total_sample_count: 4, finished_sample_count: 4, progress: 100 });
    const folder = done.output_path!;
    expect(folder).toBe(`/bucket/out-voc/det-${id}/`);
    expect(readdirSync(fsPath(folder)).sort()).toEqual(['a.jpg', 'a.xml', 'b.jpg', 'b.xml', 'c.png', 'd.jpg', 'd.xml', 'export.manifest']);
    rmSync(fsPath(`${folder}export.manifest`)); // the VOC files must carry the boxes by themselves
    const imported = await importInto(engine, 'det-voc', 1, folder);
    expect(imported).toEqual(await samplesOf(engine, detection));
  });

  it('manifest (tree): images/ + Annotations/ re-import through the manifest', async () => {
    const id = await startExport(engine, detection, { path: '/bucket/out-manifest/', export_type: 2, export_format: 1 });
    const done = await waitExport(engine, detection, id);
    expect(done.manifest_path).toBe(`/bucket/out-manifest/det-${id}/export.manifest`);
    const root = fsPath(done.output_path!);
    expect(readdirSync(path.join(root, 'images')).sort()).toEqual(['a.jpg', 'b.jpg', 'c.png', 'd.jpg']);
    expect(readdirSync(path.join(root, 'Annotations')).sort()).toEqual(['a.xml', 'b.xml', 'd.xml']);
    const lines = readFileSync(fsPath(done.manifest_path!), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => String(l.source).startsWith(`obs://bucket/out-manifest/det-${id}/images/`))).toBe(true);
    const imported = await importInto(engine, 'det-manifest', 1, done.manifest_path!);
    expect(imported).toEqual(await samplesOf(engine, detection));
  });

  it('COCO: boxes and polygons re-import from instances.json', async () => {
    const pictures: Picture[] = [
      { name: 'p.jpg', labels: [polygon('leaf', [[2, 2], [30, 4], [20, 40]]), box('stem', 3, 3, 9, 20)] },
      { name: 'q.jpg', labels: [box('leaf', 10, 10, 50, 40)] },
      { name: 'r.jpg', labels: [] },
    ];
    const source = await labeledDataset(engine, 'coco', 1, pictures);
    const id = await startExport(engine, source, { path: '/bucket/out-coco/', export_type: 2, annotation_format: 'COCO' });
    const done = await waitExport(engine, source, id);
    expect(done.status).toBe('SUCCESSED');
    const coco = JSON.parse(readFileSync(path.join(fsPath(done.output_path!), 'instances.json'), 'utf8')) as {
      images: unknown[];
      annotations: { segmentation: number[][]; bbox: number[] }[];
      categories: { name: string }[];
    };
    expect(coco.images).toHaveLength(3);
    expect(coco.annotations).toHaveLength(3);
    expect(coco.annotations.find((a) => a.segmentation.length > 0)).toMatchObject({ segmentation: [[2, 2, 30, 4, 20, 40]], bbox: [2, 2, 28, 38] });
    expect(coco.categories.map((c) => c.name).sort()).toEqual(['leaf', 'stem']);
    const imported = await importInto(engine, 'coco-in', 1, done.output_path!);
    expect(imported).toEqual(await samplesOf(engine, source));
  });

  it('classification tree: folder-per-label re-imports to the same labels', async () => {
    const pictures: Picture[] = [
      { name: '1.jpg', labels: [{ name: 'cat', type: 0 }] },
      { name: '2.jpg', labels: [{ name: 'dog', type: 0 }] },
      { name: '3.jpg', labels: [{ name: 'cat', type: 0 }] },
      { name: '4.jpg', labels: [] },
    ];
    const source = await labeledDataset(engine, 'cls', 0, pictures);
    const id = await startExport(engine, source, { path: '/bucket/out-cls/', export_type: 2, export_format: 1 });
    const done = await waitExport(engine, source, id);
    const root = fsPath(done.output_path!);
    expect(readdirSync(path.join(root, 'cat')).sort()).toEqual(['1.jpg', '3.jpg']);
    expect(readdirSync(path.join(root, 'dog'))).toEqual(['2.jpg']);
    expect(existsSync(path.join(root, '4.jpg'))).toBe(true);
    rmSync(fsPath(`${done.output_path!}export.manifest`)); // the folders alone carry the labels
    const imported = await importInto(engine, 'cls-in', 0, done.output_path!);
    expect(imported).toEqual(await samplesOf(engine, source));
  });

  it('classification flat: a .txt of label names beside each labeled image', async () => {
    const source = await labeledDataset(engine, 'flat', 0, [
      { name: 'x.jpg', labels: [{ name: 'cat', type: 0 }, { name: 'cute', type: 0 }] },
      { name: 'y.jpg', labels: [] },
    ]);
    const id = await startExport(engine, source, { path: '/bucket/out-flat/', export_type: 2, export_format: 2 });
    const root = fsPath((await waitExport(engine, source, id)).output_path!);
    expect(readdirSync(root).sort()).toEqual(['export.manifest', 'x.jpg', 'x.txt', 'y.jpg']);
    expect(readFileSync(path.join(root, 'x.txt'), 'utf8').trim().split('\n').sort()).toEqual(['cat', 'cute']);
  });
});
