import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleLabel } from '../../contract/sample.js';
import { readCounters, recount } from '../samples/repository.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { getImportTask } from './read-model.js';
import { startImport } from './service.js';
import { insertDataset, settle, vocXml, writeImage, writeText } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

interface StoredSample {
  name: string;
  dir: string;
  path: string;
  status: string;
  size: number;
  sample_time: number;
  usage: string | null;
  labels: SampleLabel[];
  metadata: Record<string, unknown>;
}

function samplesOf(datasetId: string): Map<string, StoredSample> {
  const rows = engine.ctx.sqlite
    .prepare('SELECT name, dir, path, status, size, sample_time, usage, labels, metadata FROM samples WHERE dataset_id = ? ORDER BY seq')
    .all(datasetId) as (Omit<StoredSample, 'labels' | 'metadata'> & { labels: string; metadata: string })[];
  return new Map(rows.map((r) => [r.path, { ...r, labels: JSON.parse(r.labels), metadata: JSON.parse(r.metadata) }]));
}

const datasetStatus = (id: string) =>
  (engine.ctx.sqlite.prepare('SELECT status FROM datasets WHERE id = ?').get(id) as { status: number }).status;

/** Runs an import to its end and returns its final I3 view. */
async function importAndWait(datasetId: string, importPath: string, importAnnotations = true) {
  const taskId = startImport(engine.ctx, { datasetId, importPath, importAnnotations });
  await settle(engine.ctx);
  return getImportTask(engine.ctx, datasetId, taskId);
}

function expectCountersExact(datasetId: string) {
  const stored = readCounters(engine.ctx, datasetId);
  expect(stored).toEqual(recount(engine.ctx, datasetId));
}

describe('startImport', () => {
  it('returns at once with a QUEUING task and an importing dataset, then completes and gives the dataset back', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    for (let i = 0; i < 30; i++) await writeImage(engine.ctx, `/quick/in/${i}.jpg`, undefined, i);
    const taskId = startImport(engine.ctx, { datasetId: ds, importPath: '/quick/in/', importAnnotations: true });

    expect(taskId).toMatch(new RegExp(`^${ds}_[A-Za-z0-9]+$`));
    expect(getImportTask(engine.ctx, ds, taskId).status).toBe('QUEUING');
    expect(datasetStatus(ds)).toBe(8);
    expect(samplesOf(ds).size).toBe(0);

    await settle(engine.ctx);
    const done = getImportTask(engine.ctx, ds, taskId);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      import_type: 0,
      total_file_count: 30,
      finished_file_count: 30,
      imported_sample_count: 30,
      annotated_sample_count: 0,
    });
    expect(done.error_code).toBeUndefined();
    expect(done.total_file_size).toBeGreaterThan(0);
    expect(done.finished_file_size).toBe(done.total_file_size);
    expect(datasetStatus(ds)).toBe(1);
    const row = engine.ctx.sqlite.prepare('SELECT progress, start_time, end_time FROM tasks WHERE id = ?').get(taskId) as Record<string, number>;
    expect(row.progress).toBe(100);
    expect(row.end_time).toBeGreaterThanOrEqual(row.start_time);
  });

  it('refuses a second import while one runs (4356)', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/twice/a.png');
    startImport(engine.ctx, { datasetId: ds, importPath: '/twice/', importAnnotations: true });
    expect(() => startImport(engine.ctx, { datasetId: ds, importPath: '/twice/', importAnnotations: true })).toThrow(
      expect.objectContaining({ code: '4356' }),
    );
    await settle(engine.ctx);
  });
});

