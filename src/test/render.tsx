import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { setSessionContext } from '@/lib/http';
import '@/lib/i18n';

export const TEST_PROJECT = '0123456789abcdef0123456789abcdef';

/** A query client like the app's, without retries, so failures show at once. */
export function testQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 5_000 }, mutations: { retry: false } } });
}

/**
 * Renders routes in a memory router with the app's providers and a signed-in project, and returns the
 * router so tests can read the URL the page wrote.
 */
export function renderRoutes(routes: RouteObject[], initialPath: string, client = testQueryClient()) {
  setSessionContext({ csrfToken: 'test-csrf', projectId: TEST_PROJECT });
  const router = createMemoryRouter(routes, { initialEntries: [initialPath] });
  const wrap = (children: ReactNode) => (
    <ConfigProvider theme={{ token: { motion: false } }}>
      <AntApp>
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
  const utils = render(wrap(<RouterProvider router={router} />));
  return { ...utils, router, client };
}

/** The current URL of a memory router, as path + search. */
export const currentUrl = (router: ReturnType<typeof createMemoryRouter>) =>
  router.state.location.pathname + router.state.location.search;
