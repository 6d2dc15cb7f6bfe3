import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { isApiError } from '@/lib/api-error';

/** Render layer of errors: what happened and what to do next (quality-bar U5). */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const detail = isApiError(error) ? `${error.message} (${error.code})` : isRouteErrorResponse(error) ? error.statusText : error instanceof Error ? error.message : '';
  return (
    <Result
      status="error"
      title={t('error.pageTitle')}
      subTitle={detail}
      extra={<Button type="primary" onClick={() => window.location.reload()}>{t('error.reload')}</Button>}
    />
  );
}
