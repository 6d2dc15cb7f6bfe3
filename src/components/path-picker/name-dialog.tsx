import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  label: string;
  extra?: string;
  validate: (name: string) => string | undefined;
  onSubmit: (name: string) => Promise<unknown>;
  onClose: () => void;
}

/** Asks for one name (new bucket / new folder); closes only when the server accepted it. */
export function NameDialog({ open, title, label, extra, validate, onSubmit, onClose }: Props) {
  const { t } = useTranslation('storage');
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(true);
    try {
      await onSubmit(values.name.trim());
      onClose();
    } catch {
      // The request's error was already shown by the mutation cache; the dialog stays open to fix the name.
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={t('create')}
      cancelText={t('common:actions.cancel')}
      onCancel={onClose}
      destroyOnHidden
      confirmLoading={busy}
      onOk={() => void submit()}
    >
      <Form form={form} layout="vertical" preserve={false} name="storage-name">
        <Form.Item
          name="name"
          label={label}
          extra={extra}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const problem = validate((value ?? '').trim());
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input autoFocus onPressEnter={() => void submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
