import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportTaskStatusResp, isImportTerminal } from '../../contract/import-task.js';
import type { SampleLabel } from '../../contract/sample.js';
import { readCounters, recount } from '../samples/repository.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { insertDataset, vocXml, writeImage, writeText } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const size = { width: 100, height: 80 };

async function importAndWait(ds: string, body: Record<string, unknown>): Promise<ImportTaskStatusResp> {
  const res = await engine.call('POST', `/datasets/${ds}/import-tasks`, body);
  expect(res.statusCode).toBe(200);
  for (;;) {
    const task = ImportTaskStatusResp.parse((await engine.call('GET', `/datasets/${ds}/import-tasks/${res.json().task_id}`)).json());
    if (isImportTerminal(task.status)) return task;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const labelsOf = (ds: string, path: string): SampleLabel[] => {
  const row = engine.ctx.sqlite.prepare('SELECT labels FROM samples WHERE dataset_id = ? AND path = ?').get(ds, path) as { labels: string } | undefined;
  return row ? JSON.parse(row.labels) : [];
};

function cocoFile(annotations: unknown[]) {
  return JSON.stringify({
    info: { description: 'test' },
    images: [
      { id: 1, file_name: '1.jpg', width: 100, height: 80 },
      { id: 2, file_name: '2.jpg', width: 100, height: 80 },
    ],
    categories: [
      { id: 1, name: 'cat', supercategory: 'animal' },
      { id: 2, name: 'dog', supercategory: 'animal' },
      { id: 3, name: 'crowd', supercategory: 'people' },
    ],
    annotations,
  });
}

describe('COCO JSON in dir imports', () => {
  it('reads annotations/*.json beside images/: bbox → bndbox, polygons, crowd skipped and counted', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    for (const i of [1, 2, 3]) await writeImage(engine.ctx, `/coco/set/images/${i}.jpg`, size, i);
    writeText(
      engine.ctx,
      '/coco/set/annotations/instances_train.json',
      cocoFile([
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 30, 20], area: 600, iscrowd: 0, segmentation: [] },
        { id: 2, image_id: 1, category_id: 2, bbox: [50, 20, 20, 20], area: 200, iscrowd: 0, segmentation: [[50, 20, 70, 20, 60, 40]] },
        { id: 3, image_id: 1, category_id: 3, bbox: [0, 0, 10, 10], area: 100, iscrowd: 1, segmentation: { counts: [0, 10], size: [80, 100] } },
        { id: 4, image_id: 2, category_id: 1, bbox: [90, 10, 40, 10], area: 400, iscrowd: 0, segmentation: [] },
      ]),
    );
    const task = await importAndWait(ds, { import_path: '/coco/set/' });
    expect(task).toMatchObject({ status: 'COMPLETED', total_file_count: 3, imported_sample_count: 3, annotated_sample_count: 1, invalid_annotation_count: 2 });
    expect(task.issues).toEqual(
      expect.arrayContaining([
        { path: '/coco/set/images/1.jpg', reason: expect.stringContaining('crowd') },
        { path: '/coco/set/images/2.jpg', reason: expect.stringContaining('outside') },
      ]),
    );
    expect(labelsOf(ds, '/coco/set/images/1.jpg')).toEqual([
      { name: 'cat', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[10, 10], [40, 30]] } },
      { name: 'dog', type: 1, property: { '@modelarts:shape': 'polygon', '@modelarts:feature': [[50, 20], [70, 20], [60, 40]] } },
    ]);
    expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
  });

  it('labels a classification dataset with the COCO categories of each image', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    for (const i of [1, 2]) await writeImage(engine.ctx, `/coco/cls/${i}.jpg`, size, i);
    writeText(engine.ctx, '/coco/cls/labels.json', cocoFile([{ image_id: 1, category_id: 2, bbox: [1, 1, 5, 5] }]));
    writeText(engine.ctx, '/coco/cls/broken.json', '{"images": [');
    const task = await importAndWait(ds, { import_path: '/coco/cls/' });
    expect(task).toMatchObject({ imported_sample_count: 2, annotated_sample_count: 1, invalid_annotation_count: 1 });
    expect(labelsOf(ds, '/coco/cls/1.jpg').map((l) => l.name)).toEqual(['dog']);
  });
});

describe('Pascal VOC trees', () => {
  it('finds Annotations/*.xml in a folder beside JPEGImages/', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/voc/VOC2012/JPEGImages/000001.jpg', size, 1);
    await writeImage(engine.ctx, '/voc/VOC2012/JPEGImages/000002.jpg', size, 2);
    writeText(engine.ctx, '/voc/VOC2012/Annotations/000001.xml', vocXml('000001.jpg', size, [{ name: 'horse', box: [5, 5, 60, 70] }]));
    writeText(engine.ctx, '/voc/VOC2012/ImageSets/Main/train.txt', '000001\n000002\n');
    const task = await importAndWait(ds, { import_path: '/voc/VOC2012/' });
    expect(task).toMatchObject({ imported_sample_count: 2, annotated_sample_count: 1, invalid_annotation_count: 0 });
    expect(labelsOf(ds, '/voc/VOC2012/JPEGImages/000001.jpg')).toEqual([
      { name: 'horse', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[5, 5], [60, 70]] } },
    ]);
  });
});

describe('per-file problems', () => {
  it('counts unreadable images, bad annotations and excluded labels, and still completes', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/perfile/in/ok.jpg', size, 1);
    writeText(engine.ctx, '/perfile/in/ok.xml', vocXml('ok.jpg', size, [{ name: 'car', box: [1, 1, 9, 9] }, { name: 'tree', box: [2, 2, 8, 8] }]));
    writeText(engine.ctx, '/perfile/in/truncated.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
    await writeImage(engine.ctx, '/perfile/in/badxml.jpg', size, 2);
    writeText(engine.ctx, '/perfile/in/badxml.xml', '<annotation><object>');
    const task = await importAndWait(ds, { import_path: '/perfile/in/', excluded_labels: ['tree'] });
    expect(task).toMatchObject({
      status: 'COMPLETED',
      total_file_count: 3,
      finished_file_count: 3,
      imported_sample_count: 2,
      failed_file_count: 1,
      invalid_annotation_count: 1,
      excluded_annotation_count: 1,
      file_statistics: { file_num_total: 3, file_num_finished: 3 },
    });
    expect(task.file_statistics.file_size_finished).toBe(task.file_statistics.file_size_total);
    expect(task.issues?.map((i) => i.path).sort()).toEqual(['/perfile/in/badxml.xml', '/perfile/in/truncated.png']);
  });
});
