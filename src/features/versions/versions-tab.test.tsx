import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatasetVersion } from '@contract/version';
import { apiError, installFakeNetwork, json, type FakeRequest, type FakeResponse } from '@/test/fake-network';
import { renderRoutes, TEST_PROJECT } from '@/test/render';
import { VERSION_POLL_MS } from './api';
import { VersionsTab } from './components/versions-tab';

configure({ defaultHidden: true });

const DATASET = 'dsAAAAAAAAAAAAAAAAA';
const BASE = `/api/v2/${TEST_PROJECT}/datasets/${DATASET}`;

function version(over: Partial<DatasetVersion>): DatasetVersion {
  return {
    version_id: 'vAAAAAAAAAAAAAAAAA1',
    version_name: 'V001',
    version_format: 'Default',
    status: 1,
    is_current: true,
    create_time: 1_700_000_000_000,
    update_time: 1_700_000_000_000,
    description: '',
    task_type: 0,
    label_type: 'single',
    total_sample_count: 12,
    annotated_sample_count: 10,
    previous_total_sample_count: 0,
    previous_annotated_sample_count: 0,
    add_sample_count: 12,
    modified_sample_count: 0,
    deleted_sample_count: 0,
    label_stats: [
      { name: 'cat', type: 0, property: { '@modelarts:color': '#3399ff' }, count: 6, sample_count: 6 },
      { name: 'dog', type: 0, property: {}, count: 4, sample_count: 4 },
    ],
    train_evaluate_sample_ratio: '0.70',
    remove_sample_usage: true,
    export_images: false,
    clear_hard_property: true,
    manifest_path: '/b/work/ds/annotation/V001/V001.manifest',
    data_path: '/b/work/ds/annotation/V001/data/',
    tags: [],
    manifest_url: `/v2/${TEST_PROJECT}/storage/files/b/work/ds/annotation/V001/V001.manifest?expires=1&signature=ab`,
    ...over,
  };
}

let restore = () => {};
afterEach(() => {
  restore();
  vi.useRealTimers();
});

/** V1–V4 and D4 over an in-test list of versions; `onPublish` answers V2. */
function serve(versions: DatasetVersion[], onPublish: (req: FakeRequest) => FakeResponse = () => json({ version_id: 'vNEW' }, 201)) {
  const network = installFakeNetwork((req) => {
    if (req.method === 'GET' && req.path === `${BASE}/versions`) return json({ total_number: versions.length, versions });
    if (req.method === 'GET' && req.path.startsWith(`${BASE}/versions/`)) return json(versions.find((v) => req.path.endsWith(v.version_id)));
    if (req.method === 'POST' && req.path === `${BASE}/versions`) return onPublish(req);
    if (req.method === 'DELETE') {
      versions.splice(versions.findIndex((v) => req.path.endsWith(v.version_id)), 1);
      return { status: 204 };
    }
    if (req.method === 'PUT' && req.path === BASE) {
      const id = (req.body as { current_version_id: string }).current_version_id;
      versions.forEach((v) => (v.is_current = v.version_id === id));
      return json({ dataset_id: DATASET });
    }
    return apiError(404, 'ModelArts.4204', 'no route');
  });
  restore = network.restore;
  return network.requests;
}

const renderTab = () => renderRoutes([{ path: '/', element: <VersionsTab datasetId={DATASET} datasetType={0} /> }], '/');
const rowOf = async (name: string) => (await screen.findByText(name, { selector: 'strong' })).closest('tr')!;

