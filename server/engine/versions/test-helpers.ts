import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatSdkDate } from '../../contract/signing.js';
import { DatasetVersion, type CreateVersionInput } from '../../contract/version.js';
import type { SampleLabel } from '../../contract/sample.js';
import { insertSamples, sampleIdFor, type NewSample } from '../samples/repository.js';
import type { TestEngine } from '../test-utils.js';

/**
 * Test helpers for versions: an engine clock the tests move forward (the one-publish-per-minute rule),
 * requests signed at that clock's time, and publish-then-wait.
 */

export interface Clocked {
  advance(ms: number): void;
  call: TestEngine['call'];
}

/** Makes `engine.ctx.now` movable; requests are signed with the engine's time so auth keeps accepting them. */
export function clocked(engine: TestEngine): Clocked {
  let offset = 0;
  engine.ctx.now = () => Date.now() + offset;
  return {
    advance: (ms) => {
      offset += ms;
    },
    call: (method, url, body, headers = {}) =>
      engine.call(method, url, body, { 'x-sdk-date': formatSdkDate(new Date(engine.ctx.now())), ...headers }),
  };
}

/** V2, expecting 201; returns the version id. */
export async function publish(c: Clocked, datasetId: string, body: CreateVersionInput = {}): Promise<string> {
  const res = await c.call('POST', `/datasets/${datasetId}/versions`, body);
  if (res.statusCode !== 201) throw new Error(`V2 answered ${res.statusCode}: ${res.body}`);
  return (res.json() as { version_id: string }).version_id;
}

export async function getVersion(c: Clocked, datasetId: string, versionId: string): Promise<DatasetVersion> {
  const res = await c.call('GET', `/datasets/${datasetId}/versions/${versionId}`);
  if (res.statusCode !== 200) throw new Error(`V3 answered ${res.statusCode}: ${res.body}`);
  return DatasetVersion.parse(res.json());
}

/** Polls V3 until the version is normal (1) or failed (4). */
export async function waitForVersion(c: Clocked, datasetId: string, versionId: string, timeoutMs = 60_000): Promise<DatasetVersion> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await getVersion(c, datasetId, versionId);
    if (v.status === 1 || v.status === 4) return v;
    if (Date.now() > deadline) throw new Error(`version ${versionId} still creating: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Publishes and waits; the clock moves a minute on first so that the next publish is allowed. */
export async function publishAndWait(c: Clocked, datasetId: string, body: CreateVersionInput = {}): Promise<DatasetVersion> {
  const id = await publish(c, datasetId, body);
  c.advance(61_000);
  return waitForVersion(c, datasetId, id);
}

export interface ManifestEntry {
  source: string;
  usage?: string;
  id: string;
  annotation?: Record<string, unknown>[];
  [key: string]: unknown;
}

/** Reads a manifest by object path and parses each of its JSON lines. */
export function readManifest(engine: TestEngine, objectPath: string): ManifestEntry[] {
  const text = readFileSync(engine.ctx.store.parse(objectPath).fsPath, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ManifestEntry);
}

/** Samples without files (classification needs none): `/bucket/input/{prefix}{i}.jpg`, labeled by `labelOf(i)`. */
export function insertNumberedSamples(
  engine: TestEngine,
  datasetId: string,
  count: number,
  labelOf: (i: number) => (string | SampleLabel)[] = () => [],
  prefix = 'img-',
): string[] {
  const samples: NewSample[] = [];
  for (let i = 0; i < count; i++) {
    const objectPath = `/bucket/input/${prefix}${i}.jpg`;
    samples.push({
      id: sampleIdFor(objectPath),
      name: `${prefix}${i}.jpg`,
      dir: '/bucket/input/',
      path: objectPath,
      type: 0,
      size: 100,
      sample_time: 1_700_000_000_000,
      labels: labelOf(i).map((l) => (typeof l === 'string' ? { name: l } : l)),
      metadata: { '@modelarts:size': [64, 48, 3] },
    });
  }
  for (let i = 0; i < samples.length; i += 5000) insertSamples(engine.ctx, datasetId, samples.slice(i, i + 5000));
  return samples.map((s) => s.id);
}
