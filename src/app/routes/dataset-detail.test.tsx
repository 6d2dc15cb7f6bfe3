import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role } from '@contract/bff';
import type { TaskSummary } from '@contract/task';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '@contract/dataset';
import { apiError, installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { currentUrl, renderRoutes, TEST_PROJECT } from '@/test/render';
import DatasetDetailPage from './dataset-detail';

const ID = 'dsEEEEEEEEEEEEEEEEE';
configure({ asyncUtilTimeout: 5_000 });

// jsdom has no canvas; the overview's chart only needs a context that accepts calls.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() =>
    new Proxy({} as Record<string | symbol, unknown>, {
      get: (t, p) => (p in t ? t[p] : p === 'measureText' ? (s: string) => ({ width: s.length * 7 }) : () => ({ addColorStop: () => {} })),
      set: (t, p, v) => ((t[p] = v), true),
    })) as unknown as HTMLCanvasElement['getContext'];
});

const dataset: Dataset = {
  dataset_id: ID,
  dataset_name: 'pets',
  dataset_type: 1,
  dataset_format: 0,
  data_format: 'Default',
  description: '',
  status: 1,
  create_time: 1_700_000_000_000,
  update_time: 1_700_000_000_000,
  data_update_time: 1_700_000_000_000,
  data_sources: [{ data_type: 0, data_path: '/bucket/pets/' }],
  work_path: '/bucket/out/',
  work_path_type: 0,
  inner_work_path: '',
  inner_annotation_path: '',
  inner_data_path: '',
  inner_log_path: '',
  inner_temp_path: '',
  inner_task_path: '',
  next_version_num: 1,
  dataset_version_count: 0,
  labels: [{ name: 'cat', type: 1, property: { '@modelarts:color': '#3399ff' }, sample_count: 2, count: 3 }],
  total_sample_count: 5,
  annotated_sample_count: 2,
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
  feature_supports: [],
  workspace_id: '0',
};

let network: ReturnType<typeof installFakeNetwork>;
function serve(role?: Role) {
  network = installFakeNetwork((req) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    if (role && req.path === '/bff/session') return json({ user: { username: 'u', role }, project_id: TEST_PROJECT, upstream: 'local', csrf_token: 'c' });
    if (path === `/datasets/${ID}`) return json(dataset);
    if (path.startsWith('/datasets/') && !path.startsWith(`/datasets/${ID}`)) return apiError(400, 'ModelArts.4352', 'Dataset does not exist');
    if (path.endsWith('/stats'))
      return json({ label_stats: dataset.labels, grouped_label_stats: {}, sample_stats: { total: 5, manual_annotation: 2, un_annotation: 3 }, key_sample_stats: {}, hard_detail_stats: {}, metadata_stats: {}, data_path: '', data_spliting_enable: false });
    if (path.endsWith('/import-tasks')) return json({ total_count: 0, import_tasks: [] });
    if (path.endsWith('/labels')) return json({ total_number: 1, labels: dataset.labels });
    if (path.endsWith('/samples')) return json({ sample_count: 0, samples: [] });
    return apiError(404, 'ModelArts.4204', `no fake for ${path}`);
  });
}
afterEach(() => network.restore());

const renderPage = (path: string) => renderRoutes([{ path: '/datasets/:datasetId/*', element: <DatasetDetailPage /> }], path);

