import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSessionContext } from '@/lib/http';
import { apiError, installFakeNetwork, json, type FakeHandler, type FakeRequest } from '@/test/fake-network';
import { UploadQueue, type UploadQueueOptions } from './upload-queue';

const PROJECT = '0123456789abcdef0123456789abcdef';
const DATASET = 'dsAAAAAAAAAAAAAAAAA';
const STORAGE = `/api/v2/${PROJECT}/storage/objects`;
const SAMPLES = `/api/v2/${PROJECT}/datasets/${DATASET}/data-annotations/samples`;

const image = (path: string, bytes = 10) => ({ path, file: new File([new Uint8Array(bytes)], path.split('/').pop()!) });
const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * Object store + S2 behind the fake network: stores what PUT sends, registers what S2 names (an object
 * path registered twice answers 4422, as the engine does for an existing sample). `failures` lets a test
 * make the next n uploads of a path fail with a given response.
 */
function fakeEngine({ delayMs = 0 } = {}) {
  const stored = new Map<string, number>();
  const samples = new Set<string>(['/bucket/in/old.jpg']);
  const failures = new Map<string, ReturnType<typeof apiError>[]>();
  const s2Bodies: { samples: { name: string; data_source: { data_type: number; data_path: string } }[] }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const handler: FakeHandler = async (req: FakeRequest) => {
    if (req.method === 'PUT' && req.path === STORAGE) {
      const path = String(req.params.path);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, delayMs));
      inFlight -= 1;
      const failure = failures.get(path)?.shift();
      if (failure) return failure;
      expect(req.config.headers['Content-Type']).toBe('application/octet-stream');
      stored.set(path, (req.body as Blob).size);
      return json({ path, size: (req.body as Blob).size });
    }
    if (req.method === 'POST' && req.path === SAMPLES) {
      const body = req.body as (typeof s2Bodies)[number];
      s2Bodies.push(body);
      const results = body.samples.map(({ name, data_source: { data_path } }) => {
        if (!stored.has(data_path) && data_path !== '/bucket/in/old.jpg') return { success: false, name, error_code: 'ModelArts.4312', error_msg: 'Path does not exist' };
        if (samples.has(data_path)) return { success: false, name, error_code: 'ModelArts.4422', error_msg: 'Sample already exists' };
        samples.add(data_path);
        return { success: true, name, info: data_path };
      });
      return json({ success: results.every((r) => r.success), results });
    }
    return apiError(404, 'ModelArts.4204', `no route ${req.method} ${req.path}`);
  };
  return { handler, stored, samples, failures, s2Bodies, maxInFlight: () => maxInFlight };
}

let restore: () => void;
let engine: ReturnType<typeof fakeEngine>;
let requests: FakeRequest[];
const added: number[] = [];

function start(options: Partial<UploadQueueOptions> = {}, engineOptions = {}) {
  engine = fakeEngine(engineOptions);
  ({ restore, requests } = installFakeNetwork(engine.handler));
  return new UploadQueue({ datasetId: DATASET, folder: '/bucket/in', retryDelayMs: () => 1, onSamplesAdded: (n) => added.push(n), ...options });
}

beforeEach(() => {
  setSessionContext({ csrfToken: 'csrf', projectId: PROJECT });
  added.length = 0;
});
afterEach(() => restore());

