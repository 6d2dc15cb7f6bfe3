import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImage, writeText } from '../import-tasks/test-fixtures.js';
import { makeTestEngine, type TestEngine } from '../test-utils.js';
import { closeWorkerPool, runInWorker } from './pool.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await makeTestEngine();
});
afterAll(() => engine.close());

const fsPath = (objectPath: string) => engine.ctx.store.parse(objectPath).fsPath;

describe('worker pool', () => {
  it('reads image headers on a worker thread: sizes of real images, an error for what is not one', async () => {
    await writeImage(engine.ctx, '/pool/a.jpg', { width: 64, height: 48 });
    await writeImage(engine.ctx, '/pool/b.png', { width: 20, height: 30 }, 1);
    await writeImage(engine.ctx, '/pool/c.bmp', { width: 7, height: 5 });
    writeText(engine.ctx, '/pool/d.jpg', 'not an image');
    const headers = await runInWorker(engine.ctx, 'imageHeaders', ['/pool/a.jpg', '/pool/b.png', '/pool/c.bmp', '/pool/d.jpg'].map(fsPath));
    expect(headers.slice(0, 3)).toEqual([{ size: [64, 48, 3] }, { size: [20, 30, 3] }, { size: [7, 5, 3] }]);
    expect(headers[3]).toEqual({ error: expect.any(String) });
  });

  it('rejects with the signal’s reason when aborted, and keeps working after', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped');
    controller.abort(reason);
    await expect(runInWorker(engine.ctx, 'imageHeaders', [], { signal: controller.signal })).rejects.toBe(reason);
    const running = new AbortController();
    const call = runInWorker(engine.ctx, 'imageHeaders', [fsPath('/pool/a.jpg')], { signal: running.signal });
    running.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(await runInWorker(engine.ctx, 'imageHeaders', [fsPath('/pool/a.jpg')])).toEqual([{ size: [64, 48, 3] }]);
  });

  it('is created again after being closed', async () => {
    await closeWorkerPool(engine.ctx);
    expect(await runInWorker(engine.ctx, 'imageHeaders', [fsPath('/pool/b.png')])).toEqual([{ size: [20, 30, 3] }]);
  });
});
