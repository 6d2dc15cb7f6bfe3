import { configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportTaskStatusResp } from '@contract/import-task';
import { apiError, installFakeNetwork, json } from '@/test/fake-network';
import { renderRoutes } from '@/test/render';
import { ImportProgress, formatElapsed } from './components/import-progress';

const DATASET = 'dsDDDDDDDDDDDDDDDDD';
const TASK = `${DATASET}_abc`;
configure({ asyncUtilTimeout: 6_000 });

const task = (patch: Partial<ImportTaskStatusResp>): ImportTaskStatusResp => ({
  task_id: TASK,
  dataset_id: DATASET,
  import_path: '/bucket/pets/',
  import_type: 0,
  status: 'RUNNING',
  total_sample_count: 0,
  imported_sample_count: 0,
  annotated_sample_count: 0,
  unconfirmed_sample_count: 0,
  total_file_count: 10,
  finished_file_count: 0,
  total_file_size: 0,
  finished_file_size: 0,
  file_statistics: { file_num_total: 10, file_num_finished: 0, file_size_total: 0, file_size_finished: 0 },
  create_time: 1_700_000_000_000,
  update_ms: 1_700_000_000_000,
  elapsed_time: 0,
  ...patch,
});

/** The engine's answers to I1 and I3, one I3 snapshot per poll (the last one repeats). */
function importServer(snapshots: ImportTaskStatusResp[]) {
  let polls = 0;
  return installFakeNetwork((req) => {
    if (req.path.endsWith(`/datasets/${DATASET}/import-tasks`)) return json({ total_count: 1, import_tasks: [snapshots[0]] });
    if (req.path.endsWith(`/import-tasks/${TASK}`)) return json(snapshots[Math.min(polls++, snapshots.length - 1)]);
    return apiError(404, 'ModelArts.4204', 'no fake');
  });
}

let network: ReturnType<typeof installFakeNetwork> | undefined;
afterEach(() => network?.restore());

const related = [['stats', DATASET], ['samples', DATASET]];
const renderProgress = () =>
  renderRoutes([{ path: '/', element: <ImportProgress datasetId={DATASET} taskId={TASK} importing alsoInvalidate={related} /> }], '/');

describe('import progress', () => {
  it('polls a running import until it completes, then refreshes what it changed', async () => {
    const running = task({ status: 'RUNNING', finished_file_count: 3, imported_sample_count: 3, elapsed_time: 65 });
    // Two running answers: a slow render under load still sees the running state before it ends.
    network = importServer([
      running,
      running,
      task({ status: 'COMPLETED', finished_file_count: 10, imported_sample_count: 9, elapsed_time: 70 }),
    ]);
    const { client } = renderProgress();
    related.forEach((key) => client.setQueryData(key, {}));

    const region = await screen.findByRole('region', { name: 'Import' });
    await within(region).findByText('3 / 10');
    expect(within(region).getByText('Running')).toBeTruthy();
    expect(within(region).getByText('1:05')).toBeTruthy();
    expect(within(region).getByRole('progressbar', { name: 'Import progress 30%' })).toBeTruthy();

    await within(region).findByText('Completed');
    expect(within(region).getByText('10 / 10')).toBeTruthy();
    await waitFor(() => related.forEach((key) => expect(client.getQueryState(key)?.isInvalidated).toBe(true)));

    // Polling stops by itself on a terminal status.
    const polls = network.requests.filter((r) => r.path.endsWith(TASK)).length;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(network.requests.filter((r) => r.path.endsWith(TASK)).length).toBe(polls);
  });

  it('shows the error code and message of a failed import', async () => {
    network = importServer([
      task({
        status: 'FAILED',
        finished_file_count: 4,
        failed_file_count: 2,
        issues: [{ path: '/bucket/pets/broken.jpg', reason: 'not an image' }],
        error_code: 'ModelArts.4340',
        error_msg: 'No valid file in the import path',
      }),
    ]);
    renderProgress();
    const region = await screen.findByRole('region', { name: 'Import' });
    expect(await within(region).findByText('The import failed (ModelArts.4340)')).toBeTruthy();
    expect(within(region).getByText('No valid file in the import path')).toBeTruthy();
    expect(within(region).getByText('Failed')).toBeTruthy();
    expect(within(region).getByText('2 files could not be read as images.')).toBeTruthy();
    expect(within(region).getByText('/bucket/pets/broken.jpg')).toBeTruthy();
  });

  it('formats elapsed seconds as clock time', () => {
    expect(formatElapsed(5)).toBe('0:05');
    expect(formatElapsed(3_725)).toBe('1:02:05');
  });
});
