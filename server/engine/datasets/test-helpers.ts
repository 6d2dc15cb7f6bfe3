import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Dataset } from '../../contract/dataset.js';
import type { TestEngine } from '../test-utils.js';

/** Creates folders (and optionally small JPEGs) in the engine's object store, as a user's upload would. */
export async function seedFolder(engine: TestEngine, objectPath: string, images = 0): Promise<void> {
  const dir = path.join(engine.dataDir, 'obs', ...objectPath.split('/').filter(Boolean));
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < images; i++) {
    const jpeg = await sharp({ create: { width: 16 + i, height: 12, channels: 3, background: { r: (i * 37) % 255, g: 90, b: 160 } } })
      .jpeg()
      .toBuffer();
    writeFileSync(path.join(dir, `img-${String(i).padStart(4, '0')}.jpg`), jpeg);
  }
}

export const fsPathOf = (engine: TestEngine, objectPath: string) => path.join(engine.dataDir, 'obs', ...objectPath.split('/').filter(Boolean));

/** A D2 body for a dataset of a type that starts no import. */
export const tableBody = (name: string, input: string, output: string, extra: Record<string, unknown> = {}) => ({
  dataset_name: name,
  dataset_type: 400,
  data_sources: [{ data_type: 0, data_path: input }],
  work_path: output,
  work_path_type: 0,
  ...extra,
});

export async function describeDataset(engine: TestEngine, id: string, query = ''): Promise<Dataset> {
  const res = await engine.call('GET', `/datasets/${id}${query}`);
  if (res.statusCode !== 200) throw new Error(`D3 answered ${res.statusCode}: ${res.body}`);
  return Dataset.parse(res.json());
}

/** Polls D3 until the dataset's import is over (status back to 1). */
export async function waitForImport(engine: TestEngine, id: string, timeoutMs = 20_000): Promise<Dataset> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ds = await describeDataset(engine, id);
    if (ds.status === 1 && !ds.exist_running_task) return ds;
    if (Date.now() > deadline) throw new Error(`import of ${id} still running: ${JSON.stringify(ds)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
