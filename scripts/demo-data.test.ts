import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isImportTerminal } from '../server/contract/import-task.js';
import { buildEngine } from '../server/engine/app.js';
import { TEST_AK, TEST_PROJECT, TEST_SK } from '../server/engine/test-utils.js';
import { DEMO_BOX_COUNT, DEMO_DATASETS, DEMO_SHAPE_COUNT, ensureDemoData } from './demo-data.js';
import { SHAPE_CLASSES, SHAPE_COLORS } from './demo-images.js';
import { createEngineClient, type EngineClient } from './engine-client.js';

interface DatasetSummary {
  dataset_id: string;
  dataset_name: string;
  dataset_type: number;
  total_sample_count: number;
  annotated_sample_count: number;
  labels: { name: string; type: number; property?: Record<string, string>; sample_count: number; count: number }[];
}

async function importsFinished(client: EngineClient, datasetId: string): Promise<string[]> {
  for (;;) {
    const { import_tasks } = await client.request<{ import_tasks: { status: string }[] }>('GET', `/datasets/${datasetId}/import-tasks`);
    if (import_tasks.every((t) => isImportTerminal(t.status))) return import_tasks.map((t) => t.status);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('ensureDemoData against a real engine over HTTP', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dc-demo-data-'));
  let app: FastifyInstance;
  let opts: Parameters<typeof ensureDemoData>[0];
  let client: EngineClient;
  beforeAll(async () => {
    ({ app } = await buildEngine({ dataDir, projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const engineUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    opts = { engineUrl, projectId: TEST_PROJECT, ak: TEST_AK, sk: TEST_SK, dataDir };
    client = createEngineClient(opts);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const datasets = async () =>
    (await client.request<{ total_number: number; datasets: DatasetSummary[] }>('GET', '/datasets?limit=10')).datasets;
  const byName = async (name: string) => {
    const found = (await datasets()).find((d) => d.dataset_name === name)!;
    return client.request<DatasetSummary>('GET', `/datasets/${found.dataset_id}`);
  };

  it('creates a partly labeled classification dataset and a detection dataset, once', async () => {
    const t0 = Date.now();
    const first = await ensureDemoData(opts);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(first.created).toBe(true);
    const created = await datasets();
    expect(created.map((d) => [d.dataset_name, d.dataset_type]).sort()).toEqual([
      [DEMO_DATASETS.boxes, 1],
      [DEMO_DATASETS.shapes, 0],
    ]);
    expect(created.find((d) => d.dataset_name === DEMO_DATASETS.shapes)!.dataset_id).toBe(first.datasetId);

    expect(await ensureDemoData(opts)).toEqual({ created: false });
    expect(await datasets()).toHaveLength(2);
  });

  it('leaves two thirds of the shapes labeled by folder and the rest waiting for labels', async () => {
    const shapes = await byName(DEMO_DATASETS.shapes);
    expect(await importsFinished(client, shapes.dataset_id)).toEqual(['COMPLETED']);
    const after = await client.request<DatasetSummary>('GET', `/datasets/${shapes.dataset_id}`);
    expect(after.total_sample_count).toBe(DEMO_SHAPE_COUNT);
    expect(after.annotated_sample_count).toBe((DEMO_SHAPE_COUNT * 2) / 3);
    expect(after.labels.map((l) => [l.name, l.property?.['@modelarts:color'], l.sample_count]).sort()).toEqual(
      SHAPE_CLASSES.map((c) => [c, SHAPE_COLORS[c], DEMO_SHAPE_COUNT / 6]).sort(),
    );
    const unlabeled = await client.request<{ sample_count: number; samples: { labels: unknown[]; sample_name: string }[] }>(
      'GET',
      `/datasets/${shapes.dataset_id}/data-annotations/samples?sample_state=__NONE__&limit=5`,
    );
    expect(unlabeled.sample_count).toBe(DEMO_SHAPE_COUNT / 3);
    for (const s of unlabeled.samples) expect([s.labels, s.sample_name.startsWith('img-')]).toEqual([[], true]);
  });

  it('labels every detection image with the boxes of its Pascal VOC file', async () => {
    const boxes = await byName(DEMO_DATASETS.boxes);
    expect(await importsFinished(client, boxes.dataset_id)).toEqual(['COMPLETED']);
    const after = await client.request<DatasetSummary>('GET', `/datasets/${boxes.dataset_id}`);
    expect([after.total_sample_count, after.annotated_sample_count]).toEqual([DEMO_BOX_COUNT, DEMO_BOX_COUNT]);
    // Objects per class in the VOC files = occurrences per label in the dataset.
    const vocDir = path.join(dataDir, 'obs', 'demo', 'boxes');
    const objects = new Map<string, number>();
    for (const file of readdirSync(vocDir).filter((f) => f.endsWith('.xml'))) {
      for (const m of readFileSync(path.join(vocDir, file), 'utf8').matchAll(/<name>(\w+)<\/name>/g)) {
        objects.set(m[1], (objects.get(m[1]) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(after.labels.map((l) => [l.name, l.count]))).toEqual(Object.fromEntries(objects));
    expect(after.labels.every((l) => l.type === 1)).toBe(true);

    // Each sample carries exactly its VOC file's boxes.
    const page = await client.request<{ samples: { sample_name: string; labels: { name: string; property: Record<string, unknown> }[] }[] }>(
      'GET',
      `/datasets/${boxes.dataset_id}/data-annotations/samples?limit=10`,
    );
    expect(page.samples).toHaveLength(10);
    for (const sample of page.samples) {
      const xml = readFileSync(path.join(vocDir, sample.sample_name.replace(/\.jpg$/, '.xml')), 'utf8');
      const voc = [...xml.matchAll(/<name>(\w+)<\/name>[\s\S]*?<xmin>(\d+)<\/xmin>\s*<ymin>(\d+)<\/ymin>\s*<xmax>(\d+)<\/xmax>\s*<ymax>(\d+)<\/ymax>/g)].map(
        (m) => [m[1], [[+m[2], +m[3]], [+m[4], +m[5]]]],
      );
      expect(sample.labels.map((l) => [l.name, l.property['@modelarts:feature']])).toEqual(voc);
    }
  });
});
