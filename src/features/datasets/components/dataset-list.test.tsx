import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { currentUrl, renderRoutes, TEST_PROJECT } from '@/test/render';
import { DatasetList } from './dataset-list';

configure({ defaultHidden: true });

function dataset(i: number, over: Record<string, unknown> = {}) {
  return {
    dataset_id: `ds${String(i).padStart(17, '0')}`,
    dataset_name: `set_${i}`,
    dataset_type: 1,
    dataset_format: 0,
    data_format: 'Default',
    description: '',
    status: 1,
    create_time: 1_700_000_000_000 + i,
    update_time: 1_700_000_000_000 + i,
    data_update_time: 1_700_000_000_000 + i,
    data_sources: [{ data_type: 0, data_path: `/bucket/in${i}/` }],
    work_path: '/bucket/out/',
    work_path_type: 0,
    inner_work_path: '', inner_annotation_path: '', inner_data_path: '', inner_log_path: '', inner_temp_path: '', inner_task_path: '',
    next_version_num: 0,
    dataset_version_count: 0,
    labels: [],
    total_sample_count: 40,
    annotated_sample_count: 10,
    unconfirmed_sample_count: 0,
    deleted_sample_count: 0,
    loading_sample_count: 0,
    exist_running_task: false,
    running_tasks_id: [],
    exist_workforce_task: false,
    workforce_task_count: 0,
    import_data: false,
    managed: false,
    content_labeling: true,
    feature_supports: ['0'],
    workspace_id: '0',
    ...over,
  };
}

let restore = () => {};
afterEach(() => restore());

/** A tiny D1 endpoint over `total` datasets: enough to page, search and filter by type. */
function serveDatasets(total: number) {
  let all = Array.from({ length: total }, (_, i) => dataset(i + 1));
  const net = installFakeNetwork((req: FakeRequest) => {
    if (req.method === 'DELETE') {
      all = all.filter((d) => req.path !== `/api/v2/${TEST_PROJECT}/datasets/${d.dataset_id}`);
      return { status: 204 };
    }
    if (req.method !== 'GET' || req.path !== `/api/v2/${TEST_PROJECT}/datasets`) return json({}, 404);
    const { offset = 0, limit = 10, search_content, dataset_type } = req.params as Record<string, string | number | undefined>;
    const hits = all.filter(
      (d) => (!search_content || d.dataset_name.includes(String(search_content))) && (dataset_type === undefined || d.dataset_type === Number(dataset_type)),
    );
    return json({ total_number: hits.length, datasets: hits.slice(Number(offset) * Number(limit), (Number(offset) + 1) * Number(limit)) });
  });
  restore = net.restore;
  return net;
}

async function chooseOption(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const item = await screen.findByTitle(option);
  fireEvent.click(item);
}

describe('dataset list', () => {
  it('keeps search, type, sort and page in the URL and asks the API for exactly that', async () => {
    const net = serveDatasets(25);
    const { router } = renderRoutes([{ path: '/datasets', element: <DatasetList /> }], '/datasets');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByText('set_1')).toBeTruthy();
    expect(screen.getByText('25 datasets')).toBeTruthy();
    expect(screen.getAllByText('10 / 40')).toHaveLength(10);

    fireEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(currentUrl(router)).toBe('/datasets?page=2'));
    expect(await screen.findByText('set_11')).toBeTruthy();
    expect(net.requests.at(-1)?.params).toMatchObject({ offset: 1, limit: 10 });

    await chooseOption('Sort order', 'Name A–Z');
    await waitFor(() => expect(currentUrl(router)).toBe('/datasets?sort=dataset_name%3Aasc'));
    await waitFor(() => expect(net.requests.at(-1)?.params).toMatchObject({ sort_by: 'dataset_name', order: 'asc', offset: 0 }));

    await chooseOption('Dataset type', 'Object detection');
    await waitFor(() => expect(currentUrl(router)).toBe('/datasets?type=1&sort=dataset_name%3Aasc'));

    await user.click(screen.getByLabelText('Search datasets'));
    await user.paste('set_2');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl(router)).toBe('/datasets?q=set_2&type=1&sort=dataset_name%3Aasc'));
    await waitFor(() => expect(net.requests.at(-1)?.params).toMatchObject({ search_content: 'set_2', dataset_type: 1 }));
    expect(await screen.findByText('7 datasets')).toBeTruthy();
  }, 90_000);

  it('reads its state back from a shared URL', async () => {
    const net = serveDatasets(25);
    renderRoutes([{ path: '/datasets', element: <DatasetList /> }], '/datasets?page=3&size=10&type=1');
    expect(await screen.findByText('set_21')).toBeTruthy();
    expect(net.requests[0].params).toMatchObject({ offset: 2, limit: 10, dataset_type: 1, sort_by: 'create_time', order: 'desc' });
  }, 60_000);

  it('says what to do when there are no datasets yet', async () => {
    serveDatasets(0);
    const { router } = renderRoutes([{ path: '/datasets', element: <DatasetList /> }, { path: '/datasets/new', element: <p>wizard</p> }], '/datasets');
    expect(await screen.findByText('No datasets yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Create dataset/ }));
    await waitFor(() => expect(currentUrl(router)).toBe('/datasets/new'));
  }, 60_000);

  it('confirms a delete by stating what goes and that the source files stay', async () => {
    const net = serveDatasets(1);
    renderRoutes([{ path: '/datasets', element: <DatasetList /> }], '/datasets');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete dataset set_1' }));
    expect(await screen.findByText('Its 40 samples, 0 labels and 0 versions are removed from the console.')).toBeTruthy();
    expect(screen.getByText(/The source files in \/bucket\/in1\/ stay where they are/)).toBeTruthy();
    expect(net.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Delete dataset' }));
    expect(await screen.findByText('No datasets yet')).toBeTruthy();
    expect(net.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/api/v2/${TEST_PROJECT}/datasets/ds00000000000000001`]);
  }, 60_000);
});
