import { DatabaseOutlined, DashboardOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Layout as AntLayout, Menu, Result, theme, type MenuProps } from 'antd';
import { Suspense, useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { RouteErrorBoundary } from '@/components/error-boundary';
import { PageLoading } from '@/components/page-loading';
import { useDocumentLanguage } from '@/components/use-document-language';
import { loginPath, sessionQueries } from '@/features/auth/api';
import { UserMenu } from '@/features/auth/components/user-menu';
import { datasetKeys } from '@/features/datasets/api';
import { TaskNotifications } from '@/features/tasks';
import { setSessionContext } from '@/lib/http';
import type { Role } from '@contract/bff';
import type { TaskSummary } from '@contract/task';

interface NavItem {
  path: string;
  labelKey: string;
  icon: ReactNode;
  roles?: Role[];
}

/** Sidebar sections; a section with `roles` shows only to those roles (the BFF enforces the same). */
const NAV: NavItem[] = [
  { path: '/', labelKey: 'nav.overview', icon: <DashboardOutlined /> },
  { path: '/datasets', labelKey: 'nav.datasets', icon: <DatabaseOutlined /> },
  { path: '/tasks', labelKey: 'nav.tasks', icon: <ScheduleOutlined /> },
  { path: '/users', labelKey: 'nav.users', icon: <TeamOutlined />, roles: ['admin'] },
];

const selectedNav = (pathname: string) =>
  NAV.filter((n) => (n.path === '/' ? pathname === '/' : pathname === n.path || pathname.startsWith(`${n.path}/`))).map((n) => n.path);

/** The signed-in shell: session guard, sidebar, header, and the current page in its own error boundary. */
export default function Layout() {
  const { t } = useTranslation();
  const location = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const session = useQuery(sessionQueries.current());
  const queryClient = useQueryClient();
  // A finished task has changed its dataset (samples, labels, counts, versions) and maybe created one:
  // every query keyed by that dataset's id goes stale, and so do the dataset lists.
  const refreshAfterTask = useCallback(
    (task: TaskSummary) => {
      const ids = [task.dataset_id, task.result.new_dataset_id].filter((id): id is string => typeof id === 'string' && id !== '');
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey.some((part) => ids.includes(part as string)) });
      void queryClient.invalidateQueries({ queryKey: datasetKeys.lists() });
    },
    [queryClient],
  );
  useDocumentLanguage();

  if (session.isPending) return <PageLoading fullScreen />;
  if (session.isError) {
    if (session.error.status === 401) return <Navigate replace to={loginPath(location.pathname + location.search)} />;
    return (
      <Result
        status="error"
        title={t('error.sessionTitle')}
        subTitle={`${session.error.message} (${session.error.code})`}
        extra={<Button type="primary" onClick={() => void session.refetch()}>{t('error.retry')}</Button>}
      />
    );
  }
  // Set before the pages render, so their first requests already carry the project id and CSRF token.
  setSessionContext({ csrfToken: session.data.csrf_token, projectId: session.data.project_id });

  const { user } = session.data;
  const items: MenuProps['items'] = NAV.filter((n) => !n.roles || n.roles.includes(user.role)).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: <Link to={n.path}>{t(n.labelKey)}</Link>,
  }));

  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        theme="light"
        style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Link to="/" className="app-brand" aria-label={t('app.home')}>
          <img src="/favicon.svg" alt="" width={24} height={24} />
          {!collapsed && <strong>{t('app.name')}</strong>}
        </Link>
        <nav aria-label={t('nav.label')}>
          <Menu mode="inline" selectedKeys={selectedNav(location.pathname)} items={items} style={{ borderInlineEnd: 0 }} />
        </nav>
      </AntLayout.Sider>
      <AntLayout>
        <AntLayout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            paddingInline: 24,
          }}
        >
          <UserMenu user={user} />
        </AntLayout.Header>
        <TaskNotifications onFinished={refreshAfterTask} />
        {/* Layout.Content renders the page's <main> landmark. */}
        <AntLayout.Content style={{ padding: 24 }}>
          <RouteErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </RouteErrorBoundary>
        </AntLayout.Content>
      </AntLayout>
    </AntLayout>
  );
}
