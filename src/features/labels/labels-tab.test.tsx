import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabelProperty, LabelStats } from '@contract/label';
import { apiError, installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { renderRoutes } from '@/test/render';
import { LabelsTab } from './components/labels-tab';

const DATASET = 'dsAAAAAAAAAAAAAAAAA';

/** A small in-memory dataset behind the labels endpoints (L1, L2, L4, L5 and the delete-impact extension). */
function labelServer() {
  const labels: { name: string; type: number; property: LabelProperty }[] = [
    { name: 'cat', type: 1, property: { '@modelarts:color': '#3399ff', '@modelarts:shortcut': 'C', '@modelarts:default_shape': 'bndbox' } },
    { name: 'dog', type: 1, property: { '@modelarts:color': '#93c47d' } },
  ];
  let samples: { id: string; labels: string[]; file: string }[] = [
    { id: 's1', labels: ['cat', 'cat'], file: '/b/1.jpg' },
    { id: 's2', labels: ['cat', 'dog'], file: '/b/2.jpg' },
    { id: 's3', labels: ['dog'], file: '/b/3.jpg' },
  ];
  const deletedFiles: string[] = [];
  const stats = (name: string): LabelStats => {
    const l = labels.find((x) => x.name === name)!;
    const carrying = samples.filter((s) => s.labels.includes(name));
    return { ...l, sample_count: carrying.length, count: carrying.reduce((n, s) => n + s.labels.filter((x) => x === name).length, 0) };
  };
  const base = `/datasets/${DATASET}/data-annotations/labels`;

  const handle = (req: FakeRequest) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    if (req.method === 'GET' && path === base) return json({ total_number: labels.length, labels: labels.map((l) => stats(l.name)) });
    if (req.method === 'GET' && path === `${base}/delete-impact`) {
      const names = (req.config.params as URLSearchParams).getAll('label_name');
      const carrying = samples.filter((s) => s.labels.some((n) => names.includes(n)));
      const exclusive = carrying.filter((s) => s.labels.every((n) => names.includes(n)));
      return json({ sample_count: carrying.length, exclusive_sample_count: exclusive.length, file_count: exclusive.length });
    }
    if (req.method === 'POST' && path === base) {
      const body = req.body as { labels: { name: string; type: number; property: LabelProperty }[] };
      if (body.labels.some((l) => labels.some((x) => x.name === l.name))) return apiError(400, 'ModelArts.4411', 'Label already exists');
      labels.push(...body.labels);
      return json({ success: true });
    }
    if (req.method === 'PUT' && path.startsWith(`${base}/`)) {
      const name = decodeURIComponent(path.slice(base.length + 1));
      const label = labels.find((l) => l.name === name);
      if (!label) return apiError(400, 'ModelArts.4410', 'Label not found');
      const { '@modelarts:rename_to': renameTo, ...property } = req.body as LabelProperty;
      label.property = property;
      if (renameTo) {
        label.name = renameTo;
        samples.forEach((s) => (s.labels = s.labels.map((n) => (n === name ? renameTo : n))));
      }
      return { status: 204 };
    }
    if (req.method === 'POST' && path === `${base}/delete`) {
      const policy = Number(req.params.delete_policy);
      const names = (req.body as { labels: { name: string }[] }).labels.map((l) => l.name);
      if (names.includes('locked')) return json({ success: false, results: [{ success: false, error_code: 'ModelArts.4410', error_msg: 'Label locked does not exist' }] });
      const exclusive = samples.filter((s) => s.labels.length > 0 && s.labels.every((n) => names.includes(n)));
      if (policy >= 1) samples = samples.filter((s) => !exclusive.includes(s));
      if (policy === 2) deletedFiles.push(...exclusive.map((s) => s.file));
      samples.forEach((s) => (s.labels = s.labels.filter((n) => !names.includes(n))));
      names.forEach((n) => labels.splice(labels.findIndex((l) => l.name === n), 1));
      return json({ success: true });
    }
    return apiError(404, 'ModelArts.4204', `no fake for ${req.method} ${path}`);
  };
  return { handle, labels, get samples() { return samples; }, deletedFiles };
}

// antd is slow to render in jsdom on a shared 2-core machine.
configure({ asyncUtilTimeout: 5_000 });

let server: ReturnType<typeof labelServer>;
let network: ReturnType<typeof installFakeNetwork>;
beforeEach(() => {
  server = labelServer();
  network = installFakeNetwork(server.handle);
});
afterEach(() => network.restore());

const renderTab = () =>
  renderRoutes([{ path: '/datasets/:datasetId/labels', element: <LabelsTab datasetId={DATASET} datasetType={1} alsoInvalidate={[['samples', DATASET]]} /> }], `/datasets/${DATASET}/labels`);

/** antd names dialogs through ids that collide in tests: find the dialog by its visible title instead. */
const findDialog = (title: string) =>
  waitFor(() => {
    const dialog = screen.getAllByRole('dialog').find((d) => within(d).queryByText(title));
    if (!dialog) throw new Error(`no dialog titled ${title}`);
    return dialog;
  });
