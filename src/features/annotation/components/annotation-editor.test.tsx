import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { DescribeSampleResp, SampleLabel } from '@contract/sample';
import { apiError, installFakeNetwork, json } from '@/test/fake-network';
import { currentUrl, renderRoutes } from '@/test/render';
import { AnnotationEditor } from './annotation-editor';

const ID = 'dsAAAAAAAAAAAAAAAAA';
configure({ asyncUtilTimeout: 5_000 });

const LABELS = [
  { name: 'cat', type: 0 },
  { name: 'dog', type: 0 },
  { name: 'bird', type: 0, property: { '@modelarts:shortcut': 'B' } },
];

/** A small engine stand-in at the network boundary: S1 (paging, `__NONE__` / `__ALL__`), S5 and S3. */
function serveSamples(count: number, opts: { failSave?: boolean } = {}) {
  const samples: DescribeSampleResp[] = Array.from({ length: count }, (_, i) => ({
    sample_id: `s${i}`,
    sample_name: `img-${i}.png`,
    sample_dir: '/b/in/',
    sample_type: 0,
    sample_status: 'UN_ANNOTATION',
    sample_time: 0,
    sample_size: 10,
    source: `/v2/p/storage/files/b/in/img-${i}.png?signature=x`,
    labels: [],
    metadata: { '@modelarts:size': [64, 64, 3] },
  }));
  const puts: { sample_id: string; labels: SampleLabel[] }[][] = [];
  const network = installFakeNetwork((req) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    const base = `/datasets/${ID}/data-annotations/samples`;
    if (path === base && req.method === 'GET') {
      const state = req.params.sample_state;
      const matching = samples.filter((s) => (state === '__NONE__' ? s.labels.length === 0 : state === '__ALL__' ? s.labels.length > 0 : true));
      const limit = Number(req.params.limit);
      const offset = Number(req.params.offset);
      return json({ sample_count: matching.length, samples: matching.slice(offset * limit, offset * limit + limit) });
    }
    if (path === base && req.method === 'PUT') {
      const body = req.body as { samples: { sample_id: string; labels: SampleLabel[] }[] };
      puts.push(body.samples);
      // S3 answers 200 with per-item failures (a label deleted meanwhile, say).
      if (opts.failSave) return json({ success: false, results: [{ success: false, error_code: 'ModelArts.4402', error_msg: 'Label does not exist' }] });
      for (const item of body.samples) {
        const s = samples.find((x) => x.sample_id === item.sample_id)!;
        s.labels = item.labels;
        s.sample_status = item.labels.length ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION';
      }
      return json({ success: true });
    }
    const one = samples.find((s) => path === `${base}/${s.sample_id}`);
    if (one) return json(one);
    return apiError(404, 'ModelArts.4204', `no fake for ${req.method} ${path}`);
  });
  return { samples, puts, network };
}

let restore = () => {};
afterEach(() => restore());

function open(path: string) {
  return renderRoutes(
    [
      { path: '/datasets/:datasetId/annotate', element: <AnnotationEditor datasetId={ID} datasetType={0} labels={LABELS} alsoInvalidate={[]} /> },
      { path: '/datasets/:datasetId/samples', element: <p>gallery</p> },
    ],
    path,
  );
}

const sampleName = () => screen.getByTestId('sample-name').textContent;
const position = () => screen.getByTestId('sample-position').textContent;

