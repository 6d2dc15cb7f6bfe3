import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** Suspense / first-load fallback; announced to screen readers. */
export function PageLoading({ fullScreen = false }: { fullScreen?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: fullScreen ? '100vh' : 240 }} role="status" aria-live="polite" aria-label={t('loading')}>
      <Spin size="large" />
    </Flex>
  );
}
