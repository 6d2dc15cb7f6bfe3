import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { renderRoutes } from '@/test/render';
import { UsersTable } from './users-table';

configure({ defaultHidden: true });

let restore = () => {};
afterEach(() => restore());

/** The BFF's user endpoints over an in-memory list. */
function serveUsers() {
  const users = [
    { username: 'root', role: 'admin', disabled: false, create_time: 1 },
    { username: 'lin', role: 'labeler', email: 'lin@example.com', disabled: false, create_time: 2 },
  ];
  const net = installFakeNetwork((req: FakeRequest) => {
    if (req.method === 'GET' && req.path === '/bff/users') return json({ users });
    if (req.method === 'POST' && req.path === '/bff/users') {
      const { password: _password, ...user } = req.body as { username: string; password: string; role: string };
      users.push({ ...user, disabled: false, create_time: 3 } as (typeof users)[number]);
      return json(user, 201);
    }
    const match = /^\/bff\/users\/([^/]+)(\/password)?$/.exec(req.path);
    const user = users.find((u) => u.username === decodeURIComponent(match?.[1] ?? ''));
    if (user && req.method === 'PATCH') return json(Object.assign(user, req.body));
    if (user && req.method === 'PUT' && match?.[2]) return { status: 204 };
    return json({ error_code: 'ModelArts.4204', error_msg: 'no such API' }, 404);
  });
  restore = net.restore;
  return net;
}

describe('users administration', () => {
  it('changes roles, disables after a confirmation, and never lets the admin lock themselves out', async () => {
    const net = serveUsers();
    renderRoutes([{ path: '/', element: <UsersTable currentUsername="root" /> }], '/');
    await screen.findByText('lin');
    expect(screen.getByRole('switch', { name: 'root can sign in' }).hasAttribute('disabled')).toBe(true);

    fireEvent.mouseDown(screen.getByLabelText('Role of lin'));
    fireEvent.click(await screen.findByTitle('Reviewer'));
    await waitFor(() => expect(net.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ role: 'reviewer' }));

    fireEvent.click(screen.getByRole('switch', { name: 'lin can sign in' }));
    expect(await screen.findByText(/cannot sign in until an administrator enables the account again/)).toBeTruthy();
    expect(net.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(net.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({ disabled: true }));
    expect(await screen.findByText('Disabled')).toBeTruthy();
  }, 60_000);

  it('creates a user with a role and resets a password', async () => {
    const net = serveUsers();
    const user = userEvent.setup({ delay: null });
    renderRoutes([{ path: '/', element: <UsersTable currentUsername="root" /> }], '/');
    await screen.findByText('lin');

    fireEvent.click(screen.getByRole('button', { name: /New user/ }));
    await user.click(await screen.findByLabelText('Username'));
    await user.paste('mei');
    await user.click(screen.getByLabelText('Password'));
    await user.paste('short');
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('8–256 characters')).toBeTruthy();
    await user.paste('-enough');
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));
    await waitFor(() => expect(net.requests.find((r) => r.method === 'POST')?.body).toEqual({ username: 'mei', password: 'short-enough', role: 'labeler' }));
    expect(await screen.findByText('mei')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Reset password of lin' }));
    await user.click(await screen.findByLabelText('New password'));
    await user.paste('new-secret-1');
    await user.click(screen.getByLabelText('Repeat the new password'));
    await user.paste('new-secret-1');
    fireEvent.click(screen.getByRole('button', { name: 'Set password' }));
    await waitFor(() => expect(net.requests.find((r) => r.method === 'PUT')).toMatchObject({ path: '/bff/users/lin/password', body: { password: 'new-secret-1' } }));
  }, 60_000);
});
