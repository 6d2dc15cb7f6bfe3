import { Card, Flex, Segmented, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useDocumentLanguage } from '@/components/use-document-language';
import { safeNextPath } from '@/features/auth/api';
import { LoginForm } from '@/features/auth/components/login-form';
import { LANGUAGES, setLanguage, type Language } from '@/lib/i18n';

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  useDocumentLanguage();
  useEffect(() => {
    document.title = `${t('auth:login.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <Flex component="main" align="center" justify="center" className="login-page">
      <Card style={{ width: 380, maxWidth: '92vw' }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('auth:login.subtitle')}</Typography.Text>
        </Flex>
        <LoginForm onSuccess={() => navigate(safeNextPath(params.get('next')), { replace: true })} />
        <Flex justify="center" style={{ marginTop: 24 }}>
          <Segmented<Language>
            size="small"
            aria-label={t('userMenu.language')}
            value={i18n.language as Language}
            onChange={setLanguage}
            options={LANGUAGES.map((lang) => ({ value: lang, label: t(`language.${lang}`) }))}
          />
        </Flex>
      </Card>
    </Flex>
  );
}
