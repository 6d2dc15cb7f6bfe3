import { describe, expect, it } from 'vitest';
import type { DescribeSampleResp, ListSamplesResp } from '@contract/sample';
import { runExplicitBatch, SelectionChangedError, type BatchProgress } from './batch-run';

const sample = (i: number, labels: string[] = []): DescribeSampleResp => ({
  sample_id: String(i).padStart(32, '0'),
  sample_name: `s${i}.jpg`,
  sample_dir: '/b/',
  sample_type: 0,
  sample_status: labels.length ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION',
  sample_time: 0,
  sample_size: 1,
  source: '',
  labels: labels.map((name) => ({ name, type: 0 })),
  metadata: {},
});

function deps(rows: DescribeSampleResp[]) {
  const calls = { pages: [] as number[], updates: [] as { sample_id: string; labels: { name: string }[] }[][], deletes: [] as string[][], progress: [] as BatchProgress[] };
  return {
    calls,
    deps: {
      fetchPage: async (page: number): Promise<ListSamplesResp> => {
        calls.pages.push(page);
        return { sample_count: rows.length, samples: rows.slice(page * 100, page * 100 + 100) };
      },
      shownId: () => undefined,
      updateLabels: async (s: { sample_id: string; labels: { name: string }[] }[]) => void calls.updates.push(s),
      deleteSamples: async (ids: string[]) => void calls.deletes.push(ids),
      onProgress: (p: BatchProgress) => void calls.progress.push(p),
    },
  };
}

describe('explicit batches', () => {
  const rows = Array.from({ length: 250 }, (_, i) => sample(i, i % 2 ? ['cat'] : []));

  it('adds a label with S3 in chunks, keeping existing labels and skipping samples that have it', async () => {
    const { calls, deps: d } = deps(rows);
    const result = await runExplicitBatch([[90, 209]], 250, { action: 'add_labels', labels: [{ name: 'cat', type: 0 }] }, d);
    expect(calls.pages).toEqual([0, 1, 2]);
    expect(result).toEqual({ matched: 120, changed: 60 });
    const sent = calls.updates.flat();
    expect(sent.every((s) => Number(s.sample_id) % 2 === 0 && s.labels.map((l) => l.name).join() === 'cat')).toBe(true);
    expect(calls.progress.at(-1)).toEqual({ phase: 'writing', done: 60, total: 60 });
  });

  it('reads everything before deleting, in chunks of ids', async () => {
    const { calls, deps: d } = deps(rows);
    const result = await runExplicitBatch([[0, 249]], 250, { action: 'delete', delete_source: true }, d);
    expect(result.changed).toBe(250);
    expect(calls.deletes.flat()).toEqual(rows.map((r) => r.sample_id));
  });

  it('changes nothing when the list moved under the selection', async () => {
    const { calls, deps: d } = deps(rows);
    await expect(runExplicitBatch([[0, 3]], 251, { action: 'set_labels', labels: [] }, d)).rejects.toBeInstanceOf(SelectionChangedError);
    const shifted = { ...d, shownId: (i: number) => (i === 2 ? 'someone-else' : undefined) };
    await expect(runExplicitBatch([[0, 3]], 250, { action: 'set_labels', labels: [] }, shifted)).rejects.toBeInstanceOf(SelectionChangedError);
    expect(calls.updates).toEqual([]);
  });

  it('stops between chunks when aborted', async () => {
    const { calls, deps: d } = deps(rows);
    const controller = new AbortController();
    const stopping = { ...d, updateLabels: async (s: { sample_id: string; labels: { name: string }[] }[]) => (calls.updates.push(s), controller.abort()) };
    await expect(runExplicitBatch([[0, 249]], 250, { action: 'set_labels', labels: [] }, { ...stopping, signal: controller.signal })).rejects.toThrow();
    expect(calls.updates).toHaveLength(1);
  });
});
