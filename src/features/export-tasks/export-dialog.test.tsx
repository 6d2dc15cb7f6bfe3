import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeNetwork, json, type FakeRequest, type FakeResponse } from '@/test/fake-network';
import { renderRoutes } from '@/test/render';
import { ExportButton } from './components/export-dialog';
import { EXPORT_DEFAULTS, toExportBody } from './export-body';

const DATASET = 'dsEEEEEEEEEEEEEEEEE';
configure({ asyncUtilTimeout: 5_000 });
/** These dialogs are large forms: many clicks each re-render them, slow when the machine is busy. */
const SLOW_FORM_MS = 60_000;

const version = (version_id: string, version_name: string, status: number, create_time: number) => ({
  version_id,
  version_name,
  version_format: 'Default',
  status,
  is_current: false,
  create_time,
  update_time: create_time,
  description: '',
  task_type: 1,
  label_type: 'single',
  total_sample_count: 5,
  annotated_sample_count: 5,
  previous_total_sample_count: 0,
  previous_annotated_sample_count: 0,
  add_sample_count: 5,
  modified_sample_count: 0,
  deleted_sample_count: 0,
  label_stats: [],
  train_evaluate_sample_ratio: '1.00',
  remove_sample_usage: true,
  export_images: false,
  clear_hard_property: true,
  manifest_path: '',
  data_path: '',
  tags: [],
});

/** V1 (one normal and one failed version) and E2, whose replies come from `answers` in turn. */
function exportServer(answers: FakeResponse[]) {
  let posts = 0;
  return installFakeNetwork((req: FakeRequest) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    if (req.method === 'GET' && path === `/datasets/${DATASET}/versions`) {
      return json({ total_number: 2, versions: [version('v1', 'V001', 1, 1_700_000_000_000), version('v2', 'V002', 4, 1_700_000_100_000)] });
    }
    if (req.method === 'POST' && path === `/datasets/${DATASET}/export-tasks`) return answers[Math.min(posts++, answers.length - 1)];
    return apiError(404, 'ModelArts.4204', 'no fake');
  });
}

const posts = (net: ReturnType<typeof installFakeNetwork>) => net.requests.filter((r) => r.method === 'POST');
const keyOf = (r: FakeRequest) => r.config.headers.get('idempotency-key');

let network: ReturnType<typeof installFakeNetwork> | undefined;
beforeEach(() => sessionStorage.clear());
afterEach(() => network?.restore());

function setup(url: string, datasetType = 1) {
  const onStarted = vi.fn();
  renderRoutes([{ path: '/datasets/:id/*', element: <ExportButton datasetId={DATASET} datasetType={datasetType} onStarted={onStarted} /> }], url);
  return { onStarted, user: userEvent.setup({ delay: null }) };
}
type User = ReturnType<typeof userEvent.setup>;

async function openDialog(user: User) {
  await user.click(screen.getByRole('button', { name: /Export/ }));
  return screen.findByRole('dialog', { name: 'Export data' });
}
/** Pastes a whole value at once, then leaves the field (the path picker normalises on blur). */
async function fill(user: User, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
  await user.tab();
}
const radio = (dialog: HTMLElement, name: string) => within(dialog).getByRole('radio', { name });
/** Button-style radios are clicked on their label, as a person does. */
const choose = (user: User, dialog: HTMLElement, name: string) => user.click(radio(dialog, name).closest('label')!);
const toggle = (user: User, dialog: HTMLElement, name: string) => user.click(within(dialog).getByRole('switch', { name }));
const start = (dialog: HTMLElement) => within(dialog).getByRole('button', { name: 'Start export' });

