import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabelStats } from '@contract/label';
import type { DescribeSampleResp } from '@contract/sample';
import { apiError, installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { currentUrl, renderRoutes } from '@/test/render';
import { SamplesTab } from './components/samples-tab';

const DATASET = 'dsBBBBBBBBBBBBBBBBB';
const LABELS: LabelStats[] = [
  { name: 'cat', type: 1, property: { '@modelarts:color': '#3399ff' }, sample_count: 10, count: 10 },
  { name: 'dog', type: 1, property: { '@modelarts:color': '#93c47d' }, sample_count: 1, count: 1 },
];

/** 30 samples: every third one labeled `cat` with a box, the last one `dog`; the rest unlabeled. */
function sampleServer() {
  let samples: DescribeSampleResp[] = Array.from({ length: 30 }, (_, i) => {
    const name = `img-${String(i + 1).padStart(2, '0')}.jpg`;
    const labels =
      i === 29 ? [{ name: 'dog', type: 1 }] : i % 3 === 0 ? [{ name: 'cat', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[10, 20], [110, 70]] } }] : [];
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
  const base = `/datasets/${DATASET}/data-annotations/samples`;
  const handle = (req: FakeRequest) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    const p = req.params as Record<string, string | number | undefined>;
    if (req.method === 'GET' && path === base) {
      const matching = samples.filter(
        (s) =>
          (p.sample_state === undefined || (p.sample_state === '__NONE__') === (s.labels.length === 0)) &&
          (p.label_name === undefined || s.labels.some((l) => l.name === p.label_name)),
      );
      const limit = Number(p.limit);
      const page = matching.slice(Number(p.offset) * limit, (Number(p.offset) + 1) * limit);
      return json({ sample_count: matching.length, samples: page.map((s) => ({ ...s, source: `${s.source}&x-image-process=${p.process_parameter}` })) });
    }
    if (req.method === 'GET' && path.startsWith(`${base}/`)) {
      const s = samples.find((x) => x.sample_id === path.slice(base.length + 1));
      return s ? json(s) : apiError(400, 'ModelArts.4420', 'Sample does not exist');
    }
    if (req.method === 'POST' && path === `${base}/delete`) {
      const ids = (req.body as { samples: string[] }).samples;
      samples = samples.filter((s) => !ids.includes(s.sample_id));
      return json({ success: true });
    }
    return apiError(404, 'ModelArts.4204', `no fake for ${req.method} ${path}`);
  };
  return { handle, get samples() { return samples; } };
}

// antd is slow to render in jsdom on a shared 2-core machine.
configure({ asyncUtilTimeout: 5_000 });

let server: ReturnType<typeof sampleServer>;
let network: ReturnType<typeof installFakeNetwork>;
beforeEach(() => {
  server = sampleServer();
  network = installFakeNetwork(server.handle);
});
afterEach(() => network.restore());

const renderTab = (search = '') =>
  renderRoutes(
    [{ path: '/datasets/:datasetId/samples', element: <SamplesTab datasetId={DATASET} labels={LABELS} alsoInvalidate={[['stats', DATASET]]} /> }],
    `/datasets/${DATASET}/samples${search}`,
  );
/** antd names dialogs through ids that collide in tests: find the dialog by its visible title instead. */
const findDialog = (title: string) =>
  waitFor(() => {
    const dialog = screen.getAllByRole('dialog').find((d) => within(d).queryByText(title));
    if (!dialog) throw new Error(`no dialog titled ${title}`);
    return dialog;
  });
const listRequests = () => network.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/samples'));

