import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { renderRoutes, TEST_PROJECT } from '@/test/render';
import { PathPicker } from './path-picker';

configure({ defaultHidden: true });

const api = (p: string) => `/api/v2/${TEST_PROJECT}/storage${p}`;

/**
 * An in-test object store behind the storage endpoints: object paths → sizes; folders are the
 * prefixes of those paths plus explicitly created ones.
 */
function fakeStorage(initial: string[], { failFirstUploadOf }: { failFirstUploadOf?: string } = {}) {
  const objects = new Map(initial.filter((p) => !p.endsWith('/')).map((p) => [p, 10]));
  const folders = new Set(initial.filter((p) => p.endsWith('/')));
  let failed = false;
  const handler = (req: FakeRequest) => {
    if (req.method === 'GET' && req.path === api('/buckets')) {
      const names = new Set([...objects.keys(), ...folders].map((p) => p.split('/')[1]));
      return json({ buckets: [...names].map((name) => ({ name, create_time: 1_700_000_000_000 })) });
    }
    if (req.method === 'GET' && req.path === api('/objects')) {
      const dir = String(req.params.path);
      const children = [...objects.keys(), ...folders].filter((p) => p.startsWith(dir) && p !== dir).map((p) => p.slice(dir.length));
      const sub = [...new Set(children.filter((c) => c.includes('/')).map((c) => c.split('/')[0]))];
      const files = children.filter((c) => !c.includes('/'));
      return json({
        path: dir,
        folders: sub.map((name) => ({ name: `${name}/`, path: `${dir}${name}/` })),
        files: files.map((name) => ({ name, path: `${dir}${name}`, size: objects.get(`${dir}${name}`) })),
        total_file_count: files.length,
      });
    }
    if (req.method === 'POST' && req.path === api('/folders')) {
      folders.add(String((req.body as { path: string }).path));
      return json({ path: (req.body as { path: string }).path });
    }
    if (req.method === 'PUT' && req.path === api('/objects')) {
      const target = String(req.params.path);
      if (target === failFirstUploadOf && !failed) {
        failed = true;
        return json({ error_code: 'ModelArts.0010', error_msg: 'disk hiccup' }, 500);
      }
      req.config.onUploadProgress?.({ loaded: 5, total: 10, bytes: 5, lengthComputable: true });
      objects.set(target, (req.body as Blob).size);
      return json({ path: target, size: (req.body as Blob).size });
    }
    return json({ error_code: 'ModelArts.4204', error_msg: 'no such API' }, 404);
  };
  return { handler, objects, folders };
}

let restore = () => {};
afterEach(() => restore());

function Field() {
  const [value, setValue] = useState<string>();
  return (
    <label>
      Input path
      <PathPicker value={value} onChange={setValue} />
    </label>
  );
}

function setup(initial: string[], options?: { failFirstUploadOf?: string }) {
  const store = fakeStorage(initial, options);
  const net = installFakeNetwork(store.handler);
  restore = net.restore;
  renderRoutes([{ path: '/', element: <Field /> }], '/');
  return { store, net, user: userEvent.setup({ delay: null }) };
}

const dialog = () => screen.getByRole('dialog');
const openEntry = async (name: string) => fireEvent.click(await within(dialog()).findByRole('button', { name: new RegExp(`^\\S+ ${name}$`) }));

describe('storage path picker', () => {
  it('lists buckets, opens folders, goes back by breadcrumb, and fills the field with the chosen folder', async () => {
    setup(['/photos/readme.txt', '/photos/cats/a.jpg', '/photos/cats/b.jpg', '/archive/old.zip']);
    fireEvent.click(screen.getByRole('button', { name: /Browse/ }));

    await openEntry('photos');
    expect(await within(dialog()).findByText('readme.txt')).toBeTruthy();
    expect(within(dialog()).getByRole('button', { name: /Use this folder/ })).toBeTruthy();

    await openEntry('cats');
    expect(await within(dialog()).findByText('a.jpg')).toBeTruthy();
    expect(within(dialog()).getByText('b.jpg')).toBeTruthy();
    expect(within(dialog()).queryByText('readme.txt')).toBeNull();

    fireEvent.click(within(dialog()).getByRole('button', { name: 'photos' }));
    expect(await within(dialog()).findByText('readme.txt')).toBeTruthy();
    await openEntry('cats');
    await within(dialog()).findByText('a.jpg');

    fireEvent.click(within(dialog()).getByRole('button', { name: /Use this folder/ }));
    await waitFor(() => expect((screen.getByLabelText('Input path') as HTMLInputElement).value).toBe('/photos/cats/'));
  }, 60_000);

  it('starts browsing at the folder already in the field and creates folders there', async () => {
    const { store, user } = setup(['/photos/cats/a.jpg']);
    await user.click(screen.getByLabelText('Input path'));
    await user.paste('/photos/cats/');
    fireEvent.click(screen.getByRole('button', { name: /Browse/ }));
    expect(await within(dialog()).findByText('a.jpg')).toBeTruthy();

    fireEvent.click(within(dialog()).getByRole('button', { name: /New folder/ }));
    await user.click(await screen.findByLabelText('Folder name'));
    await user.paste('dogs');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(store.folders.has('/photos/cats/dogs/')).toBe(true));
    expect(await within(dialog()).findByRole('button', { name: /dogs$/ })).toBeTruthy();
  }, 60_000);

  it('uploads a folder with per-file progress and retries the file that failed', async () => {
    const { store, net, user } = setup(['/photos/'], { failFirstUploadOf: '/photos/trip/b.jpg' });
    fireEvent.click(screen.getByRole('button', { name: /Browse/ }));
    await openEntry('photos');
    await within(dialog()).findByText('This folder is empty. Upload files or a folder, or create a subfolder.');

    const files = ['a.jpg', 'b.jpg'].map((name) => {
      const file = new File([`bytes of ${name}`], name, { type: 'image/jpeg' });
      Object.defineProperty(file, 'webkitRelativePath', { value: `trip/${name}` });
      return file;
    });
    await user.upload(screen.getByLabelText('Folder to upload'), files);

    await waitFor(() => expect(net.requests.filter((r) => r.method === 'PUT').map((r) => r.params.path)).toHaveLength(2));
    expect(await screen.findByText('1 of 2 uploaded, 1 failed')).toBeTruthy();
    expect(screen.getByText('disk hiccup')).toBeTruthy();
    const put = net.requests.find((r) => r.method === 'PUT');
    expect(put?.config.headers['Content-Type']).toBe('application/octet-stream');

    fireEvent.click(screen.getByRole('button', { name: 'Retry upload of trip/b.jpg' }));
    expect(await screen.findByText('2 of 2 uploaded, 0 failed')).toBeTruthy();
    expect([...store.objects.keys()].sort()).toEqual(['/photos/trip/a.jpg', '/photos/trip/b.jpg']);
    // The listing refreshes once the queue drains: the uploaded folder appears.
    expect(await within(dialog()).findByRole('button', { name: /trip$/ })).toBeTruthy();
  }, 60_000);
});
