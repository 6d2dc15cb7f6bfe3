import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@/lib/api-error';
import { useLogin } from '../api';

interface Values {
  username: string;
  password: string;
}

/** One generic message for bad credentials, so the form never tells which of the two was wrong (S6). */
function loginErrorKey(error: ApiError): string {
  if (error.status === 429) return 'auth:login.tooManyAttempts';
  if (error.status === 401 || error.status === 400 || error.status === 403) return 'auth:login.invalidCredentials';
  return 'auth:login.unavailable';
}

export function LoginForm({ onSuccess }: { onSuccess: () => void }) {
  const { t } = useTranslation();
  const login = useLogin();
  return (
    <Form<Values>
      name="login"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => login.mutate(values, { onSuccess })}
      disabled={login.isPending}
    >
      {login.error && <Alert type="error" showIcon title={t(loginErrorKey(login.error))} style={{ marginBottom: 16 }} role="alert" />}
      <Form.Item name="username" label={t('auth:login.username')} rules={[{ required: true, message: t('auth:login.usernameRequired') }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
      </Form.Item>
      <Form.Item name="password" label={t('auth:login.password')} rules={[{ required: true, message: t('auth:login.passwordRequired') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
        {t('auth:login.submit')}
      </Button>
    </Form>
  );
}
