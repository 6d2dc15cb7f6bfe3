import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeNetwork, json } from '@/test/fake-network';
import { currentUrl, renderRoutes } from '@/test/render';
import { TaskList } from './components/task-list';
import { API, CENTER, DATASET, serveTasks, task } from './test-tasks';

configure({ defaultHidden: true });

let restore = () => {};
afterEach(() => {
  restore();
  vi.useRealTimers();
});
beforeEach(() => sessionStorage.clear());

const renderList = (path = '/tasks', canManage = true) =>
  renderRoutes([{ path: '/tasks', element: <TaskList canManage={canManage} datasetOptions={[{ value: DATASET, label: 'pets' }]} /> }], path);
const rowOf = async (text: string) => (await screen.findByText(text)).closest('tr')!;

describe('task table', () => {
  it('shows every phase: live progress, elapsed and remaining time, errors and outputs', async () => {
    // Only the clock stands still, so elapsed and remaining times read exactly.
    vi.useFakeTimers({ toFake: ['Date'], now: 1_700_000_000_000 });
    const network = serveTasks([
      task({ task_id: 'tRUN', kind: 'import', result: { total_file_count: 2000, finished_file_count: 500, imported_sample_count: 480 } }),
      task({ task_id: 'tQUEUED', kind: 'sync', status: 'QUEUING', phase: 'queued', progress: 0, start_time: undefined, dataset_name: 'queued-ds' }),
      task({ task_id: 'tFAILED', kind: 'import', status: 'FAILED', phase: 'failed', progress: 40, end_time: Date.now() - 30_000, error_code: 'ModelArts.4312', error_msg: 'Path does not exist', dataset_name: 'failed-ds' }),
      task({ task_id: 'tEXPORT', kind: 'export', status: 'SUCCESSED', phase: 'succeeded', progress: 100, end_time: Date.now(), result: { manifest_path: '/bucket/out/export-1/pets.manifest', total_sample_count: 30, finished_sample_count: 30 }, dataset_name: 'export-ds' }),
      task({ task_id: 'tPUB', kind: 'publish', status: 'COMPLETED', phase: 'succeeded', progress: 100, end_time: Date.now(), dataset_name: 'pub-ds' }),
      task({ task_id: 'tSTOP', kind: 'export', status: 'FAILED', phase: 'stopped', progress: 10, end_time: Date.now(), error_code: 'ModelArts.4393', error_msg: 'Task stopped', dataset_name: 'stop-ds' }),
    ]);
    restore = network.restore;
    renderList();

    const running = await rowOf('pets');
    expect(within(running).getByRole('progressbar', { name: 'Import progress 25%' })).toBeTruthy();
    expect(within(running).getByText('Running')).toBeTruthy();
    // 60 s for 25 %: about 3 minutes to go at that pace.
    expect(within(running).getByText('1:00')).toBeTruthy();
    expect(within(running).getByText('3:00')).toBeTruthy();
    expect(within(running).getByRole('button', { name: 'Stop the Import of pets' })).toBeTruthy();
    expect(within(running).getByText('500 / 2,000 files read, 480 imported')).toBeTruthy();

    const queued = await rowOf('queued-ds');
    expect(within(queued).getByText('Queued')).toBeTruthy();
    expect(within(queued).getAllByText('—').length).toBeGreaterThanOrEqual(2);

    const failed = await rowOf('failed-ds');
    expect(within(failed).getByText('Path does not exist (ModelArts.4312)')).toBeTruthy();
    expect(within(failed).getByRole('button', { name: 'Retry the Import of failed-ds' })).toBeTruthy();
    expect(within(failed).queryByRole('button', { name: /Stop/ })).toBeNull();

    const exported = await rowOf('export-ds');
    expect(within(exported).getByText('30 / 30 samples written')).toBeTruthy();
    const zip = within(exported).getByRole('link', { name: 'Download /bucket/out/export-1 as a zip file' });
    expect(zip.getAttribute('href')).toBe(`/bff/downloads/zip?path=${encodeURIComponent('/bucket/out/export-1')}`);

    const published = await rowOf('pub-ds');
    expect(within(published).getByRole('link', { name: 'View versions' }).getAttribute('href')).toBe(`/datasets/${DATASET}/versions`);

    const stopped = await rowOf('stop-ds');
    expect(within(stopped).getByText('Stopped')).toBeTruthy();
    expect(within(stopped).getByRole('button', { name: /Retry/ })).toBeTruthy();
    expect(document.body.textContent).toContain('6 tasks, 2 unfinished');
  });

  it('hides stop and retry from people who may not change data', async () => {
    restore = serveTasks([task({ task_id: 'tRUN' }), task({ task_id: 'tF', phase: 'failed', status: 'FAILED', dataset_name: 'other' })]).restore;
    renderList('/tasks', false);
    await rowOf('other');
    expect(screen.queryByRole('button', { name: /Stop|Retry/ })).toBeNull();
  });

  it('stops a task only after a confirmation that says what is discarded', async () => {
    const network = serveTasks([task({ task_id: 'tRUN' })]);
    restore = network.restore;
    const user = userEvent.setup({ delay: null });
    renderList();
    await user.click(await screen.findByRole('button', { name: 'Stop the Import of pets' }));
    expect(await screen.findByText(/The import into pets stops at 25%. Its partial output is discarded/)).toBeTruthy();
    expect(network.requests.some((r) => r.method === 'POST')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Stop task' }));
    await waitFor(() => expect(network.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`${CENTER}/tRUN/stop`]));
    expect(await screen.findByText(/Stop requested/)).toBeTruthy();
  });

  it('shows a batch edit with what it changed, says a stop keeps the chunks done, and offers no retry', async () => {
    const running = task({ task_id: 'tBATCH', kind: 'batch', progress: 40, result: { matched: 2500, visited: 1000, changed: 900 } });
    const stopped = task({ task_id: 'tBSTOP', kind: 'batch', phase: 'stopped', status: 'FAILED', dataset_name: 'other', error_code: 'ModelArts.4393', error_msg: 'Task stopped' });
    restore = serveTasks([running, stopped]).restore;
    const user = userEvent.setup({ delay: null });
    renderList();
    const row = await rowOf('900 changed of 2,500');
    expect(within(row).getByText('Batch edit')).toBeTruthy();
    expect(within(await rowOf('other')).queryByRole('button', { name: /Retry/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Stop the Batch edit of pets' }));
    expect(await screen.findByText(/The batch edit of pets stops at 40%. Samples already changed keep their change/)).toBeTruthy();
  });

  it('retries a failed import by sending its request again, without the dataset id, and highlights the new task', async () => {
    const failed = task({ task_id: 'tFAILED', phase: 'failed', status: 'FAILED', error_code: 'ModelArts.4312', error_msg: 'gone' });
    const network = serveTasks([failed], (req) =>
      req.method === 'POST' && req.path === `${API}/datasets/${DATASET}/import-tasks` ? json({ task_id: 'tNEW' }) : json({}, 404),
    );
    restore = network.restore;
    const user = userEvent.setup({ delay: null });
    const { router } = renderList();
    await user.click(await screen.findByRole('button', { name: 'Retry the Import of pets' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/tasks?task=tNEW'));
    const post = network.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ import_path: '/bucket/pets/', import_type: 'dir', import_annotations: true });
    expect(JSON.parse(sessionStorage.getItem('dc.started-tasks') ?? '[]')).toMatchObject([{ task_id: 'tNEW', kind: 'import', dataset_id: DATASET }]);
  });

  it('retries a sync through Y1 and finds the new task through Y2', async () => {
    const failed = task({ task_id: 'tSYNC', kind: 'sync', phase: 'failed', status: 'FAILED', params: { dataset_id: DATASET } });
    const network = serveTasks([failed], (req) => {
      if (req.method === 'POST' && req.path === `${API}/datasets/${DATASET}/sync-data`) return { status: 200 };
      if (req.method === 'GET' && req.path === `${API}/datasets/${DATASET}/sync-data/status`)
        return json({ task_id: 'tSYNC2', dataset_id: DATASET, status: 'QUEUING', add_sample_count: 0, deleted_sample_count: 0, total_sample_count: 0 });
      return json({}, 404);
    });
    restore = network.restore;
    const user = userEvent.setup({ delay: null });
    const { router } = renderList();
    await user.click(await screen.findByRole('button', { name: 'Retry the Sync of pets' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/tasks?task=tSYNC2'));
  });

  it('keeps the filters in the URL and sends them to the API', async () => {
    const network = serveTasks([task({ task_id: 'tE', kind: 'export', phase: 'failed', status: 'FAILED', dataset_name: 'exp' }), task()]);
    restore = network.restore;
    const user = userEvent.setup({ delay: null });
    const { router } = renderList(`/tasks?kind=export&phase=failed,stopped&dataset=${DATASET}`);
    await rowOf('exp');
    const lists = () => network.requests.filter((r) => r.path === CENTER);
    expect(lists()[0].params).toMatchObject({ kind: 'export', phase: 'failed,stopped', dataset_id: DATASET, offset: 0, limit: 20 });
    expect(screen.queryByRole('link', { name: 'pets' })).toBeNull();

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]);
    await waitFor(() => expect(currentUrl(router)).toBe('/tasks'));
    expect(await screen.findByRole('link', { name: 'pets' })).toBeTruthy();
    expect(lists().at(-1)!.params).toEqual({ offset: 0, limit: 20 });

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByTitle('Running'));
    await waitFor(() => expect(currentUrl(router)).toBe('/tasks?phase=running'));
    await waitFor(() => expect(lists().at(-1)!.params).toMatchObject({ phase: 'running' }));
  });

  it('says what to do when there are no tasks, or when they cannot be loaded', async () => {
    let fail = true;
    const net = installFakeNetwork((req) =>
      fail ? apiError(503, 'ModelArts.0010', 'engine down') : json({ total_count: 0, active_count: 0, tasks: [] }, req.path === CENTER ? 200 : 404),
    );
    restore = net.restore;
    const user = userEvent.setup({ delay: null });
    renderList();
    expect(await screen.findByText('Could not load the tasks')).toBeTruthy();
    expect(screen.getByText(/engine down \(ModelArts.0010\)/)).toBeTruthy();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No tasks yet/)).toBeTruthy();
  });
});
