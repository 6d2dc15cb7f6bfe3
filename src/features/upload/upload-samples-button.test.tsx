import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { renderRoutes, TEST_PROJECT } from '@/test/render';
import { UploadSamplesButton } from './components/upload-samples-button';

configure({ defaultHidden: true });

const DATASET = 'dsAAAAAAAAAAAAAAAAA';
const png = (name: string) => new File([new Uint8Array(32)], name, { type: 'image/png' });

/** Storage + S2 behind the network; `/bucket/in/broken.png` always fails with a server error. */
function fakeEngine() {
  const stored: string[] = [];
  const registered: string[] = [];
  let broken = true;
  const handler = (req: FakeRequest) => {
    if (req.method === 'PUT' && req.path === `/api/v2/${TEST_PROJECT}/storage/objects`) {
      const path = String(req.params.path);
      if (path.endsWith('broken.png') && broken) return apiError(500, 'ModelArts.0010', 'Internal error');
      stored.push(path);
      return json({ path, size: 32 });
    }
    if (req.method === 'POST' && req.path === `/api/v2/${TEST_PROJECT}/datasets/${DATASET}/data-annotations/samples`) {
      const samples = (req.body as { samples: { name: string; data_source: { data_path: string } }[] }).samples;
      const results = samples.map(({ name, data_source }) => {
        if (registered.includes(data_source.data_path)) return { success: false, name, error_code: 'ModelArts.4422', error_msg: 'exists' };
        registered.push(data_source.data_path);
        return { success: true, name };
      });
      return json({ success: true, results });
    }
    return apiError(404, 'ModelArts.4204', 'no route');
  };
  return { handler, stored, registered, heal: () => (broken = false) };
}

// Browser drop entries (FileSystemEntry), as `webkitGetAsEntry()` gives them; folders answer in batches of two.
const fileEntry = (file: File) => ({ isFile: true, isDirectory: false, name: file.name, file: (ok: (f: File) => void) => ok(file) });
function dirEntry(name: string, children: object[]) {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      let at = 0;
      return { readEntries: (ok: (e: object[]) => void) => ok(children.slice(at, (at += 2))) };
    },
  };
}

let restore = () => {};
afterEach(() => restore());

async function openDialog(onUploaded = vi.fn()) {
  renderRoutes([{ path: '/', element: <UploadSamplesButton datasetId={DATASET} inputPath="/bucket/in/" onUploaded={onUploaded} /> }], '/');
  await userEvent.click(screen.getByRole('button', { name: /Upload images/ }));
  return screen.getByRole('dialog', { name: 'Upload images' });
}

// jsdom renders of antd modals are slow on a busy 2-core machine.
describe('UploadSamplesButton', { timeout: 60_000 }, () => {
  it('uploads a dropped folder with its sub-folders, skips non-images and reports the samples added', async () => {
    const engine = fakeEngine();
    engine.heal();
    ({ restore } = installFakeNetwork(engine.handler));
    const onUploaded = vi.fn();
    const dialog = await openDialog(onUploaded);

    const folder = dirEntry('trip', [fileEntry(png('a.png')), fileEntry(new File(['x'], 'notes.txt')), dirEntry('day2', [fileEntry(png('b.png')), fileEntry(png('c.png'))])]);
    const loose = fileEntry(png('d.png'));
    const items = [folder, loose].map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry }));
    fireEvent.drop(within(dialog).getByRole('region', { name: 'Drop images or folders here' }), { dataTransfer: { items, files: [], types: ['Files'] } });

    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toContain('Done: 4 of 4 images uploaded.'));
    expect(engine.stored.sort()).toEqual(['/bucket/in/d.png', '/bucket/in/trip/a.png', '/bucket/in/trip/day2/b.png', '/bucket/in/trip/day2/c.png']);
    expect(engine.registered).toHaveLength(4);
    const counts = within(dialog).getByRole('group', { name: 'Upload results' });
    expect(counts.textContent).toContain('4 samples added');
    expect(counts.textContent).toContain('1 skipped');
    expect(onUploaded).toHaveBeenCalled();
    expect(within(dialog).getByRole('progressbar', { name: 'Overall upload progress' }).getAttribute('aria-valuenow')).toBe('100');

    // The skipped file is listed with the reason.
    await userEvent.click(within(dialog).getByRole('button', { name: /1 file skipped/ }));
    expect(within(dialog).getByRole('list', { name: 'Skipped files' }).textContent).toContain('trip/notes.txt');
  });

  it('lists a file that failed after its retries, and "retry failed" uploads it; existing samples are not errors', async () => {
    const engine = fakeEngine();
    engine.registered.push('/bucket/in/old.png');
    ({ restore } = installFakeNetwork(engine.handler));
    const dialog = await openDialog();

    await userEvent.upload(within(dialog).getByLabelText('Images to upload'), [png('ok.png'), png('broken.png'), png('old.png')]);
    const failed = await within(dialog).findByRole('region', { name: 'Failed files' }, { timeout: 10_000 });
    expect(failed.textContent).toContain('broken.png — upload failed: Internal error (ModelArts.0010)');
    const counts = within(dialog).getByRole('group', { name: 'Upload results' });
    expect(counts.textContent).toContain('1 sample added');
    expect(counts.textContent).toContain('1 already in the dataset');
    expect(counts.textContent).toContain('1 failed');

    engine.heal();
    await userEvent.click(within(failed).getByRole('button', { name: /Retry 1 failed file/ }));
    await waitFor(() => expect(within(dialog).getByRole('group', { name: 'Upload results' }).textContent).toContain('2 samples added'));
    expect(within(dialog).queryByRole('region', { name: 'Failed files' })).toBeNull();
    expect(engine.registered).toContain('/bucket/in/broken.png');
  });
});