describe('image classification imports', () => {
  it('labels images by the folder holding them; images in the root stay unlabeled', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/cls/pets/cat/1.jpg', { width: 40, height: 30 }, 1);
    await writeImage(engine.ctx, '/cls/pets/cat/2.JPEG', undefined, 2);
    await writeImage(engine.ctx, '/cls/pets/dog/1.png', { width: 20, height: 25 }, 3);
    await writeImage(engine.ctx, '/cls/pets/dog/3.webp', undefined, 4);
    await writeImage(engine.ctx, '/cls/pets/bird/1.bmp', { width: 9, height: 7 }, 5);
    await writeImage(engine.ctx, '/cls/pets/loose.jpg', undefined, 6);
    writeText(engine.ctx, '/cls/pets/cat/readme.txt', 'not an image');

    const task = await importAndWait(ds, '/cls/pets/');
    expect(task).toMatchObject({ status: 'COMPLETED', total_file_count: 6, imported_sample_count: 6, annotated_sample_count: 5 });
    const samples = samplesOf(ds);
    expect(samples.get('/cls/pets/cat/1.jpg')).toMatchObject({
      name: '1.jpg',
      dir: '/cls/pets/cat/',
      status: 'MANUAL_ANNOTATION',
      labels: [expect.objectContaining({ name: 'cat', type: 0 })],
      metadata: { '@modelarts:size': [40, 30, 3] },
    });
    expect(samples.get('/cls/pets/dog/1.png')?.metadata['@modelarts:size']).toEqual([20, 25, 3]);
    expect(samples.get('/cls/pets/bird/1.bmp')?.metadata['@modelarts:size']).toEqual([9, 7, 3]);
    expect(samples.get('/cls/pets/loose.jpg')).toMatchObject({ status: 'UN_ANNOTATION', labels: [] });
    expect([...samples.keys()].some((p) => p.endsWith('.txt'))).toBe(false);
    expectCountersExact(ds);
    expect(readCounters(engine.ctx, ds).labels).toMatchObject({ cat: { sample_count: 2 }, dog: { sample_count: 2 }, bird: { sample_count: 1 } });
  });

  it('records the file mtime and size', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/mtime/a.jpg');
    const { statSync } = await import('node:fs');
    const st = statSync(engine.ctx.store.parse('/mtime/a.jpg').fsPath);
    await importAndWait(ds, '/mtime/');
    expect(samplesOf(ds).get('/mtime/a.jpg')).toMatchObject({ sample_time: Math.round(st.mtimeMs), size: st.size });
  });

  it('imports without labels when import_annotations is false', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/nolabels/cat/1.jpg');
    const task = await importAndWait(ds, '/nolabels/', false);
    expect(task).toMatchObject({ imported_sample_count: 1, annotated_sample_count: 0 });
    expect(samplesOf(ds).get('/nolabels/cat/1.jpg')?.labels).toEqual([]);
  });

  it('takes the annotations of a manifest in the folder over the folder layout', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/mix/in/cat/1.jpg', undefined, 1);
    await writeImage(engine.ctx, '/mix/in/cat/2.jpg', undefined, 2);
    writeText(
      engine.ctx,
      '/mix/in/labels.manifest',
      [
        JSON.stringify({
          source: 's3://mix/in/cat/1.jpg',
          usage: 'TRAIN',
          annotation: [{ type: 'modelarts/image_classification', name: 'tiger', 'annotated-by': 'human', 'creation-time': '2024-01-01 00:00:00' }],
        }),
        'this line is not JSON',
      ].join('\n'),
    );
    const task = await importAndWait(ds, '/mix/in/');
    expect(task).toMatchObject({ status: 'COMPLETED', imported_sample_count: 2, annotated_sample_count: 2, invalid_annotation_count: 1 });
    const samples = samplesOf(ds);
    expect(samples.get('/mix/in/cat/1.jpg')).toMatchObject({ usage: 'TRAIN', labels: [expect.objectContaining({ name: 'tiger', annotated_by: 'human' })] });
    expect(samples.get('/mix/in/cat/2.jpg')?.labels).toEqual([expect.objectContaining({ name: 'cat' })]);
    expectCountersExact(ds);
  });

  it('imports the images a manifest names, wherever they are, with obs://, s3:// and /bucket sources', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/mfst/a/1.jpg', undefined, 1);
    await writeImage(engine.ctx, '/mfst/b/2.png', undefined, 2);
    await writeImage(engine.ctx, '/mfst/c/3.jpg', undefined, 3);
    await writeImage(engine.ctx, '/mfst/c/not-listed.jpg', undefined, 4);
    const line = (source: string, name?: string, usage?: string) =>
      JSON.stringify({ source, usage, annotation: name ? [{ type: 'modelarts/image_classification', name }] : undefined });
    writeText(
      engine.ctx,
      '/mfst/meta/set.manifest',
      [line('obs://mfst/a/1.jpg', 'cat', 'EVAL'), line('s3://mfst/b/2.png', 'dog'), '', line('/mfst/c/3.jpg'), line('/mfst/c/missing.jpg', 'cat'), line('/mfst/c/3.jpg', 'dup')].join('\n'),
    );
    const task = await importAndWait(ds, '/mfst/meta/set.manifest');
    expect(task).toMatchObject({ status: 'COMPLETED', import_type: 1, total_file_count: 4, imported_sample_count: 3, annotated_sample_count: 2, failed_file_count: 1 });
    expect(task.issues).toEqual([{ path: '/mfst/c/missing.jpg', reason: expect.stringContaining('does not exist') }]);
    const samples = samplesOf(ds);
    expect([...samples.keys()].sort()).toEqual(['/mfst/a/1.jpg', '/mfst/b/2.png', '/mfst/c/3.jpg']);
    expect(samples.get('/mfst/a/1.jpg')).toMatchObject({ usage: 'EVAL', labels: [expect.objectContaining({ name: 'cat' })] });
    expect(samples.get('/mfst/c/3.jpg')?.labels).toEqual([]);
    expectCountersExact(ds);
  });

  it('skips files already in the dataset when the same folder is imported again', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/again/cat/1.jpg');
    await importAndWait(ds, '/again/');
    await writeImage(engine.ctx, '/again/cat/2.jpg');
    const second = await importAndWait(ds, '/again/');
    expect(second).toMatchObject({ total_file_count: 2, finished_file_count: 2, imported_sample_count: 1 });
    expect(samplesOf(ds).size).toBe(2);
    expectCountersExact(ds);
  });
});

