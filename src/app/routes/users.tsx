import { useQuery } from '@tanstack/react-query';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { sessionQueries } from '@/features/auth/api';
import { UsersTable } from '@/features/users/components/users-table';

export default function UsersPage() {
  const { t } = useTranslation('users');
  // The layout has loaded the session before any page renders.
  const { data: session } = useQuery(sessionQueries.current());
  if (!session) return null;
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {session.user.role === 'admin' ? (
        <UsersTable currentUsername={session.user.username} />
      ) : (
        <Result status="403" title="403" subTitle={t('adminOnly')} />
      )}
    </>
  );
}