describe('classification editor by keyboard', () => {
  it('labels every unlabeled sample with label keys and →, saving each, then returns with Esc', async () => {
    const fake = serveSamples(5);
    restore = fake.network.restore;
    const user = userEvent.setup();
    const { router } = open(`/datasets/${ID}/annotate?i=0&state=unlabeled`);

    const chosen: Record<string, string> = {};
    for (let n = 0; n < 5; n++) {
      await waitFor(() => expect(position()).toBe(`1 / ${5 - n}`));
      const name = sampleName()!;
      // Single-label: the second key replaces the first.
      await user.keyboard(n % 2 ? '1' : '2');
      await user.keyboard(n % 3 ? 'b' : '1');
      const expected = n % 3 ? 'bird' : 'cat';
      expect(screen.getByTestId('current-labels').textContent).toBe(expected);
      expect(screen.getByRole('status').textContent).toMatch(/unsaved/i);
      chosen[name] = expected;
      await user.keyboard('{ArrowRight}');
      if (n < 4) await waitFor(() => expect(sampleName()).not.toBe(name));
    }

    await screen.findByText('End of the list');
    expect(fake.puts).toHaveLength(5);
    for (const s of fake.samples) expect(s.labels).toEqual([{ name: chosen[s.sample_name], type: 0 }]);

    await user.keyboard('{Escape}');
    await screen.findByText('gallery');
    expect(currentUrl(router)).toBe(`/datasets/${ID}/samples?i=0&state=unlabeled`);
 
    // Twenty key presses and five saves through antd in jsdom: slow on a busy 2-core machine.
  }, 60_000);

  it('toggles labels in multi-label mode, remembers the mode, undoes, and saves with Ctrl+S', async () => {
    const fake = serveSamples(3);
    restore = fake.network.restore;
    const user = userEvent.setup();
    open(`/datasets/${ID}/annotate?i=1`);
    await waitFor(() => expect(sampleName()).toBe('img-1.png'));
    expect(position()).toBe('2 / 3');

    await user.click(screen.getByRole('switch'));
    expect(localStorage.getItem(`dc.annotate.classMode.${ID}`)).toBe('multi');
    await user.keyboard('12b2');
    expect(screen.getByTestId('current-labels').textContent).toBe('cat, bird');
    await user.keyboard('{Control>}z{/Control}');
    expect(screen.getByTestId('current-labels').textContent).toBe('cat, dog, bird');
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(screen.getByTestId('current-labels').textContent).toBe('cat, bird');

    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(fake.puts).toHaveLength(1));
    expect(fake.puts[0]).toEqual([{ sample_id: 's1', labels: [{ name: 'cat', type: 0 }, { name: 'bird', type: 0 }] }]);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/saved/i));

    // Stepping back after an explicit save moves to the previous sample, not a re-read neighbour.
    await user.keyboard('{ArrowLeft}');
    await waitFor(() => expect(sampleName()).toBe('img-0.png'));
    expect(fake.puts).toHaveLength(1);
  });

  it('asks before leaving with unsaved edits, and can save on the way out', async () => {
    const fake = serveSamples(2);
    restore = fake.network.restore;
    const user = userEvent.setup();
    const { router } = open(`/datasets/${ID}/annotate?i=0`);
    await waitFor(() => expect(sampleName()).toBe('img-0.png'));
    await user.keyboard('2{Escape}');

    const dialog = await screen.findByRole('dialog', { name: 'Leave with unsaved changes?' });
    expect(currentUrl(router)).toMatch(/annotate/);
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(currentUrl(router)).toMatch(/annotate/);

    await user.keyboard('{Escape}');
    const again = await screen.findByRole('dialog', { name: 'Leave with unsaved changes?' });
    await user.click(within(again).getByRole('button', { name: 'Save and leave' }));
    await screen.findByText('gallery');
    expect(fake.samples[0].labels).toEqual([{ name: 'dog', type: 0 }]);
    expect(currentUrl(router)).toBe(`/datasets/${ID}/samples?i=0`);
  });

  it('stays on the sample with its edits when saving fails', async () => {
    const fake = serveSamples(2, { failSave: true });
    restore = fake.network.restore;
    const user = userEvent.setup();
    open(`/datasets/${ID}/annotate?i=0`);
    await waitFor(() => expect(sampleName()).toBe('img-0.png'));
    await user.keyboard('1{ArrowRight}');
    await waitFor(() => expect(fake.puts).toHaveLength(1));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/unsaved/i));
    expect(sampleName()).toBe('img-0.png');
    expect(screen.getByTestId('current-labels').textContent).toBe('cat');
    expect(fake.samples[0].labels).toEqual([]);
  });
});
