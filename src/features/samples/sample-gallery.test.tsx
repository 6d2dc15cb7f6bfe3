import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabelStats } from '@contract/label';
import { installFakeNetwork, json } from '@/test/fake-network';
import { currentUrl, renderRoutes } from '@/test/render';
import { batchTaskPolling } from './batch-task';
import { SampleGallery } from './components/sample-gallery';
import { DATASET, installGalleryLayout, sampleServer } from './test-server';

const LABELS: LabelStats[] = [
  { name: 'cat', type: 1, property: { '@modelarts:color': '#3399ff' }, sample_count: 10, count: 10 },
  { name: 'dog', type: 1, property: { '@modelarts:color': '#93c47d' }, sample_count: 1, count: 1 },
];

// antd is slow to render in jsdom on a shared 2-core machine.
configure({ asyncUtilTimeout: 5_000 });

let server: ReturnType<typeof sampleServer>;
let network: ReturnType<typeof installFakeNetwork>;
let restoreLayout: () => void;
beforeEach(() => {
  batchTaskPolling.ms = 30;
  sessionStorage.clear();
  server = sampleServer();
  network = installFakeNetwork(server.handle);
  restoreLayout = installGalleryLayout();
});
afterEach(() => {
  batchTaskPolling.ms = 2_000;
  network.restore();
  restoreLayout();
});

const renderGallery = (search = '') =>
  renderRoutes(
    [
      { path: '/datasets/:datasetId/samples', element: <SampleGallery datasetId={DATASET} labels={LABELS} alsoInvalidate={[['stats', DATASET]]} /> },
      { path: '/datasets/:datasetId/annotate', element: <p>editor</p> },
    ],
    `/datasets/${DATASET}/samples${search}`,
  );
const grid = () => screen.getByRole('grid', { name: 'Samples' });
const cell = (name: string) => within(grid()).getByRole('gridcell', { name });
const listRequests = () => network.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/samples'));
const findDialog = (title: string) =>
  waitFor(() => {
    const dialog = screen.getAllByRole('dialog').find((d) => within(d).queryByText(title));
    if (!dialog) throw new Error(`no dialog titled ${title}`);
    return dialog;
  });
const user = () => userEvent.setup({ delay: null, pointerEventsCheck: 0 });