const row = (name: string) => screen.getByText(name, { selector: 'td strong' }).closest('tr') as HTMLElement;

describe('labels tab', () => {
  it('lists labels with shortcut, default shape, sample count and occurrences', async () => {
    renderTab();
    await screen.findByText('cat');
    const cat = within(row('cat'));
    expect(cat.getByText('C')).toBeTruthy();
    expect(cat.getByText('Bounding box')).toBeTruthy();
    // cat: on 2 samples, 3 occurrences
    expect(cat.getAllByRole('cell').map((c) => c.textContent)).toEqual(expect.arrayContaining(['2', '3']));
    expect(screen.getByText('2 labels')).toBeTruthy();
  });

  it('creates a label with its shortcut and default shape', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const { client } = renderTab();
    client.setQueryData(['samples', DATASET, 'list'], { sample_count: 0, samples: [] });
    await screen.findByText('cat');
    await user.click(screen.getByRole('button', { name: /New label/ }));
    const dialog = await findDialog('New label');
    await user.type(within(dialog).getByLabelText('Name'), 'bird');
    await user.type(within(dialog).getByLabelText('Shortcut'), 'B');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    await screen.findByText('bird');
    const post = network.requests.find((r) => r.method === 'POST' && r.path.endsWith('/labels'));
    expect(post?.body).toEqual({
      labels: [{ name: 'bird', type: 1, property: { '@modelarts:color': '#f6b26b', '@modelarts:shortcut': 'B', '@modelarts:default_shape': 'bndbox' } }],
    });
    // Label changes make the other features' data stale through the keys the page passed in.
    expect(client.getQueryState(['samples', DATASET, 'list'])?.isInvalidated).toBe(true);
  });

  it('refuses a duplicate name before sending anything', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    renderTab();
    await screen.findByText('cat');
    await user.click(screen.getByRole('button', { name: /New label/ }));
    const dialog = await findDialog('New label');
    await user.type(within(dialog).getByLabelText('Name'), 'dog');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('A label with this name already exists')).toBeTruthy();
    expect(network.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('renames a label and keeps its other properties', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    renderTab();
    await screen.findByText('cat');
    await user.click(screen.getByRole('button', { name: 'Edit label cat' }));
    const dialog = await findDialog('Edit label “cat”');
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'kitty');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await screen.findByText('kitty');
    const put = network.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toMatch(/\/labels\/cat$/);
    expect(put?.body).toEqual({ '@modelarts:color': '#3399ff', '@modelarts:shortcut': 'C', '@modelarts:default_shape': 'bndbox', '@modelarts:rename_to': 'kitty' });
    expect(screen.queryByText('cat')).toBeNull();
  });

  it('shows the impact of each delete policy and deletes with the chosen one', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    renderTab();
    await screen.findByText('dog');
    await user.click(screen.getByRole('button', { name: 'Delete label dog' }));
    const dialog = await findDialog('Delete label “dog”?');
    expect(await within(dialog).findByText('2 samples carry it. No sample is deleted; the label is removed from them.')).toBeTruthy();

    await user.click(within(dialog).getByRole('radio', { name: 'Also delete samples that carry only this label' }));
    expect(within(dialog).getByText('2 samples carry it. 1 sample would be deleted.')).toBeTruthy();
    await user.click(within(dialog).getByRole('radio', { name: 'Also delete those samples and their source files' }));
    expect(within(dialog).getByText('2 samples carry it. 1 sample would be deleted. 1 source file would be removed from storage.')).toBeTruthy();

    await user.click(within(dialog).getByRole('radio', { name: 'Also delete samples that carry only this label' }));
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('dog')).toBeNull());

    const del = network.requests.find((r) => r.path.endsWith('/labels/delete'));
    expect(del?.params.delete_policy).toBe(1);
    expect(del?.body).toEqual({ labels: [{ name: 'dog' }] });
    expect(server.samples.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(server.deletedFiles).toEqual([]);
    // The impact of a label that no longer exists is not asked for again after the delete.
    expect(network.requests.filter((r) => r.path.endsWith('/delete-impact'))).toHaveLength(1);
  });

  it('deletes the selected labels in one batch and shows per-item failures', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    server.labels.push({ name: 'locked', type: 1, property: {} });
    renderTab();
    await screen.findByText('locked');
    await user.click(screen.getByRole('checkbox', { name: 'Select label cat' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select label locked' }));
    await user.click(screen.getByRole('button', { name: /Delete 2 selected/ }));
    const dialog = await findDialog('Delete 2 labels?');
    await within(dialog).findByText(/2 samples carry it/);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByText('Label locked does not exist (ModelArts.4410)')).toBeTruthy();
    const impact = network.requests.find((r) => r.path.endsWith('/delete-impact'));
    expect(String(impact?.config.params)).toBe('label_name=cat&label_name=locked');
  });
});
