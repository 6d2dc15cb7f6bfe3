import { Button, Flex } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useDocumentLanguage } from '@/components/use-document-language';
import { safeNextPath } from '@/features/auth/api';
import { LoginForm } from '@/features/auth/components/login-form';
import { LANGUAGES, setLanguage } from '@/lib/i18n';

/** The first screen: kept to plain elements plus the form, so it loads fast (quality-bar W1). */
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
      <section className="login-card" aria-labelledby="login-title">
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <h1 id="login-title">{t('app.name')}</h1>
          <p className="secondary-text">{t('auth:login.subtitle')}</p>
        </Flex>
        <LoginForm onSuccess={() => navigate(safeNextPath(params.get('next')), { replace: true })} />
        <Flex justify="center" gap={4} style={{ marginTop: 24 }} role="group" aria-label={t('userMenu.language')}>
          {LANGUAGES.map((lang) => (
            <Button key={lang} size="small" type={i18n.language === lang ? 'link' : 'text'} aria-pressed={i18n.language === lang} onClick={() => setLanguage(lang)}>
              {t(`language.${lang}`)}
            </Button>
          ))}
        </Flex>
      </section>
    </Flex>
  );
}
