import { ROLES, type Role } from '@contract/bff';
import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateUser } from '../api';
import { passwordRules, usernameRules } from './rules';

interface Values {
  username: string;
  password: string;
  role: Role;
  email?: string;
}

/** New console account with its role; the modal closes only once the BFF accepted it. */
export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('users');
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    create.mutate({ ...values, email: values.email?.trim() || undefined }, { onSuccess: onClose });
  };
  return (
    <Modal
      open={open}
      title={t('create.title')}
      okText={t('create.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="create-user" preserve={false} initialValues={{ role: 'labeler' }}>
        <Form.Item name="username" label={t('fields.username')} rules={usernameRules(t)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={t('fields.email')} rules={[{ type: 'email', message: t('rules.email') }]} extra={t('fields.emailHelp')}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('fields.role')} extra={t('fields.roleHelp')}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="password" label={t('fields.password')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
