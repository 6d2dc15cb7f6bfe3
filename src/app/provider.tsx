import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createQueryClient, setErrorPolicy } from '@/lib/query-client';
import { useThemeMode } from '@/lib/preferences';
import '@/lib/i18n';

/** Installs the error policy once antd's App context (for notifications) exists. */
function ErrorPolicy() {
  const { notification } = AntApp.useApp();
  const { t } = useTranslation();
  useEffect(() => {
    setErrorPolicy({
      notify: (e) => notification.error({ message: t('error.title'), description: `${e.message} (${e.code})`, key: `${e.code}:${e.message}` }),
      onUnauthorized: () => {
        if (!window.location.pathname.startsWith('/login')) {
          window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
        }
      },
    });
  }, [notification, t]);
  return null;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const mode = useThemeMode();
  const { i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.dataset.theme = mode;
    document.documentElement.style.colorScheme = mode;
  }, [mode]);
  return (
    <ConfigProvider
      locale={i18n.language === 'zh-CN' ? zhCN : enUS}
      theme={{ algorithm: mode === 'dark' ? theme.darkAlgorithm : theme.defaultAlgorithm, token: { colorPrimary: '#1668dc' } }}
    >
      <AntApp>
        <ErrorPolicy />
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
