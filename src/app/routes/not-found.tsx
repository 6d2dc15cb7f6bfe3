import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { PageHeader } from '@/components/page-header';

export default function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Result
        status="404"
        title="404"
        subTitle={t('notFound.detail', { path: pathname })}
        extra={[
          <Button key="home" type="primary" onClick={() => navigate('/')}>
            {t('notFound.home')}
          </Button>,
          <Button key="datasets" onClick={() => navigate('/datasets')}>
            {t('notFound.datasets')}
          </Button>,
        ]}
      />
    </>
  );
}
