import { Button, Flex, Result, Spin, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The original image, scaled down to fit its frame, with loading and error states. */
export function SampleImage({ src, alt }: { src: string; alt: string }) {
  const { t } = useTranslation('annotation');
  const { token } = theme.useToken();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ key: string; status: 'loaded' | 'failed' } | null>(null);
  const key = `${src}#${attempt}`;
  const status = state?.key === key ? state.status : 'loading';
  return (
    <Flex
      align="center"
      justify="center"
      style={{ position: 'relative', flex: 1, minWidth: 0, minHeight: 0, background: token.colorFillQuaternary, borderRadius: token.borderRadiusLG }}
    >
      {status === 'failed' ? (
        <Result
          status="warning"
          title={t('image.failed')}
          subTitle={t('image.failedHint')}
          extra={<Button onClick={() => setAttempt((a) => a + 1)}>{t('image.retry')}</Button>}
        />
      ) : (
        // A new key remounts the element, so a retry loads the image again.
        <img
          key={key}
          src={src}
          alt={alt}
          onLoad={() => setState({ key, status: 'loaded' })}
          onError={() => setState({ key, status: 'failed' })}
          style={{ maxWidth: '100%', maxHeight: '100%', objectFit: 'contain', display: 'block' }}
        />
      )}
      {status === 'loading' && <Spin style={{ position: 'absolute' }} aria-label={t('image.loading')} />}
    </Flex>
  );
}
