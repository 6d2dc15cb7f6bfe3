import type { QueryKey } from '@tanstack/react-query';
import { Alert, ColorPicker, Form, Input, Modal, Select } from 'antd';
import type { Color } from 'antd/es/color-picker';
import { useTranslation } from 'react-i18next';
import { LABEL_TYPES, LabelName, SHAPES, type LabelProperty, type LabelStats } from '@contract/label';
import { useCreateLabel, useUpdateLabel } from '../api';

/** Distinct colours handed to new labels in turn, so neighbours in a chart or on an image differ. */
export const LABEL_PALETTE = ['#3399ff', '#93c47d', '#f6b26b', '#e06666', '#8e7cc3', '#76a5af', '#ffd966', '#c27ba0', '#6d9eeb', '#b45f06'];

interface Values {
  name: string;
  color: string;
  shortcut?: string;
  default_shape?: (typeof SHAPES)[number];
}

interface Props {
  datasetId: string;
  /** Dataset type: labels take it as their type, and detection (1) labels have a default shape. */
  datasetType: number;
  labels: LabelStats[];
  /** The label being edited; absent when creating. */
  editing?: LabelStats;
  open: boolean;
  onClose: () => void;
  alsoInvalidate: readonly QueryKey[];
}

/** Create or edit one label: name (rename when editing), colour, shortcut, default shape. */
export function LabelFormModal({ datasetId, datasetType, labels, editing, open, onClose, alsoInvalidate }: Props) {
  const { t } = useTranslation('labels');
  const [form] = Form.useForm<Values>();
  const create = useCreateLabel(datasetId, alsoInvalidate);
  const update = useUpdateLabel(datasetId, alsoInvalidate);
  const isDetection = datasetType === 1;
  const failure = editing ? update.error : create.error;
  const others = labels.filter((l) => l.name !== editing?.name);

  const initial: Values = editing
    ? {
        name: editing.name,
        color: editing.property?.['@modelarts:color'] ?? LABEL_PALETTE[0],
        shortcut: editing.property?.['@modelarts:shortcut'],
        default_shape: editing.property?.['@modelarts:default_shape'],
      }
    : { name: '', color: LABEL_PALETTE[labels.length % LABEL_PALETTE.length], default_shape: isDetection ? 'bndbox' : undefined };

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const submit = async () => {
    const v = await form.validateFields();
    const property: LabelProperty = { ...(editing?.property ?? {}), '@modelarts:color': v.color };
    delete property['@modelarts:rename_to'];
    if (v.shortcut) property['@modelarts:shortcut'] = v.shortcut;
    else delete property['@modelarts:shortcut'];
    if (isDetection && v.default_shape) property['@modelarts:default_shape'] = v.default_shape;
    if (editing) {
      if (v.name !== editing.name) property['@modelarts:rename_to'] = v.name;
      await update.mutateAsync({ name: editing.name, property });
    } else {
      const type = (LABEL_TYPES as readonly number[]).includes(datasetType) ? datasetType : undefined;
      await create.mutateAsync({ name: v.name, type, property });
    }
    close();
  };

  return (
    <Modal
      open={open}
      title={editing ? t('form.editTitle', { name: editing.name }) : t('form.createTitle')}
      okText={editing ? t('form.save') : t('form.create')}
      cancelText={t('form.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => submit().catch(() => undefined)}
      onCancel={close}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Form.Item
          name="name"
          label={t('form.name')}
          extra={editing ? t('form.renameHint') : undefined}
          rules={[
            { required: true, message: t('form.nameRequired') },
            { validator: async (_, value: string) => { if (value && !LabelName.safeParse(value).success) throw new Error(t('form.nameInvalid')); } },
            { validator: async (_, value: string) => { if (others.some((l) => l.name === value)) throw new Error(t('form.nameTaken')); } },
          ]}
        >
          <Input maxLength={256} autoFocus />
        </Form.Item>
        <Form.Item name="color" label={t('form.color')} getValueFromEvent={(c: Color) => c.toHexString()}>
          <ColorPicker format="hex" disabledAlpha showText presets={[{ label: t('form.palette'), colors: LABEL_PALETTE }]} aria-label={t('form.color')} />
        </Form.Item>
        <Form.Item
          name="shortcut"
          label={t('form.shortcut')}
          extra={t('form.shortcutHint')}
          rules={[{ validator: async (_, value?: string) => { if (value && others.some((l) => l.property?.['@modelarts:shortcut'] === value)) throw new Error(t('form.shortcutTaken')); } }]}
        >
          <Input maxLength={16} style={{ width: 160 }} />
        </Form.Item>
        {isDetection && (
          <Form.Item name="default_shape" label={t('form.defaultShape')}>
            <Select aria-label={t('form.defaultShape')} style={{ width: 200 }} options={SHAPES.map((s) => ({ value: s, label: t(`shape.${s}`) }))} />
          </Form.Item>
        )}
      </Form>
      {failure && <Alert type="error" showIcon title={editing ? t('form.saveFailed') : t('form.createFailed')} description={`${failure.message} (${failure.code})`} />}
    </Modal>
  );
}
