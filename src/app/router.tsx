import { createBrowserRouter } from 'react-router';
import { PageLoading } from '@/components/page-loading';
import { RouteError } from './route-error';

const Loading = () => <PageLoading fullScreen />;

/** Every page is lazy-loaded (quality-bar W1); route files stay thin (style.md §2). */
export const router = createBrowserRouter([
  { path: '/login', lazy: () => import('./routes/login').then((m) => ({ Component: m.default })), errorElement: <RouteError />, HydrateFallback: Loading },
  {
    path: '/',
    lazy: () => import('./layout').then((m) => ({ Component: m.default })),
    errorElement: <RouteError />,
    HydrateFallback: Loading,
    children: [
      { index: true, lazy: () => import('./routes/overview').then((m) => ({ Component: m.default })) },
      { path: 'datasets', lazy: () => import('./routes/datasets').then((m) => ({ Component: m.default })) },
      { path: 'datasets/new', lazy: () => import('./routes/dataset-create').then((m) => ({ Component: m.default })) },
      { path: 'datasets/:datasetId/*', lazy: () => import('./routes/dataset-detail').then((m) => ({ Component: m.default })) },
      { path: 'datasets/:datasetId/annotate', lazy: () => import('./routes/annotate').then((m) => ({ Component: m.default })) },
      { path: 'tasks', lazy: () => import('./routes/tasks').then((m) => ({ Component: m.default })) },
      { path: 'users', lazy: () => import('./routes/users').then((m) => ({ Component: m.default })) },
      { path: '*', lazy: () => import('./routes/not-found').then((m) => ({ Component: m.default })) },
    ],
  },
]);
