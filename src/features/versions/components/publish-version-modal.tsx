import type { QueryKey } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { CreateVersionBody, type CreateVersionInput } from '@contract/version';
import { SplitRatioField } from '@/components/split-ratio-field';
import { usePublishVersion } from '../api';

interface Values {
  version_name?: string;
  description?: string;
  /** Train share, 0–1. */
  ratio: number;
  clear_hard_property: boolean;
  remove_sample_usage: boolean;
}

const INITIAL: Values = { ratio: 0.8, clear_hard_property: true, remove_sample_usage: true };
/** Errors that concern the form as a whole, said in the user's words. */
const KNOWN_ERRORS = ['ModelArts.4370', 'ModelArts.4343', 'ModelArts.4356', 'ModelArts.4711', 'ModelArts.4714'];

/** The V2 body for the form's values (an empty name lets the server name it V001, V002 …). */
export function toPublishBody(v: Values): CreateVersionInput {
  const name = v.version_name?.trim();
  const description = v.description?.trim();
  return {
    ...(name ? { version_name: name } : {}),
    ...(description ? { description } : {}),
    train_evaluate_sample_ratio: v.ratio.toFixed(2),
    clear_hard_property: v.clear_hard_property,
    remove_sample_usage: v.remove_sample_usage,
    export_images: false,
  };
}

/** A form rule from one field of the contract's body schema, so the form refuses what the API would. */
const contractRule = (field: 'version_name' | 'description', message: string) => ({
  validator: (_: unknown, value?: string) =>
    !value?.trim() || CreateVersionBody.shape[field].safeParse(value.trim()).success ? Promise.resolve() : Promise.reject(new Error(message)),
});

interface Props {
  datasetId: string;
  open: boolean;
  onClose: (published: boolean) => void;
  alsoInvalidate: readonly QueryKey[];
}

/** Publish a version (V2): name, description, train/eval split and the options of the manifest. */
export function PublishVersionModal({ datasetId, open, onClose, alsoInvalidate }: Props) {
  const { t } = useTranslation('versions');
  const [form] = Form.useForm<Values>();
  const publish = usePublishVersion(datasetId, alsoInvalidate);
  const ratio = Form.useWatch('ratio', form) ?? INITIAL.ratio;
  const error = publish.error;

  const submit = async (values: Values) => {
    try {
      await publish.mutateAsync(toPublishBody(values));
    } catch (e) {
      // A taken name belongs to the name field; other refusals show above the buttons.
      if ((e as { code?: string }).code === 'ModelArts.4371') form.setFields([{ name: 'version_name', errors: [t('publish.nameExists')] }]);
      return;
    }
    form.resetFields();
    publish.reset();
    onClose(true);
  };

  const cancel = () => {
    publish.reset();
    onClose(false);
  };

  return (
    <Modal
      open={open}
      title={t('publish.title')}
      okText={t('publish.submit')}
      cancelText={t('cancel')}
      onOk={() => form.submit()}
      onCancel={cancel}
      confirmLoading={publish.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={INITIAL} onFinish={submit} onValuesChange={() => error && publish.reset()}>
        <Form.Item
          name="version_name"
          label={t('publish.name')}
          extra={t('publish.nameHint')}
          rules={[contractRule('version_name', t('publish.nameRule'))]}
        >
          <Input placeholder={t('publish.namePlaceholder')} maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('publish.description')} rules={[contractRule('description', t('publish.descriptionRule'))]}>
          <Input.TextArea rows={2} maxLength={256} showCount />
        </Form.Item>
        <SplitRatioField
          name="ratio"
          ratio={ratio}
          label={t('publish.ratio')}
          extra={t('publish.ratioHint')}
          describe={(split) => t('publish.ratioValue', split)}
        />
        <Form.Item name="clear_hard_property" label={t('publish.clearHard')} extra={t('publish.clearHardHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="remove_sample_usage" label={t('publish.removeUsage')} extra={t('publish.removeUsageHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
      {error && error.code !== 'ModelArts.4371' && (
        <Alert
          type={error.code === 'ModelArts.4370' || error.code === 'ModelArts.4343' ? 'warning' : 'error'}
          showIcon
          title={KNOWN_ERRORS.includes(error.code) ? t(`publish.errors.${error.code.slice('ModelArts.'.length)}`) : t('publish.failed')}
          description={`${error.message} (${error.code})`}
        />
      )}
    </Modal>
  );
}