// jsdom renders of antd modals and tables are slow on a busy 2-core machine.
describe('VersionsTab', { timeout: 60_000 }, () => {
  it('sends the publish form as the V2 body, and leaves the name out when it is empty', async () => {
    const requests = serve([]);
    renderTab();
    await screen.findByText(/No versions yet/);
    const user = userEvent.setup({ delay: null });

    await user.click(screen.getByRole('button', { name: /Publish version/ }));
    let dialog = await screen.findByRole('dialog', { name: 'Publish a version' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Version name' }), { target: { value: 'release_1' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Description' }), { target: { value: 'first cut' } });
    const slider = within(dialog).getByRole('slider', { name: 'Training share' });
    // From the default 0.80 down to 0.70 by keyboard, one step (0.01) at a time (rc-slider reads `which`).
    for (let i = 0; i < 10; i += 1) fireEvent.keyDown(slider, { keyCode: 37, which: 37 });
    expect(slider.getAttribute('aria-valuetext')).toBe('Train 70% · eval 30%');
    expect(await within(dialog).findByText('Train 70% · eval 30%')).toBeDefined();
    await user.click(within(dialog).getByRole('switch', { name: 'Split all labeled samples again' }));
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));

    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'POST')!.body).toEqual({
      version_name: 'release_1',
      description: 'first cut',
      version_format: 'Default',
      train_evaluate_sample_ratio: '0.70',
      clear_hard_property: true,
      remove_sample_usage: false,
      export_images: false,
    });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Publish a version' })).toBeNull());

    await user.click(screen.getByRole('button', { name: /Publish version/ }));
    dialog = await screen.findByRole('dialog', { name: 'Publish a version' });
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect(requests.filter((r) => r.method === 'POST')[1].body).toEqual({
      version_format: 'Default',
      train_evaluate_sample_ratio: '0.80',
      clear_hard_property: true,
      remove_sample_usage: true,
      export_images: false,
    });
  });

  it('says clearly when publishing is refused: one per minute (4370), name taken (4371), bad name', async () => {
    let answer = apiError(400, 'ModelArts.4370', 'Only one version can be published per minute; try again in 42 s');
    serve([version({})], () => answer);
    renderTab();
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: /Publish version/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Publish a version' });

    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Only one version can be published per minute. Wait a moment and publish again.');
    expect(alert.textContent).toContain('try again in 42 s (ModelArts.4370)');

    answer = apiError(400, 'ModelArts.4371', 'A version with this name already exists');
    await user.type(within(dialog).getByRole('textbox', { name: 'Version name' }), 'V001');
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    expect(await within(dialog).findByText('A version with this name exists already; choose another name.')).toBeDefined();

    await user.clear(within(dialog).getByRole('textbox', { name: 'Version name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Version name' }), 'no spaces allowed');
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    expect(await within(dialog).findByText('1–32 letters, digits, _ and -')).toBeDefined();
  });

  it('polls while a version is being published and stops once its status is final', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const versions = [version({ status: 0, is_current: false, manifest_url: undefined })];
    const requests = serve(versions);
    renderTab();
    expect(await screen.findByText('Publishing')).toBeDefined();
    const lists = () => requests.filter((r) => r.method === 'GET' && r.path.endsWith('/versions')).length;
    expect(lists()).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(VERSION_POLL_MS));
    await waitFor(() => expect(lists()).toBe(2));
    versions[0] = version({ status: 1 });
    await act(() => vi.advanceTimersByTimeAsync(VERSION_POLL_MS));
    expect(await screen.findByText('Ready')).toBeDefined();
    const settled = lists();

    await act(() => vi.advanceTimersByTimeAsync(VERSION_POLL_MS * 5));
    expect(lists()).toBe(settled);
  });

  it('shows statistics, sets the current version, downloads a manifest and deletes after confirming', async () => {
    const versions = [version({ version_id: 'vAAAAAAAAAAAAAAAAA2', version_name: 'V002', is_current: false, previous_version_id: 'vAAAAAAAAAAAAAAAAA1', add_sample_count: 2, modified_sample_count: 1, create_time: 1_700_000_100_000 }), version({})];
    const requests = serve(versions);
    renderTab();
    const user = userEvent.setup({ delay: null });
    const v2 = await rowOf('V002');
    expect(v2.textContent).toContain('+2 ~1 −0');
    expect((await rowOf('V001')).textContent).toContain('Current');

    await user.click(within(v2).getByRole('button', { name: /Expand row/ }));
    expect(await screen.findByText('7 train · 3 eval (70% / 30%)')).toBeDefined();
    expect(screen.getByRole('list', { name: 'Label distribution' }).textContent).toContain('cat6 samples · 60%');

    await user.click(within(v2).getByRole('button', { name: 'Set V002 as the current version' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ current_version_id: 'vAAAAAAAAAAAAAAAAA2' }));
    await waitFor(async () => expect((await rowOf('V002')).textContent).toContain('Current'));

    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('V001.manifest');
      expect(this.getAttribute('href')).toBe(`/api${versions[1].manifest_url}`);
    });
    await user.click(within(await rowOf('V001')).getByRole('button', { name: /Download the manifest of V001/ }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(requests.some((r) => r.method === 'GET' && r.path === `${BASE}/versions/vAAAAAAAAAAAAAAAAA1`)).toBe(true);

    await user.click(within(await rowOf('V001')).getByRole('button', { name: 'Delete version V001' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete version V001?' });
    expect(confirm.textContent).toContain('/b/work/ds/annotation/V001/V001.manifest');
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`${BASE}/versions/vAAAAAAAAAAAAAAAAA1`]));
    await waitFor(() => expect(screen.queryByText('V001', { selector: 'strong' })).toBeNull());
  });
});