describe('object detection imports', () => {
  const size = { width: 120, height: 90 };

  it('reads the Pascal VOC file beside each image', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/det/in/1.jpg', size, 1);
    writeText(engine.ctx, '/det/in/1.xml', vocXml('1.jpg', size, [
      { name: 'car', box: [10, 10, 60, 50], difficult: 0, occluded: 1 },
      { name: 'person', box: [70, 5, 110, 85] },
      { name: 'car', box: [1, 60, 20, 80] },
    ]));
    await writeImage(engine.ctx, '/det/in/2.png', size, 2);
    const task = await importAndWait(ds, '/det/in/');
    expect(task).toMatchObject({ status: 'COMPLETED', imported_sample_count: 2, annotated_sample_count: 1, invalid_annotation_count: 0 });
    const labeled = samplesOf(ds).get('/det/in/1.jpg')!;
    expect(labeled.metadata['@modelarts:size']).toEqual([120, 90, 3]);
    expect(labeled.labels).toHaveLength(3);
    expect(labeled.labels[0]).toMatchObject({
      name: 'car',
      type: 1,
      property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[10, 10], [60, 50]], '@modelarts:difficult': false, '@modelarts:occluded': true },
    });
    expect(samplesOf(ds).get('/det/in/2.png')?.labels).toEqual([]);
    expectCountersExact(ds);
    expect(readCounters(engine.ctx, ds).labels).toEqual({ car: { sample_count: 1, count: 2 }, person: { sample_count: 1, count: 1 } });
  });

  it('follows a manifest’s annotation-loc to its VOC file', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/detm/img/1.jpg', size, 3);
    writeText(engine.ctx, '/detm/ann/1.xml', vocXml('1.jpg', size, [{ name: 'boat', box: [5, 5, 50, 40] }]));
    writeText(
      engine.ctx,
      '/detm/det.manifest',
      JSON.stringify({
        source: 's3://detm/img/1.jpg',
        usage: 'TRAIN',
        annotation: [{ type: 'modelarts/object_detection', 'annotation-loc': 's3://detm/ann/1.xml', 'annotation-format': 'PASCAL VOC', 'annotated-by': 'human' }],
      }) + '\n',
    );
    const task = await importAndWait(ds, '/detm/det.manifest');
    expect(task).toMatchObject({ status: 'COMPLETED', imported_sample_count: 1, annotated_sample_count: 1 });
    expect(samplesOf(ds).get('/detm/img/1.jpg')).toMatchObject({
      usage: 'TRAIN',
      labels: [expect.objectContaining({ name: 'boat', property: expect.objectContaining({ '@modelarts:feature': [[5, 5], [50, 40]] }) })],
    });
    expectCountersExact(ds);
  });

  it('counts a corrupt image and an invalid box, and still completes', async () => {
    const ds = insertDataset(engine.ctx, { type: 1 });
    await writeImage(engine.ctx, '/bad/in/good.jpg', size, 1);
    writeText(engine.ctx, '/bad/in/good.xml', vocXml('good.jpg', size, [
      { name: 'car', box: [10, 10, 50, 50] },
      { name: 'car', box: [100, 10, 130, 50] }, // wider than the 120 px image
    ]));
    writeText(engine.ctx, '/bad/in/broken.jpg', Buffer.from('this is no jpeg at all'));
    writeText(engine.ctx, '/bad/in/broken.xml', vocXml('broken.jpg', size, [{ name: 'car', box: [1, 1, 5, 5] }]));
    await writeImage(engine.ctx, '/bad/in/garbled.png', size, 2);
    writeText(engine.ctx, '/bad/in/garbled.xml', '<annotation><object><name>x</name>');

    const task = await importAndWait(ds, '/bad/in/');
    expect(task).toMatchObject({
      status: 'COMPLETED',
      total_file_count: 3,
      finished_file_count: 3,
      imported_sample_count: 2,
      annotated_sample_count: 1,
      failed_file_count: 1,
      invalid_annotation_count: 2,
    });
    expect(task.issues).toEqual(
      expect.arrayContaining([
        { path: '/bad/in/broken.jpg', reason: expect.stringContaining('not a readable image') },
        { path: '/bad/in/good.xml', reason: expect.stringContaining('outside') },
        { path: '/bad/in/garbled.xml', reason: expect.stringContaining('Pascal VOC') },
      ]),
    );
    expect(samplesOf(ds).get('/bad/in/good.jpg')?.labels).toHaveLength(1);
    expect(datasetStatus(ds)).toBe(1);
    expectCountersExact(ds);
  });
});

describe('import failures', () => {
  it('fails with 4312 when the path disappeared, and gives the dataset back', async () => {
    const ds = insertDataset(engine.ctx, { type: 0 });
    await writeImage(engine.ctx, '/gone/keep.jpg');
    const task = await importAndWait(ds, '/gone/nothing-here/');
    expect(task).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4312' });
    expect(datasetStatus(ds)).toBe(1);
  });

  it('fails with 4383 for a dataset type it cannot import', async () => {
    const ds = insertDataset(engine.ctx, { type: 100 });
    await writeImage(engine.ctx, '/text/a.jpg');
    const task = await importAndWait(ds, '/text/');
    expect(task).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4383' });
    expect(datasetStatus(ds)).toBe(1);
  });
});
