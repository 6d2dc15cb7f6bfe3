import type { DescribeSampleResp } from '@contract/sample';
import type { SearchCondition } from '@contract/search';
import { apiError, json, type FakeRequest } from '@/test/fake-network';

export const DATASET = 'dsBBBBBBBBBBBBBBBBB';

/**
 * A stand-in for the samples endpoints at the network boundary, for the gallery's tests: S1 with state,
 * label (AND/OR) and name conditions, S3, S4, S6, batch-by-filter and its task in the task center, over `count` in-memory samples
 * (every third labeled `cat` with a box, the last one `dog`).
 */
export function sampleServer(count = 30) {
  let samples: DescribeSampleResp[] = Array.from({ length: count }, (_, i) => {
    const name = `img-${String(i + 1).padStart(2, '0')}.jpg`;
    const labels =
      i === count - 1 ? [{ name: 'dog', type: 1 }] : i % 3 === 0 ? [{ name: 'cat', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[10, 20], [110, 70]] } }] : [];
    return {
      sample_id: `${i}`.padStart(32, '0'),
      sample_name: name,
      sample_dir: '/bucket/pets/',
      sample_type: 0,
      sample_status: labels.length ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION',
      sample_time: Date.UTC(2024, 0, 2, 3, 4, 5),
      sample_size: 2048,
      source: `/v2/p/storage/files/bucket/pets/${name}?expires=1&signature=x`,
      labels,
      metadata: { '@modelarts:size': [200, 100, 3] },
    };
  });
  /** When set, the next batch-by-filter answers 4396 as if this many samples had been added meanwhile. */
  let driftOnce = 0;
  /** Batch tasks started: their counts and how often they were read. */
  const tasks = new Map<string, { matched: number; changed: number; reads: number; stopped: boolean }>();
  /** When set, batch tasks keep running until stopped. */
  let holdRunning = false;

  const matches = (s: DescribeSampleResp, state?: string, conditions: SearchCondition[] = []) =>
    (state === undefined || (state === '__NONE__') === (s.labels.length === 0)) &&
    conditions.every((c) => {
      const names = s.labels.map((l) => l.name);
      const wanted = c.label_list?.labels.map((l) => l.name ?? '') ?? [];
      const labelOk = !c.label_list || (c.label_list.op === 'AND' ? wanted.every((w) => names.includes(w)) : wanted.some((w) => names.includes(w)));
      return labelOk && (!c.sample_name || s.sample_name.includes(c.sample_name));
    });

  const base = `/datasets/${DATASET}/data-annotations`;
  const handle = (req: FakeRequest) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    const p = req.params as Record<string, string | undefined>;
    if (req.method === 'GET' && path === `${base}/samples`) {
      const conditions = p.search_conditions ? (JSON.parse(p.search_conditions) as SearchCondition[]) : [];
      const matching = samples.filter((s) => matches(s, p.sample_state, conditions));
      const limit = Number(p.limit);
      const page = matching.slice(Number(p.offset) * limit, (Number(p.offset) + 1) * limit);
      return json({ sample_count: matching.length, samples: page.map((s) => ({ ...s, source: `${s.source}&x-image-process=${p.process_parameter}` })) });
    }
    if (req.method === 'GET' && path === `${base}/search-condition`) {
      return json({ labels: [{ name: 'cat', type: 1 }, { name: 'dog', type: 1 }], labelers: [], metadata: {} });
    }
    if (req.method === 'GET' && path.startsWith(`${base}/samples/`)) {
      const s = samples.find((x) => x.sample_id === path.slice(`${base}/samples/`.length));
      return s ? json(s) : apiError(400, 'ModelArts.4420', 'Sample does not exist');
    }
    if (req.method === 'PUT' && path === `${base}/samples`) {
      const body = req.body as { samples: { sample_id: string; labels: DescribeSampleResp['labels'] }[] };
      body.samples.forEach((u) => {
        const s = samples.find((x) => x.sample_id === u.sample_id);
        if (s) Object.assign(s, { labels: u.labels, sample_status: u.labels.length ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION' });
      });
      return json({ success: true });
    }
    if (req.method === 'POST' && path === `${base}/samples/delete`) {
      const ids = (req.body as { samples: string[] }).samples;
      samples = samples.filter((s) => !ids.includes(s.sample_id));
      return json({ success: true });
    }
    if (req.method === 'POST' && path === `${base}/samples/batch-by-filter`) {
      const body = req.body as { sample_state?: string; search_conditions?: SearchCondition[]; action: string; labels?: { name: string; type: number }[]; expected_count?: number };
      const matching = samples.filter((s) => matches(s, body.sample_state, body.search_conditions));
      if (driftOnce > 0) {
        samples.push(...samples.slice(0, driftOnce).map((s, k) => ({ ...s, sample_id: `f${k}`.padStart(32, 'f'), sample_name: `late-${k}.jpg`, labels: [] })));
        driftOnce = 0;
        return apiError(400, 'ModelArts.4396', 'The number of matching samples changed');
      }
      if (body.expected_count !== undefined && body.expected_count !== matching.length) return apiError(400, 'ModelArts.4396', 'The number of matching samples changed');
      let changed = 0;
      matching.forEach((s) => {
        if (body.action === 'add_labels') {
          const add = (body.labels ?? []).filter((l) => !s.labels.some((x) => x.name === l.name));
          if (add.length) changed += 1;
          s.labels = [...s.labels, ...add];
          s.sample_status = s.labels.length ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION';
        }
      });
      const id = `${DATASET}_batch${tasks.size}`;
      tasks.set(id, { matched: matching.length, changed, reads: 0, stopped: false });
      return json({ matched: matching.length, task_id: id });
    }
    // The task center, for batch tasks: the first read finds the task half-way, the next one finished.
    const taskMatch = /^\/task-center\/tasks\/([^/]+)(\/stop)?$/.exec(path);
    const t = taskMatch && tasks.get(taskMatch[1]);
    if (taskMatch && t && req.method === 'POST' && taskMatch[2]) {
      t.stopped = true;
      return json(undefined, 204);
    }
    if (taskMatch && t && req.method === 'GET') {
      t.reads += 1;
      const running = t.reads === 1 || (holdRunning && !t.stopped);
      const half = Math.floor(t.matched / 2);
      const phase = running ? 'running' : t.stopped ? 'stopped' : 'succeeded';
      const visited = phase === 'succeeded' ? t.matched : half;
      return json({
        task_id: taskMatch[1],
        kind: 'batch',
        dataset_id: DATASET,
        dataset_name: 'pets',
        status: phase === 'running' ? 'RUNNING' : phase === 'succeeded' ? 'COMPLETED' : 'FAILED',
        phase,
        progress: phase === 'succeeded' ? 100 : 50,
        create_time: 1,
        update_time: 2,
        attempts: 1,
        ...(phase === 'stopped' ? { error_code: 'ModelArts.4393', error_msg: 'Task stopped' } : {}),
        params: { dataset_id: DATASET },
        result: { matched: t.matched, visited, changed: phase === 'succeeded' ? t.changed : Math.min(t.changed, half) },
      });
    }
    return apiError(404, 'ModelArts.4204', `no fake for ${req.method} ${path}`);
  };
  return {
    handle,
    get samples() {
      return samples;
    },
    driftNextBatch: (n: number) => {
      driftOnce = n;
    },
    holdBatchTasks: () => {
      holdRunning = true;
    },
  };
}

/**
 * jsdom does no layout: the gallery's scroll element reports a 1000 × 800 viewport (five columns of
 * tiles), and scrolling it moves `scrollTop` and fires `scroll` as a browser would.
 */
export function installGalleryLayout() {
  const proto = HTMLElement.prototype;
  const width = Object.getOwnPropertyDescriptor(proto, 'clientWidth');
  const height = Object.getOwnPropertyDescriptor(proto, 'clientHeight');
  const isGrid = (el: HTMLElement) => el.getAttribute('role') === 'grid';
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get(this: HTMLElement) { return isGrid(this) ? 1000 : 0; } });
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get(this: HTMLElement) { return isGrid(this) ? 800 : 0; } });
  const scrollTo = Element.prototype.scrollTo;
  Element.prototype.scrollTo = function (this: Element, opts?: ScrollToOptions | number) {
    if (typeof opts === 'object' && opts.top !== undefined) this.scrollTop = opts.top;
    this.dispatchEvent(new Event('scroll'));
  } as Element['scrollTo'];
  return () => {
    if (width) Object.defineProperty(proto, 'clientWidth', width);
    if (height) Object.defineProperty(proto, 'clientHeight', height);
    Element.prototype.scrollTo = scrollTo;
  };
}
