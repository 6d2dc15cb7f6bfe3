import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import LoginPage from '@/app/routes/login';
import { sessionKeys } from '../api';
import { apiError, installFakeNetwork, json } from '@/test/fake-network';
import { currentUrl, renderRoutes, TEST_PROJECT } from '@/test/render';

configure({ defaultHidden: true });

let restore = () => {};
afterEach(() => restore());

function setup(initialPath: string) {
  const net = installFakeNetwork((req) => {
    if (req.path !== '/bff/login') return json({}, 404);
    const { username, password } = req.body as { username: string; password: string };
    return username === 'ada' && password === 'correct horse'
      ? json({ user: { username: 'ada', role: 'manager' }, project_id: TEST_PROJECT, upstream: 'local', csrf_token: 'fresh' })
      : apiError(401, 'ModelArts.4630', 'Invalid username or password');
  });
  restore = net.restore;
  const view = renderRoutes(
    [
      { path: '/login', element: <LoginPage /> },
      { path: '*', element: <p>signed in page</p> },
    ],
    initialPath,
  );
  return { ...view, net, user: userEvent.setup({ delay: null }) };
}

async function signIn(user: ReturnType<typeof userEvent.setup>, username: string, password: string) {
  await user.click(screen.getByLabelText('Username'));
  await user.paste(username);
  await user.click(screen.getByLabelText('Password'));
  await user.paste(password);
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('login page', () => {
  it('shows one generic message for bad credentials and then returns to the page asked for', async () => {
    const { user, router, net, client } = setup('/login?next=%2Fdatasets%3Fpage%3D2');
    await signIn(user, 'ada', 'wrong');
    expect(await screen.findByText('The username or password is not correct.')).toBeTruthy();
    expect(currentUrl(router)).toBe('/login?next=%2Fdatasets%3Fpage%3D2');

    await user.clear(screen.getByLabelText('Password'));
    await user.paste('correct horse');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/datasets?page=2'));
    expect(net.requests.at(-1)?.body).toEqual({ username: 'ada', password: 'correct horse' });
    // The session the login answered with is cached: the shell needs no second round trip.
    expect(client.getQueryData(sessionKeys.current())).toMatchObject({ user: { username: 'ada' }, csrf_token: 'fresh' });
  }, 60_000);

  it('never follows a next= that leaves the site', async () => {
    const { user, router } = setup('/login?next=%2F%2Fevil.example%2Fphish');
    await signIn(user, 'ada', 'correct horse');
    await waitFor(() => expect(currentUrl(router)).toBe('/'));
  }, 60_000);

  it('requires both fields before asking the server', async () => {
    const { net } = setup('/login');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your username')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(net.requests).toHaveLength(0);
  }, 60_000);
});