describe('UploadQueue', () => {
  it('uploads three at a time into the input folder, keeping sub-folders, then registers them', async () => {
    const queue = start({}, { delayMs: 5 });
    const files = Array.from({ length: 10 }, (_, i) => image(`photos/${i % 2 ? 'cats' : 'dogs'}/${i}.jpg`, 100 + i));
    queue.add(files);
    expect(queue.getSnapshot()).toMatchObject({ total: 10, running: true, bytesTotal: files.reduce((n, f) => n + f.file.size, 0) });
    await queue.idle();

    expect(engine.maxInFlight()).toBe(3);
    expect([...engine.stored.keys()].sort()).toEqual(files.map((f) => `/bucket/in/${f.path}`).sort());
    expect(engine.stored.get('/bucket/in/photos/cats/1.jpg')).toBe(101);
    const snapshot = queue.getSnapshot();
    expect(snapshot).toMatchObject({ running: false, failed: [], active: [], skipped: [] });
    expect(snapshot.counts.added).toBe(10);
    expect(snapshot.bytesLoaded).toBe(snapshot.bytesTotal);
    expect(engine.s2Bodies).toHaveLength(1);
    expect(engine.s2Bodies[0].samples[0]).toEqual({ name: '0.jpg', data_source: { data_type: 0, data_path: '/bucket/in/photos/dogs/0.jpg' } });
    expect(added).toEqual([10]);
  });

  it('lists files that are not images as skipped and never sends them', async () => {
    const queue = start();
    queue.add([image('a.JPG'), image('b.jpeg'), image('c.png'), image('d.bmp'), image('e.webp'), image('notes.txt'), image('anim.gif'), image('dir/.DS_Store'), image('README')]);
    await queue.idle();
    expect(queue.getSnapshot().skipped).toEqual(['notes.txt', 'anim.gif', 'dir/.DS_Store', 'README']);
    expect(requests.filter((r) => r.method === 'PUT').map((r) => r.params.path)).toEqual(['/bucket/in/a.JPG', '/bucket/in/b.jpeg', '/bucket/in/c.png', '/bucket/in/d.bmp', '/bucket/in/e.webp']);
    expect(queue.getSnapshot().counts.added).toBe(5);
  });

  it('retries transient failures up to three tries, refuses to retry a rejected path, and retries failed files on demand', async () => {
    const queue = start();
    const flaky = apiError(503, 'ModelArts.0010', 'busy');
    engine.failures.set('/bucket/in/twice.jpg', [flaky, { status: 500, data: {} }]);
    engine.failures.set('/bucket/in/always.jpg', [flaky, flaky, flaky]);
    engine.failures.set('/bucket/in/bad.jpg', [apiError(400, 'ModelArts.4313', 'Invalid path')]);
    queue.add([image('twice.jpg'), image('always.jpg'), image('bad.jpg')]);
    await queue.idle();

    const putsOf = (p: string) => requests.filter((r) => r.method === 'PUT' && r.params.path === `/bucket/in/${p}`).length;
    expect([putsOf('twice.jpg'), putsOf('always.jpg'), putsOf('bad.jpg')]).toEqual([3, 3, 1]);
    const snapshot = queue.getSnapshot();
    expect(snapshot.counts).toMatchObject({ added: 1, failed: 2 });
    expect(snapshot.failed.map((f) => [f.path, f.failedAt, f.error])).toEqual([
      ['always.jpg', 'upload', 'busy (ModelArts.0010)'],
      ['bad.jpg', 'upload', 'Invalid path (ModelArts.4313)'],
    ]);
    // Failed uploads count no bytes, so overall progress does not claim them.
    expect(snapshot.bytesLoaded).toBe(10);
    expect(engine.s2Bodies.flatMap((b) => b.samples.map((s) => s.name))).toEqual(['twice.jpg']);

    queue.retryFailed();
    await queue.idle();
    expect(queue.getSnapshot()).toMatchObject({ failed: [], counts: { added: 3, failed: 0 } });
    expect(engine.s2Bodies.flatMap((b) => b.samples.map((s) => s.name))).toEqual(['twice.jpg', 'always.jpg', 'bad.jpg']);
  });

  it('registers in chunks of 100 and reports samples that already existed apart from failures', async () => {
    const queue = start();
    const files = Array.from({ length: 249 }, (_, i) => image(`many/${String(i).padStart(3, '0')}.png`));
    queue.add([...files, image('old.jpg')]);
    await queue.idle();

    expect(engine.s2Bodies.map((b) => b.samples.length)).toEqual([100, 100, 50]);
    expect(engine.s2Bodies.flatMap((b) => b.samples.map((s) => s.data_source.data_path)).sort()).toEqual([...engine.stored.keys()].sort());
    const snapshot = queue.getSnapshot();
    expect(snapshot.counts).toMatchObject({ added: 249, existing: 1, failed: 0 });
    expect(added.reduce((a, b) => a + b, 0)).toBe(249);
  });

  it('retries a registration request that failed for the network, and keeps stored files for "retry failed" when it still fails', async () => {
    const queue = start();
    let s2Failures = 4;
    const inner = engine.handler;
    restore();
    ({ restore, requests } = installFakeNetwork((req) => {
      if (req.method === 'POST' && s2Failures > 0) {
        s2Failures -= 1;
        return apiError(502, 'HTTP.502', 'Bad gateway');
      }
      return inner(req);
    }));
    queue.add([image('x.jpg'), image('y.jpg')]);
    await queue.idle();
    const posts = () => requests.filter((r) => r.method === 'POST').length;
    expect(posts()).toBe(3);
    expect(queue.getSnapshot().failed.map((f) => [f.path, f.failedAt])).toEqual([
      ['x.jpg', 'register'],
      ['y.jpg', 'register'],
    ]);

    // Retrying registers again without uploading the stored files a second time.
    const puts = requests.filter((r) => r.method === 'PUT').length;
    queue.retryFailed();
    await queue.idle();
    expect(requests.filter((r) => r.method === 'PUT').length).toBe(puts);
    expect(posts()).toBe(5);
    expect(queue.getSnapshot().counts).toMatchObject({ added: 2, failed: 0 });
  });

  it('stops uploading when disposed', async () => {
    const queue = start({}, { delayMs: 20 });
    queue.add(Array.from({ length: 9 }, (_, i) => image(`${i}.jpg`)));
    await tick();
    queue.dispose();
    await new Promise((r) => setTimeout(r, 60));
    expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