describe('export dialog', () => {
  it('sends a folder export of a published version, by sample state, with one key for a double click', async () => {
    network = exportServer([json({ task_id: 'exp-1' })]);
    const { onStarted, user } = setup(`/datasets/${DATASET}/tasks`);
    const dialog = await openDialog(user);

    await fill(user, within(dialog).getByLabelText('Output folder'), '/bucket/out');
    await choose(user, dialog, 'A published version');
    await user.click(within(dialog).getByLabelText('Version'));
    // Only normal versions can be exported.
    expect(screen.queryByTitle('V002 (5 samples)')).toBeNull();
    await user.click(await screen.findByTitle('V001 (5 samples)'));
    // Opened outside the gallery: no gallery filter, a sample state instead.
    expect(within(dialog).queryByRole('radio', { name: "The gallery's current filter" })).toBeNull();
    await choose(user, dialog, 'By sample state');
    await user.click(within(dialog).getByLabelText('Sample state'));
    await user.click(await screen.findByTitle('To be confirmed'));
    await user.dblClick(start(dialog));

    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('exp-1'));
    const sent = posts(network);
    expect(sent[0].body).toEqual({
      path: '/bucket/out/',
      // A state narrows "all"; type 3 is for search conditions only.
      export_type: 2,
      export_format: 1,
      version_id: 'v1',
      source_type_header: 'obs://',
      export_params: { export_dest: 'DIR', sample_state: '__AUTO_ANNOTATION__', clear_hard_property: true, ratio_sample_usage: false },
    });
    expect(new Set(sent.map(keyOf)).size).toBe(1);
    expect(JSON.parse(sessionStorage.getItem('dc.started-tasks') ?? '[]')).toMatchObject([{ task_id: 'exp-1', kind: 'export', dataset_id: DATASET }]);
  }, SLOW_FORM_MS);

  it('sends the format and manifest options of a detection export (COCO, flat, s3://, train split)', async () => {
    network = exportServer([json({ task_id: 'exp-5' })]);
    const { onStarted, user } = setup(`/datasets/${DATASET}/tasks`);
    const dialog = await openDialog(user);
    await fill(user, within(dialog).getByLabelText('Output folder'), '/bucket/out/');
    await choose(user, dialog, 'COCO');
    await choose(user, dialog, 'Flat (files side by side)');
    await choose(user, dialog, 's3://');
    await toggle(user, dialog, 'Split into train and eval');
    await toggle(user, dialog, 'Clear hard-example marks');
    await user.click(start(dialog));

    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('exp-5'));
    expect(posts(network)[0].body).toEqual({
      path: '/bucket/out/',
      export_type: 2,
      export_format: 2,
      annotation_format: 'COCO',
      source_type_header: 's3://',
      export_params: { export_dest: 'DIR', clear_hard_property: false, ratio_sample_usage: true, train_sample_ratio: '0.80' },
    });
  }, SLOW_FORM_MS);

  it('sends a NEW_DATASET export with the new name and work path, after asking for what is missing', async () => {
    network = exportServer([json({ task_id: 'exp-2' })]);
    const { onStarted, user } = setup(`/datasets/${DATASET}/tasks`, 0);
    const dialog = await openDialog(user);
    await choose(user, dialog, 'A new dataset');
    await user.click(start(dialog));
    expect(await within(dialog).findByText('Enter a name for the new dataset')).toBeTruthy();
    expect(within(dialog).getByText('Choose the folder to export to')).toBeTruthy();
    expect(within(dialog).getByText('Choose a work folder for the new dataset')).toBeTruthy();
    expect(posts(network)).toHaveLength(0);

    await fill(user, within(dialog).getByLabelText('New dataset name'), 'pets-labeled');
    await fill(user, within(dialog).getByLabelText('Data folder of the new dataset'), '/bucket/pets-labeled/data/');
    await fill(user, within(dialog).getByLabelText('Work folder of the new dataset'), '/bucket/pets-labeled/work/');
    await choose(user, dialog, 'Labeled');
    await user.click(start(dialog));

    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('exp-2'));
    expect(posts(network)[0].body).toEqual({
      path: '/bucket/pets-labeled/data/',
      export_type: 0,
      export_format: 1,
      export_params: {
        export_dest: 'NEW_DATASET',
        export_new_dataset_name: 'pets-labeled',
        export_new_dataset_work_path: '/bucket/pets-labeled/work/',
        clear_hard_property: true,
        ratio_sample_usage: false,
      },
    });
  }, SLOW_FORM_MS);

  it("exports the gallery's current filter as search conditions when opened from the gallery", async () => {
    network = exportServer([json({ task_id: 'exp-3' })]);
    const { onStarted, user } = setup(`/datasets/${DATASET}/samples?state=labeled&label=cat&label=dog&op=AND&name=img&dir=%2Fbucket%2Fa`);
    const dialog = await openDialog(user);
    expect(radio(dialog, "The gallery's current filter")).toHaveProperty('checked', true);
    await fill(user, within(dialog).getByLabelText('Output folder'), '/bucket/out/');
    await user.click(start(dialog));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('exp-3'));
    expect(posts(network)[0].body).toMatchObject({
      export_type: 3,
      export_params: {
        export_dest: 'DIR',
        sample_state: '__ALL__',
        search_conditions: [{ label_list: { op: 'AND', labels: [{ name: 'cat' }, { name: 'dog' }] }, sample_name: 'img', sample_dir: '/bucket/a/' }],
      },
    });
  }, SLOW_FORM_MS);

  it('shows the API error in the form, keeps the values, and retries with the same key', async () => {
    network = exportServer([apiError(400, 'ModelArts.4358', 'Invalid export path'), json({ task_id: 'exp-4' })]);
    const { onStarted, user } = setup(`/datasets/${DATASET}/tasks`);
    const dialog = await openDialog(user);
    await fill(user, within(dialog).getByLabelText('Output folder'), '/bucket/out/');
    await user.click(start(dialog));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('The export path is not valid');
    expect(alert.textContent).toContain('Invalid export path (ModelArts.4358)');
    expect(within(dialog).getByLabelText('Output folder')).toHaveProperty('value', '/bucket/out/');
    expect(onStarted).not.toHaveBeenCalled();

    await user.click(start(dialog));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('exp-4'));
    const [first, second] = posts(network);
    expect(keyOf(first)).toBe(keyOf(second));
  }, SLOW_FORM_MS);
});

describe('toExportBody', () => {
  const values = { ...EXPORT_DEFAULTS, path: '/b/out/', what: 'filter' as const };
  it('sends a gallery filter that is only a state as that state over all samples (type 3 needs conditions)', () => {
    const body = toExportBody(values, { state: 'unlabeled', labels: [], labelOp: 'OR' });
    expect(body.export_type).toBe(2);
    expect(body.export_params).toEqual({ export_dest: 'DIR', sample_state: '__NONE__', clear_hard_property: true, ratio_sample_usage: false });
  });
  it('sends a gallery filter with conditions as export_type 3 with them', () => {
    const body = toExportBody(values, { state: 'all', labels: ['cat'], labelOp: 'OR', from: '20240101', to: '20240110' });
    expect(body.export_type).toBe(3);
    expect(body.export_params?.search_conditions).toEqual([{ label_list: { op: 'OR', labels: [{ name: 'cat' }] }, sample_time: '20240101-20240110' }]);
    expect(body.export_params?.sample_state).toBeUndefined();
  });
});
