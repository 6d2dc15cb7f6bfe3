import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabels } from '../labels/service.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { readCounters, recount, sampleIdFor } from './repository.js';
import { createTestDataset, writeTestImage } from './test-fixtures.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const png = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 10, g: 200, b: 90 } } })
    .png()
    .toBuffer();

async function detectionDataset(): Promise<{ ds: string; dataDir: string }> {
  const ds = await createTestDataset(engine.ctx, { type: 1 });
  createLabels(engine.ctx, ds, 1, [{ name: 'car' }, { name: 'person' }]);
  return { ds, dataDir: `/bucket/output/ds-${ds}-${ds}/data/` };
}

const post = (ds: string, body: unknown) => engine.call('POST', `/datasets/${ds}/data-annotations/samples`, body);
const sampleOf = async (ds: string, id: string) => (await engine.call('GET', `/datasets/${ds}/data-annotations/samples/${id}`)).json();
const box = (x1: number, y1: number, x2: number, y2: number) => ({
  name: 'car',
  property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[x1, y1], [x2, y2]] },
});

describe('S2 add samples', () => {
  it('writes base64 data into the inner data folder under its name, with its size and labels', async () => {
    const { ds, dataDir } = await detectionDataset();
    const data = (await png(40, 30)).toString('base64');
    const res = await post(ds, { samples: [{ name: 'street.png', data, labels: [box(1, 2, 30, 20)], metadata: { camera: 'front' } }] });
    expect(res.statusCode).toBe(200);
    const id = sampleIdFor(`${dataDir}street.png`);
    expect(res.json()).toEqual({ success: true, results: [{ success: true, name: 'street.png', info: id }] });
    const fsPath = engine.ctx.store.parse(`${dataDir}street.png`).fsPath;
    expect(readFileSync(fsPath).toString('base64')).toBe(data);
    // No temporary is left beside the file.
    expect(readdirSync(path.dirname(fsPath))).toEqual(['street.png']);
    expect(await sampleOf(ds, id)).toMatchObject({
      sample_name: 'street.png',
      sample_dir: dataDir,
      sample_status: 'MANUAL_ANNOTATION',
      metadata: { camera: 'front', '@modelarts:size': [40, 30, 3] },
      labels: [{ ...box(1, 2, 30, 20), type: 1 }],
    });
    expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
  });

  it('adds an object already in the store through data_source, and final_annotation false makes it to be confirmed', async () => {
    const { ds } = await detectionDataset();
    await writeTestImage(engine.ctx, '/bucket/uploads/cam1/a.png', 16);
    const res = await post(ds, { samples: [{ data_source: { data_path: 'obs://bucket/uploads/cam1/a.png' }, labels: [box(0, 0, 8, 8)] }], final_annotation: false });
    const id = sampleIdFor('/bucket/uploads/cam1/a.png');
    expect(res.json()).toEqual({ success: true, results: [{ success: true, name: 'a.png', info: id }] });
    expect(await sampleOf(ds, id)).toMatchObject({ sample_dir: '/bucket/uploads/cam1/', sample_status: 'AUTO_ANNOTATION', metadata: { '@modelarts:size': [16, 16, 3] } });
    const stats = (await engine.call('GET', `/datasets/${ds}/data-annotations/stats`)).json();
    expect(stats.sample_stats).toMatchObject({ total: 1, auto_annotation: 1, manual_annotation: 0 });
  });

  it('reports per file: a taken name or sample (4422), a missing source (4312), a file that is no image (4421); the others are added', async () => {
    const { ds, dataDir } = await detectionDataset();
    const data = (await png(8, 8)).toString('base64');
    expect((await post(ds, { samples: [{ name: 'one.png', data }] })).json().success).toBe(true);
    await writeTestImage(engine.ctx, '/bucket/uploads/b.png');
    const res = await post(ds, {
      samples: [
        { name: 'one.png', data },
        { name: 'two.png', data },
        { data_source: { data_path: '/bucket/uploads/nothing.png' } },
        { name: 'notes.png', data: Buffer.from('not an image').toString('base64') },
        { data_source: { data_path: '/bucket/uploads/b.png' } },
        { data_source: { data_path: '/bucket/uploads/b.png' } },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ success: false, error_code: 'ModelArts.4422' });
    expect(body.results.map((r: { success: boolean; error_code?: string }) => r.error_code ?? 'ok')).toEqual([
      'ModelArts.4422',
      'ok',
      'ModelArts.4312',
      'ModelArts.4421',
      'ok',
      'ModelArts.4422',
    ]);
    expect(existsSync(engine.ctx.store.parse(`${dataDir}notes.png`).fsPath)).toBe(false);
    expect((await engine.call('GET', `/datasets/${ds}/data-annotations/samples?limit=100`)).json().sample_count).toBe(3);
    expect(readCounters(engine.ctx, ds)).toEqual(recount(engine.ctx, ds));
  });

  it.each([
    ['an unknown label', [{ name: 'bus', property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[0, 0], [5, 5]] } }], 'ModelArts.4410'],
    ['a box outside the image', [box(0, 0, 50, 5)], 'ModelArts.0107'],
    ['a box with x1 > x2', [box(6, 0, 5, 5)], 'ModelArts.0107'],
  ])('refuses %s with 400 and writes nothing, not even the valid items', async (_what, labels, code) => {
    const { ds, dataDir } = await detectionDataset();
    const data = (await png(20, 20)).toString('base64');
    const res = await post(ds, { samples: [{ name: 'ok.png', data, labels: [box(1, 1, 2, 2)] }, { name: 'bad.png', data, labels }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe(code);
    expect(res.json().error_msg).toContain('bad.png');
    expect((await engine.call('GET', `/datasets/${ds}/data-annotations/samples`)).json().sample_count).toBe(0);
    const folder = path.dirname(engine.ctx.store.parse(`${dataDir}x`).fsPath);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });

  it.each([
    [{ samples: [{ name: 'a.png' }] }, 'neither data nor data_source'],
    [{ samples: [{ data: 'AAAA' }] }, 'data without a name'],
    [{ samples: [{ name: '../a.png', data: 'AAAA' }] }, 'a name with a slash'],
    [{ samples: [{ name: 'a.png', data: 'not base64!' }] }, 'data that is not base64'],
    [{ samples: [{ name: 'a.png', data: 'AAAA', sample_type: 1 }] }, 'a sample_type of another dataset type'],
  ])('refuses %j (%s) with 400 ModelArts.0101', async (body, _why) => {
    const { ds } = await detectionDataset();
    const res = await post(ds, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('ModelArts.0101');
  });

  it('takes final_annotation false only for classification and detection datasets', async () => {
    const ds = await createTestDataset(engine.ctx, { type: 3 });
    const res = await post(ds, { samples: [{ name: 'a.png', data: (await png(4, 4)).toString('base64') }], final_annotation: false });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_msg).toContain('final_annotation');
  });
});
