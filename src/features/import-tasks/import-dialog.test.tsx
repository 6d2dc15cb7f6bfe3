import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeNetwork, json, type FakeRequest, type FakeResponse } from '@/test/fake-network';
import { renderRoutes } from '@/test/render';
import { ImportButton } from './components/import-dialog';
import { toImportBody, importDefaults } from './import-body';

const DATASET = 'dsIIIIIIIIIIIIIIIII';
configure({ asyncUtilTimeout: 5_000 });
/** These dialogs are large forms: many clicks each re-render them, slow when the machine is busy. */
const SLOW_FORM_MS = 60_000;

/** The engine's labels list and I2; `answer` decides each I2 reply in turn. */
function importServer(answers: FakeResponse[]) {
  let posts = 0;
  return installFakeNetwork((req: FakeRequest) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    if (req.method === 'GET' && path === `/datasets/${DATASET}/data-annotations/labels`) {
      return json({ total_number: 2, labels: ['cat', 'dog'].map((name) => ({ name, type: 1, count: 0, sample_count: 0 })) });
    }
    if (req.method === 'POST' && path === `/datasets/${DATASET}/import-tasks`) return answers[Math.min(posts++, answers.length - 1)];
    return apiError(404, 'ModelArts.4204', 'no fake');
  });
}

const posts = (net: ReturnType<typeof installFakeNetwork>) => net.requests.filter((r) => r.method === 'POST');
const keyOf = (r: FakeRequest) => r.config.headers.get('idempotency-key');

let network: ReturnType<typeof installFakeNetwork> | undefined;
beforeEach(() => sessionStorage.clear());
afterEach(() => network?.restore());

function setup(datasetType = 1) {
  const onStarted = vi.fn();
  renderRoutes([{ path: '/', element: <ImportButton datasetId={DATASET} datasetType={datasetType} onStarted={onStarted} /> }], '/');
  return { onStarted, user: userEvent.setup({ delay: null }) };
}

/** Pastes a whole value at once: typing long paths key by key is slow on a busy machine. */
async function paste(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: /Import/ }));
  return screen.findByRole('dialog', { name: 'Import data' });
}

describe('import dialog', () => {
  it('sends the I2 body for the chosen options with one idempotency key, then reports the task', async () => {
    network = importServer([json({ task_id: 'task-1' })]);
    const { onStarted, user } = setup();
    const dialog = await openDialog(user);

    await paste(user, within(dialog).getByLabelText('Source'), '/bucket/pets/train.manifest');
    // The type follows the pick: a .manifest path is a manifest import.
    expect(within(dialog).getByRole('radio', { name: 'Manifest file' })).toHaveProperty('checked', true);
    await user.click(within(dialog).getByRole('switch', { name: 'Final annotation' }));
    await user.click(within(dialog).getByRole('switch', { name: 'Hard examples only' }));
    const included = within(dialog).getByLabelText('Only these labels');
    await user.click(included);
    await user.click(await screen.findByTitle('cat'));
    await user.type(included, 'bird{Enter}');
    await user.type(within(dialog).getByLabelText('Skip these labels'), 'person{Enter}');
    await paste(user, within(dialog).getByLabelText('Import into sub-folder'), 'batch-2/');

    const start = within(dialog).getByRole('button', { name: 'Start import' });
    await user.dblClick(start);
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('task-1'));

    const sent = posts(network);
    expect(sent[0].body).toEqual({
      import_path: '/bucket/pets/train.manifest',
      import_type: 'manifest',
      import_annotations: true,
      import_samples: true,
      final_annotation: false,
      difficult_only: true,
      included_labels: ['cat', 'bird'],
      excluded_labels: ['person'],
      import_folder: 'batch-2',
    });
    // However many requests a double click made, they carry the same key: the engine makes one task.
    expect(new Set(sent.map(keyOf)).size).toBe(1);
    expect(keyOf(sent[0])).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(sessionStorage.getItem('dc.started-tasks') ?? '[]')).toMatchObject([{ task_id: 'task-1', kind: 'import', dataset_id: DATASET }]);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Import data' })).toBeNull());
  }, SLOW_FORM_MS);

  it('uses a new idempotency key for each opening of the dialog', async () => {
    network = importServer([json({ task_id: 'task-a' }), json({ task_id: 'task-b' })]);
    const { onStarted, user } = setup(0);
    for (const path of ['/bucket/one/', '/bucket/two/']) {
      const dialog = await openDialog(user);
      await paste(user, within(dialog).getByLabelText('Source'), path);
      await user.click(within(dialog).getByRole('button', { name: 'Start import' }));
      await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Import data' })).toBeNull());
    }
    expect(onStarted.mock.calls).toEqual([['task-a'], ['task-b']]);
    const [first, second] = posts(network);
    expect(first.body).toMatchObject({ import_path: '/bucket/one/', import_type: 'dir' });
    expect(keyOf(first)).not.toBe(keyOf(second));
  }, SLOW_FORM_MS);

  it('shows the API error in the form and keeps every value; the retry reuses the key', async () => {
    network = importServer([apiError(400, 'ModelArts.4356', 'Import task is running'), json({ task_id: 'task-2' })]);
    const { onStarted, user } = setup(0);
    const dialog = await openDialog(user);
    await paste(user, within(dialog).getByLabelText('Source'), '/bucket/cats/');
    await user.click(within(dialog).getByRole('button', { name: 'Start import' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('An import is already running on this dataset');
    expect(alert.textContent).toContain('Import task is running (ModelArts.4356)');
    expect(onStarted).not.toHaveBeenCalled();
    expect(within(dialog).getByLabelText('Source')).toHaveProperty('value', '/bucket/cats/');
    expect(sessionStorage.getItem('dc.started-tasks')).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Start import' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('task-2'));
    const [first, second] = posts(network);
    expect(keyOf(first)).toBe(keyOf(second));
  }, SLOW_FORM_MS);

  it('refuses an empty source and an import of nothing, without a request', async () => {
    network = importServer([json({ task_id: 'never' })]);
    const { user } = setup(0);
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('switch', { name: 'Import samples' }));
    await user.click(within(dialog).getByRole('switch', { name: 'Import annotations' }));
    await user.click(within(dialog).getByRole('button', { name: 'Start import' }));
    expect(await within(dialog).findByText('Choose a folder or a manifest file to import from')).toBeTruthy();
    expect(within(dialog).getByText('Turn on samples, annotations, or both')).toBeTruthy();
    expect(posts(network)).toHaveLength(0);
  }, SLOW_FORM_MS);

  it('offers only manifest imports for dataset types that cannot import a folder', async () => {
    network = importServer([json({ task_id: 'x' })]);
    const { user } = setup(3);
    const dialog = await openDialog(user);
    expect(within(dialog).getByRole('radio', { name: 'Folder' })).toHaveProperty('disabled', true);
    expect(within(dialog).getByRole('radio', { name: 'Manifest file' })).toHaveProperty('checked', true);
  }, SLOW_FORM_MS);
});

describe('toImportBody', () => {
  it('leaves label options out when annotations are not imported, and trims names', () => {
    const body = toImportBody({
      ...importDefaults(1),
      import_path: ' /b/d/ ',
      import_annotations: false,
      included_labels: ['cat'],
      import_folder: '  ',
    });
    expect(body).toEqual({ import_path: '/b/d/', import_type: 'dir', import_annotations: false, import_samples: true });
    expect(toImportBody({ ...importDefaults(1), import_path: '/b/', included_labels: [' cat ', 'cat', ''] }).included_labels).toEqual(['cat']);
  });
});
