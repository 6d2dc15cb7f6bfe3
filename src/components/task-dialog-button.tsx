import { Alert, Button, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@/lib/api-error';
import { useIdempotencyKey } from '@/lib/idempotency-key';

/** What a task dialog opened by `TaskDialogButton` is given. */
export interface TaskDialogState {
  open: boolean;
  /** Fresh at each opening: a double submit of one dialog makes one task. */
  idempotencyKey: string;
  onClose: () => void;
}

/** A toolbar button that opens the dialog starting a task (import, export …). */
export function TaskDialogButton({ icon, label, children }: { icon: ReactNode; label: ReactNode; children: (dialog: TaskDialogState) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const idempotency = useIdempotencyKey();
  return (
    <>
      <Button
        icon={icon}
        aria-haspopup="dialog"
        onClick={() => {
          idempotency.renew();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      {children({ open, idempotencyKey: idempotency.key, onClose: () => setOpen(false) })}
    </>
  );
}

/** The mutation that starts the task (react-query's, with its own error kept for the form). */
interface CreateTask<B> {
  mutateAsync: (request: { body: B; key: string }) => Promise<{ task_id: string }>;
  reset: () => void;
  isPending: boolean;
  error: ApiError | null;
}

export interface TaskFormModalProps<V, B> {
  dialog: TaskDialogState;
  form: FormInstance<V>;
  create: CreateTask<B>;
  toBody: (values: V) => B;
  onStarted?: (taskId: string) => void;
  title: string;
  okText: string;
  width: number;
  initialValues: Partial<V>;
  /** Besides clearing a shown error, which any change does. */
  onValuesChange?: (changed: Partial<V>) => void;
  /** How a refusal reads above the API's own code and message. */
  errorTitle: (error: ApiError) => string;
  errorType?: (error: ApiError) => 'error' | 'warning';
  children: ReactNode;
}

/**
 * The form of a task dialog: submits once with the dialog's idempotency key, shows a refusal below the form
 * with every field kept, and on success closes and hands the new task's id to `onStarted`.
 */
export function TaskFormModal<V, B>({ dialog, form, create, toBody, onStarted, title, okText, width, initialValues, onValuesChange, errorTitle, errorType, children }: TaskFormModalProps<V, B>) {
  const { t } = useTranslation('common');
  const { error } = create;
  const submit = async (values: V) => {
    let taskId: string;
    try {
      ({ task_id: taskId } = await create.mutateAsync({ body: toBody(values), key: dialog.idempotencyKey }));
    } catch {
      // Shown below the form; every field keeps its value.
      return;
    }
    form.resetFields();
    create.reset();
    dialog.onClose();
    onStarted?.(taskId);
  };
  return (
    <Modal
      open={dialog.open}
      title={title}
      okText={okText}
      cancelText={t('actions.cancel')}
      onOk={() => form.submit()}
      onCancel={() => {
        create.reset();
        dialog.onClose();
      }}
      confirmLoading={create.isPending}
      width={width}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        onValuesChange={(changed: Partial<V>) => {
          if (error) create.reset();
          onValuesChange?.(changed);
        }}
      >
        {children}
      </Form>
      {error && <Alert type={errorType?.(error) ?? 'error'} showIcon role="alert" title={errorTitle(error)} description={`${error.message} (${error.code})`} />}
    </Modal>
  );
}