describe('samples tab', () => {
  it('shows a page of thumbnails with name, state and label chips', async () => {
    renderTab();
    const img = (await screen.findByRole('img', { name: 'img-01.jpg' })) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('/api/v2/p/storage/files/bucket/pets/img-01.jpg?expires=1&signature=x&x-image-process=image/resize,m_lfit,h_200');
    expect(img.getAttribute('loading')).toBe('lazy');
    const cards = within(screen.getByRole('list', { name: 'Samples' })).getAllByRole('listitem');
    expect(cards).toHaveLength(24);
    const first = within(cards[0]);
    expect(first.getByText('Labeled')).toBeTruthy();
    expect(first.getByText('cat')).toBeTruthy();
    expect(within(cards[1]).getByText('Unlabeled')).toBeTruthy();
    expect(screen.getByText('30 samples')).toBeTruthy();
    expect(listRequests()[0].params).toMatchObject({ offset: 0, limit: 24, process_parameter: 'image/resize,m_lfit,h_200' });
  });

  it('keeps filters and page in the URL and sends them to the API', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const { router } = renderTab();
    await screen.findByRole('img', { name: 'img-01.jpg' });

    await user.click(screen.getByTitle('2'));
    await screen.findByRole('img', { name: 'img-25.jpg' });
    expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples?page=2`);
    expect(listRequests().at(-1)?.params).toMatchObject({ offset: 1, limit: 24 });

    // A filter starts again from page 1.
    await user.click(screen.getByRole('radio', { name: 'Unlabeled' }));
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples?state=unlabeled`));
    expect(listRequests().at(-1)?.params).toMatchObject({ offset: 0, sample_state: '__NONE__' });
    await waitFor(() => expect(screen.getByText('19 samples')).toBeTruthy());

    await user.click(screen.getByRole('radio', { name: 'All' }));
    await user.click(screen.getByRole('combobox', { name: 'Filter by label' }));
    await user.click(document.querySelector('.ant-select-item-option[title="dog"]') as HTMLElement);
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples?label=dog`));
    expect(listRequests().at(-1)?.params).toMatchObject({ label_name: 'dog' });
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Samples' })).getAllByRole('listitem')).toHaveLength(1));
  });

  it('reads the filters from the URL it is opened with', async () => {
    renderTab('?state=labeled&page=1&size=48');
    await screen.findByRole('list', { name: 'Samples' });
    expect(listRequests()[0].params).toMatchObject({ offset: 0, limit: 48, sample_state: '__ALL__' });
    expect(screen.getByRole('radio', { name: 'Labeled' })).toHaveProperty('checked', true);
  });

  it('deletes the selected samples with their source files after stating the count', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const { client } = renderTab();
    client.setQueryData(['stats', DATASET], {});
    await screen.findByRole('img', { name: 'img-01.jpg' });
    await user.click(screen.getByRole('checkbox', { name: 'Select img-01.jpg' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select img-03.jpg' }));
    await user.click(screen.getByRole('button', { name: /Delete 2 samples/ }));

    const dialog = await findDialog('Delete 2 samples?');
    expect(within(dialog).getByText('The source files stay in storage.')).toBeTruthy();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Also delete source files' }));
    expect(within(dialog).getByText('2 source files will be deleted from storage as well.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 samples' }));

    await waitFor(() => expect(screen.queryByRole('img', { name: 'img-01.jpg' })).toBeNull());
    const del = network.requests.find((r) => r.path.endsWith('/samples/delete'));
    expect(del?.body).toEqual({ samples: ['0'.repeat(32), '2'.padStart(32, '0')], delete_source: true });
    expect(server.samples).toHaveLength(28);
    expect(screen.getByText('28 samples')).toBeTruthy();
    expect(client.getQueryState(['stats', DATASET])?.isInvalidated).toBe(true);
  });

  it('selects a whole page at once', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    renderTab();
    await screen.findByRole('img', { name: 'img-01.jpg' });
    await user.click(screen.getByRole('checkbox', { name: 'Select page' }));
    expect(screen.getByRole('button', { name: /Delete 24 samples/ })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Select img-24.jpg' })).toHaveProperty('checked', true);
  });

  it('previews a sample with its boxes, labels and metadata', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const { router } = renderTab();
    await user.click(await screen.findByRole('button', { name: 'Preview img-04.jpg' }));
    await waitFor(() => expect(currentUrl(router)).toContain(`sample=${'3'.padStart(32, '0')}`));
    const drawer = await findDialog('img-04.jpg');
    await within(drawer).findByText('/bucket/pets/');
    expect(within(drawer).getByText('2 KB · 200 × 100 px')).toBeTruthy();
    const box = drawer.querySelector('[data-testid="shape-overlay"] rect');
    expect(box?.getAttribute('x')).toBe('10');
    expect(box?.getAttribute('width')).toBe('100');
    expect(box?.getAttribute('height')).toBe('50');
    expect(within(drawer).getAllByText('cat').length).toBeGreaterThan(0);
  });

  it('says what to do when the dataset or the filter is empty', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const first = renderTab('?label=nothing');
    expect(await screen.findByText('No samples match these filters.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByRole('img', { name: 'img-01.jpg' });
    first.unmount();
    network.restore();
    network = installFakeNetwork(() => json({ sample_count: 0, samples: [] }));
    renderTab();
    expect(await screen.findByText(/has no samples yet/)).toBeTruthy();
  });
});
