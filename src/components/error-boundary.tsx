import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-error';

function ErrorView({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const detail = isApiError(error) ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error);
  return (
    <Result
      status="error"
      title={t('error.pageTitle')}
      subTitle={
        <>
          <div>{detail}</div>
          <div>{t('error.whatNext')}</div>
        </>
      }
      extra={[
        <Button key="retry" type="primary" onClick={onRetry}>
          {t('error.retry')}
        </Button>,
        <Button key="reload" onClick={() => window.location.reload()}>
          {t('error.reload')}
        </Button>,
      ]}
    />
  );
}

interface Props {
  /** The boundary clears itself when this changes (the route's path), so navigating away recovers. */
  resetKey: string;
  children: ReactNode;
}

/** Render layer of errors for one route: the shell (menu, header) stays usable when a page fails. */
export class RouteErrorBoundary extends Component<Props, { error: unknown; key: string }> {
  state = { error: undefined as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: undefined, key: props.resetKey };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  render() {
    if (this.state.error === undefined) return this.props.children;
    return <ErrorView error={this.state.error} onRetry={() => this.setState({ error: undefined })} />;
  }
}
