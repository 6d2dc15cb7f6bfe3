import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useResetPassword } from '../api';
import { passwordRules } from './rules';

/** Sets a new password for `username` (their sessions end; the BFF decides that). */
export function ResetPasswordModal({ username, onClose }: { username: string | undefined; onClose: () => void }) {
  const { t } = useTranslation('users');
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const reset = useResetPassword();
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values || !username) return;
    reset.mutate({ username, password: values.password }, { onSuccess: onClose });
  };
  return (
    <Modal
      open={username !== undefined}
      title={t('reset.title', { username })}
      okText={t('reset.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={reset.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="reset-password" preserve={false}>
        <Form.Item name="password" label={t('reset.password')} rules={passwordRules(t)} extra={t('reset.help')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('reset.confirm')}
          dependencies={['password']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, v?: string) => {
                if (v !== getFieldValue('password')) throw new Error(t('rules.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