describe('dataset detail page', () => {
  it('shows the header and keeps the tab in the URL', async () => {
    serve();
    const user = userEvent.setup({ delay: null });
    const { router } = renderPage(`/datasets/${ID}`);
    expect(await screen.findByRole('heading', { name: 'pets' })).toBeTruthy();
    expect(screen.getByText('Object detection')).toBeTruthy();
    expect(await screen.findByRole('group', { name: 'Total samples' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Overview', selected: true })).toBeTruthy();

    await user.click(screen.getByRole('tab', { name: 'Labels' }));
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${ID}/labels`));
    expect(await screen.findByRole('button', { name: /New label/ })).toBeTruthy();

    await user.click(screen.getByRole('tab', { name: 'Samples' }));
    await waitFor(() => expect(currentUrl(router)).toBe(`/datasets/${ID}/samples`));
    expect(await screen.findByText(/has no samples yet/)).toBeTruthy();
  });

  it('offers the upload to people who may add samples, not to labelers', async () => {
    serve('manager');
    const manager = renderPage(`/datasets/${ID}/samples`);
    expect(await screen.findByText(/has no samples yet/)).toBeTruthy();
    expect(await screen.findByRole('button', { name: /Upload images/ })).toBeTruthy();
    manager.unmount();
    network.restore();

    serve('labeler');
    const labeler = renderPage(`/datasets/${ID}/samples`);
    expect(await screen.findByText(/has no samples yet/)).toBeTruthy();
    // Once the session (the role) is known, the page has decided.
    await waitFor(() => expect(labeler.client.getQueryState(['session', 'current'])?.status).toBe('success'));
    expect(screen.queryByRole('button', { name: /Upload images/ })).toBeNull();
  });

  it('opens the tab named in the URL', async () => {
    serve();
    renderPage(`/datasets/${ID}/labels`);
    expect(await screen.findByRole('tab', { name: 'Labels', selected: true })).toBeTruthy();
  });

  it('says when the dataset does not exist and offers the way back', async () => {
    serve();
    renderPage('/datasets/missingmissingmissi/overview');
    expect(await screen.findByText('This dataset does not exist or was deleted')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Back to datasets' })).toBeTruthy();
  });
});

describe('dataset Tasks tab', () => {
  const running: TaskSummary = {
    task_id: 'tRUNRUNRUNRUNRUNRUN',
    kind: 'export',
    dataset_id: ID,
    dataset_name: 'pets',
    status: 'RUNNING',
    phase: 'running',
    progress: 50,
    create_time: Date.now() - 2_000,
    start_time: Date.now() - 1_000,
    update_time: Date.now(),
    attempts: 1,
    params: { dataset_id: ID, path: '/bucket/out/' },
    result: {},
  };
  function serveWithTasks(role: Role) {
    const lists: FakeRequest[] = [];
    network = installFakeNetwork((req) => {
      const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
      if (req.path === '/bff/session') return json({ user: { username: 'u', role }, project_id: TEST_PROJECT, upstream: 'local', csrf_token: 'c' });
      if (path === `/datasets/${ID}`) return json(dataset);
      if (path === '/task-center/tasks') {
        lists.push(req);
        return json({ total_count: 1, active_count: 1, tasks: [running] });
      }
      if (path.endsWith('/sync-data/status')) return json({ dataset_id: ID, status: 'NOT_EXIST', add_sample_count: 0, deleted_sample_count: 0, total_sample_count: 0 });
      return apiError(404, 'ModelArts.4204', `no fake for ${path}`);
    });
    return lists;
  }

  it('lists the dataset\'s tasks, highlights the one just started, and offers import and sync to managers', async () => {
    const lists = serveWithTasks('manager');
    renderPage(`/datasets/${ID}/tasks?task=${running.task_id}`);
    // Label queries: role queries over the whole dataset page are slow in jsdom.
    const bar = await screen.findByLabelText('Export progress 50%');
    expect(document.querySelector('[role=tab][aria-selected=true]')?.textContent).toBe('Tasks');
    expect(bar.closest('tr')?.getAttribute('aria-current')).toBe('true');
    expect(lists[0].params).toMatchObject({ dataset_id: ID });
    const row = bar.closest('tr')!;
    expect(within(row).getByLabelText('Stop the Export of pets').tagName).toBe('BUTTON');
    const toolbar = screen.getByLabelText('Task filters').parentElement!;
    expect(await within(toolbar).findByText('Import', { selector: 'button *' })).toBeTruthy();
    expect(within(toolbar).getByText('Sync data', { selector: 'button *' })).toBeTruthy();
    expect(within(toolbar).getByText('Export', { selector: 'button *' })).toBeTruthy();
  });

  it('shows the same rows without actions to a reviewer', async () => {
    serveWithTasks('reviewer');
    renderPage(`/datasets/${ID}/tasks`);
    const row = (await screen.findByLabelText('Export progress 50%')).closest('tr')!;
    expect(row.querySelector('button')).toBeNull();
    const toolbar = screen.getByLabelText('Task filters').parentElement!;
    expect([...toolbar.querySelectorAll('button')].map((b) => b.textContent).join()).not.toMatch(/Import|Export|Sync/);
  });
});
