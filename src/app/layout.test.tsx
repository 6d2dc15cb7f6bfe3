import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { apiError, installFakeNetwork, json } from '@/test/fake-network';
import { currentUrl, renderRoutes, TEST_PROJECT } from '@/test/render';
import Layout from './layout';

configure({ defaultHidden: true });

let restore = () => {};
afterEach(() => {
  restore();
  setLanguage('en-US');
});

const session = (role: string) => ({ user: { username: 'ada', role }, project_id: TEST_PROJECT, upstream: 'local', csrf_token: 'tok-1' });

function setup(path: string, answer: () => ReturnType<typeof json>) {
  const net = installFakeNetwork((req) => (req.path === '/bff/session' ? answer() : req.path === '/bff/logout' ? json({}) : json({}, 404)));
  restore = net.restore;
  return renderRoutes(
    [
      { path: '/login', element: <p>login page</p> },
      { path: '/', element: <Layout />, children: [{ path: 'datasets', element: <p>datasets page</p> }] },
    ],
    path,
  );
}

describe('signed-in shell', () => {
  it('sends people without a session to the login page, remembering where they were going', async () => {
    const { router } = setup('/datasets?page=3', () => apiError(401, 'ModelArts.4630', 'Not logged in'));
    await waitFor(() => expect(currentUrl(router)).toBe('/login?next=%2Fdatasets%3Fpage%3D3'));
  }, 60_000);

  it('shows the Users section to administrators only', async () => {
    setup('/datasets', () => json(session('admin')));
    expect(await screen.findByText('datasets page')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Users' })).toBeTruthy();
  }, 60_000);

  it('hides the Users section from labelers', async () => {
    setup('/datasets', () => json(session('labeler')));
    expect(await screen.findByText('datasets page')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Datasets' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
    // The task center is for every role.
    expect(screen.getByRole('link', { name: 'Tasks' }).getAttribute('href')).toBe('/tasks');
  }, 60_000);

  it('switches the language from the account menu, including <html lang>', async () => {
    setup('/datasets', () => json(session('manager')));
    fireEvent.click(await screen.findByRole('button', { name: 'Account menu of ada' }));
    fireEvent.click(await screen.findByText('简体中文'));
    expect(await screen.findByRole('link', { name: '数据集' })).toBeTruthy();
    await waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
  }, 60_000);

  it('logs out and lands on the login page', async () => {
    const { router } = setup('/datasets', () => json(session('manager')));
    fireEvent.click(await screen.findByRole('button', { name: 'Account menu of ada' }));
    fireEvent.click(await screen.findByText('Log out'));
    await waitFor(() => expect(currentUrl(router)).toBe('/login'));
  }, 60_000);
});