// Rendering antd in jsdom on a shared 2-core machine takes seconds per step.
describe('sample gallery', { timeout: 60_000 }, () => {
  it('shows thumbnails of one page of 100 with name, state and labels, and the count', async () => {
    renderGallery();
    const img = (await screen.findByRole('img', { name: 'img-01.jpg' })) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('/api/v2/p/storage/files/bucket/pets/img-01.jpg?expires=1&signature=x&x-image-process=image/resize,m_lfit,h_200');
    expect(within(grid()).getAllByRole('gridcell')).toHaveLength(30);
    expect(within(cell('img-01.jpg')).getByText('Labeled')).toBeTruthy();
    expect(within(cell('img-01.jpg')).getByText('cat')).toBeTruthy();
    expect(within(cell('img-02.jpg')).getByText('Unlabeled')).toBeTruthy();
    expect(screen.getByText('30 samples')).toBeTruthy();
    expect(listRequests()).toHaveLength(1);
    expect(listRequests()[0].params).toMatchObject({ offset: 0, limit: 100, process_parameter: 'image/resize,m_lfit,h_200' });
  });

  it('keeps the filters in the URL and sends them to S1', async () => {
    const u = user();
    const { router } = renderGallery();
    await screen.findByRole('img', { name: 'img-01.jpg' });

    await u.click(screen.getByRole('radio', { name: 'Unlabeled' }));
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples?state=unlabeled`));
    await waitFor(() => expect(screen.getByText('19 samples')).toBeTruthy());
    expect(listRequests().at(-1)?.params).toMatchObject({ offset: 0, sample_state: '__NONE__' });

    await u.click(screen.getByRole('radio', { name: 'All' }));
    const labels = screen.getByRole('combobox', { name: 'Filter by label' });
    await u.click(labels);
    await u.click(document.querySelector('.ant-select-item-option[title="cat"]') as HTMLElement);
    await u.click(document.querySelector('.ant-select-item-option[title="dog"]') as HTMLElement);
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples?label=cat&label=dog`));
    await waitFor(() => expect(screen.getByText('11 samples')).toBeTruthy());
    expect(JSON.parse(String(listRequests().at(-1)?.params.search_conditions))).toEqual([{ label_list: { op: 'OR', labels: [{ name: 'cat' }, { name: 'dog' }] } }]);

    await u.click(screen.getByText('All of them'));
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples?label=cat&label=dog&op=AND`));
    expect(await screen.findByText('No samples match these filters.')).toBeTruthy();

    await u.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples`));
  });

  it('searches by file name', async () => {
    const u = user();
    const { router } = renderGallery();
    await screen.findByRole('img', { name: 'img-01.jpg' });
    await u.type(screen.getByRole('searchbox', { name: 'File name' }), 'img-1{Enter}');
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/samples?name=img-1`));
    await waitFor(() => expect(screen.getByText('10 samples')).toBeTruthy());
  });

  it('reads the filters and the view from the URL it is opened with', async () => {
    renderGallery('?state=unlabeled&view=list');
    await screen.findByRole('gridcell', { name: 'img-02.jpg' });
    expect(listRequests()[0].params).toMatchObject({ sample_state: '__NONE__' });
    expect(screen.getByRole('radio', { name: 'Unlabeled' })).toHaveProperty('checked', true);
    expect(screen.getByRole('columnheader', { name: 'Modified' })).toBeTruthy();
    expect(within(cell('img-02.jpg')).getByText('2 KB')).toBeTruthy();
  });

  it('selects with click, shift-click and ctrl-click, then deletes with the count stated first', async () => {
    const u = user();
    const { client } = renderGallery();
    client.setQueryData(['stats', DATASET], {});
    await screen.findByRole('img', { name: 'img-01.jpg' });
    await u.click(cell('img-02.jpg'));
    await u.keyboard('{Shift>}');
    await u.click(cell('img-05.jpg'));
    await u.keyboard('{/Shift}');
    expect(screen.getByText('4 selected')).toBeTruthy();
    await u.keyboard('{Control>}');
    await u.click(cell('img-03.jpg'));
    await u.keyboard('{/Control}');
    expect(screen.getByText('3 selected')).toBeTruthy();
    expect(cell('img-03.jpg').getAttribute('aria-selected')).toBe('false');

    await u.click(screen.getByRole('button', { name: /Delete 3 samples/ }));
    const dialog = await findDialog('Delete 3 samples?');
    expect(within(dialog).getByText('This changes the 3 selected samples.')).toBeTruthy();
    await u.click(within(dialog).getByRole('checkbox', { name: 'Also delete source files' }));
    expect(within(dialog).getByText('3 source files will be deleted from storage as well.')).toBeTruthy();
    await u.click(within(dialog).getByRole('button', { name: 'Delete 3 samples' }));

    await waitFor(() => expect(screen.getByText('27 samples')).toBeTruthy());
    const del = network.requests.find((r) => r.path.endsWith('/samples/delete'));
    expect(del?.body).toEqual({ samples: [1, 3, 4].map((i) => `${i}`.padStart(32, '0')), delete_source: true });
    expect(client.getQueryState(['stats', DATASET])?.isInvalidated).toBe(true);
    expect(screen.queryByText(/^\d+ selected$/)).toBeNull();
  });

  it('adds a label to explicitly selected samples with S3, keeping the labels they had', async () => {
    const u = user();
    renderGallery();
    await screen.findByRole('img', { name: 'img-01.jpg' });
    await u.click(within(cell('img-01.jpg')).getByRole('checkbox', { name: 'Select img-01.jpg' }));
    await u.click(within(cell('img-02.jpg')).getByRole('checkbox', { name: 'Select img-02.jpg' }));
    await u.click(screen.getByRole('button', { name: /Add labels/ }));
    const dialog = await findDialog('Add labels to 2 samples');
    await u.click(within(dialog).getByRole('combobox', { name: 'Choose labels' }));
    await u.click(document.querySelector('.ant-select-dropdown .ant-select-item-option[title="dog"]') as HTMLElement);
    await u.click(within(dialog).getByRole('button', { name: 'Label 2 samples' }));
    await waitFor(() => expect(network.requests.some((r) => r.method === 'PUT')).toBe(true));
    const put = network.requests.find((r) => r.method === 'PUT');
    const body = put?.body as { samples: { sample_id: string; labels: { name: string }[] }[] };
    expect(body.samples.map((s) => [s.sample_id.slice(-1), s.labels.map((l) => l.name)])).toEqual([
      ['0', ['cat', 'dog']],
      ['1', ['dog']],
    ]);
    await waitFor(() => expect(within(cell('img-02.jpg')).getByText('dog')).toBeTruthy());
  });

  it('labels every sample matching the filter by filter, with the count that was confirmed', async () => {
    const u = user();
    renderGallery('?state=unlabeled');
    await screen.findByText('19 samples');
    await u.click(screen.getByRole('button', { name: 'Select all 19 matching' }));
    expect(screen.getByText('All 19 matching samples selected')).toBeTruthy();
    server.driftNextBatch(2);
    await u.click(screen.getByRole('button', { name: /Add labels/ }));
    const dialog = await findDialog('Add labels to 19 samples');
    expect(within(dialog).getByText('This changes all 19 samples that match the current filter.')).toBeTruthy();
    await u.click(within(dialog).getByRole('combobox', { name: 'Choose labels' }));
    await u.click(document.querySelector('.ant-select-dropdown .ant-select-item-option[title="dog"]') as HTMLElement);
    await u.click(within(dialog).getByRole('button', { name: 'Label 19 samples' }));

    // Samples arrived meanwhile: the engine refuses, the dialog says so and asks again with the new count.
    expect(await within(dialog).findByText(/changed from 19 to 21/)).toBeTruthy();
    const stored = vi.spyOn(Storage.prototype, 'setItem');
    await u.click(within(dialog).getByRole('button', { name: 'Label 21 samples' }));
    // The engine runs it as a task: the dialog follows its progress, then the gallery refreshes.
    expect(await within(dialog).findByText('Saving: 10 of 21 samples')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('No samples match these filters.')).toBeTruthy());
    expect(await screen.findByText('21 samples changed')).toBeTruthy();
    const bodies = network.requests.filter((r) => r.path.endsWith('/batch-by-filter')).map((r) => r.body);
    expect(bodies).toEqual([
      { sample_state: '__NONE__', action: 'add_labels', labels: [{ name: 'dog', type: 1 }], expected_count: 19 },
      { sample_state: '__NONE__', action: 'add_labels', labels: [{ name: 'dog', type: 1 }], expected_count: 21 },
    ]);
    expect(server.samples.filter((s) => s.labels.some((l) => l.name === 'dog'))).toHaveLength(22);
    // Read once per interval while it ran, not again once it had ended; the gallery told the outcome itself,
    // so the console-wide notification no longer watches it.
    const reads = () => network.requests.filter((r) => r.path.includes('/task-center/tasks/')).length;
    expect(reads()).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(reads()).toBe(2);
    expect(JSON.parse(sessionStorage.getItem('dc.started-tasks') ?? '[]')).toEqual([]);
    // While it ran, it was remembered for the console-wide notification (should the user have left the gallery).
    const remembered = stored.mock.calls.filter(([key]) => key === 'dc.started-tasks').map(([, value]) => JSON.parse(value) as unknown[]);
    expect(remembered[0]).toMatchObject([{ kind: 'batch', dataset_id: DATASET }]);
    stored.mockRestore();
  });

  it('stops a batch over every matching sample through the engine, and says the chunks done keep their change', async () => {
    const u = user();
    server.holdBatchTasks();
    renderGallery('?state=unlabeled');
    await screen.findByText('19 samples');
    await u.click(screen.getByRole('button', { name: 'Select all 19 matching' }));
    await u.click(screen.getByRole('button', { name: /Add labels/ }));
    const dialog = await findDialog('Add labels to 19 samples');
    await u.click(within(dialog).getByRole('combobox', { name: 'Choose labels' }));
    await u.click(document.querySelector('.ant-select-dropdown .ant-select-item-option[title="dog"]') as HTMLElement);
    await u.click(within(dialog).getByRole('button', { name: 'Label 19 samples' }));
    expect(await within(dialog).findByText('Saving: 9 of 19 samples')).toBeTruthy();
    await u.click(within(dialog).getByRole('button', { name: 'Stop' }));
    expect(await within(dialog).findByText('Stopped. Samples saved before stopping keep their change.')).toBeTruthy();
    expect(network.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/stop'))).toHaveLength(1);
  });

  it('moves, selects and opens by keyboard, and keeps the position in the URL', async () => {
    const u = user();
    const { router } = renderGallery('?state=unlabeled');
    await screen.findByText('19 samples');
    const g = grid();
    g.focus();
    // Five columns: right, then down a row.
    await u.keyboard('{ArrowRight}{ArrowDown}');
    await waitFor(() => expect(g.getAttribute('aria-activedescendant')).toBe(cell(unlabeledName(6)).id));
    await u.keyboard(' ');
    expect(cell(unlabeledName(6)).getAttribute('aria-selected')).toBe('true');
    await u.keyboard('{Shift>}{ArrowRight}{ArrowRight}{/Shift}');
    expect(screen.getByText('3 selected')).toBeTruthy();
    await u.keyboard('{Escape}');
    expect(screen.queryByText('3 selected')).toBeNull();
    await waitFor(() => expect(currentUrl(router)).toContain('i=8'));
    await u.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${DATASET}/annotate?i=8&state=unlabeled`));
  });

  it('comes back from the editor focused on the position it ended on', async () => {
    renderGallery('?i=13');
    await screen.findByRole('img', { name: 'img-14.jpg' });
    await waitFor(() => expect(grid().getAttribute('aria-activedescendant')).toBe(cell('img-14.jpg').id));
    expect(document.activeElement).toBe(grid());
  });

  it('previews a sample with its boxes', async () => {
    const u = user();
    const { router } = renderGallery();
    await u.click(await screen.findByRole('button', { name: 'Preview img-04.jpg' }));
    await waitFor(() => expect(currentUrl(router)).toContain(`sample=${'3'.padStart(32, '0')}`));
    const drawer = await findDialog('img-04.jpg');
    await within(drawer).findByText('/bucket/pets/');
    expect(drawer.querySelector('[data-testid="shape-overlay"] rect')?.getAttribute('width')).toBe('100');
  });

  it('says what to do when the dataset is empty', async () => {
    network.restore();
    network = installFakeNetwork(() => json({ sample_count: 0, samples: [], labels: [], labelers: [], metadata: {} }));
    renderGallery();
    expect(await screen.findByText(/has no samples yet/)).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'Escape' });
  });
});

/** Names of the unlabeled samples in order: the server labels every third one and the last. */
function unlabeledName(position: number) {
  const names = Array.from({ length: 29 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `img-${String(i + 1).padStart(2, '0')}.jpg`);
  return names[position];
}
