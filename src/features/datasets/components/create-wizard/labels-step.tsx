import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { SHAPES } from '@contract/label';
import { Button, ColorPicker, Flex, Form, Input, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasControlCharacters } from '@/components/format';
import { OBJECT_DETECTION, type LabelRow } from './build-request';

/** Distinct colours that read on light and dark backgrounds; new labels take the next one. */
const PALETTE = ['#1677ff', '#52c41a', '#fa8c16', '#eb2f96', '#13c2c2', '#722ed1', '#fadb14', '#f5222d', '#2f54eb', '#a0d911'];

/** Step 3: the label set (name, colour, default shape for detection) and whether to read existing annotations. */
export function LabelsStep() {
  const { t } = useTranslation('datasets');
  const form = Form.useFormInstance();
  const type = Form.useWatch('dataset_type', form) as number | undefined;
  const detection = type === OBJECT_DETECTION;

  return (
    <>
      <Typography.Paragraph type="secondary">{t('create.labelsHelp')}</Typography.Paragraph>
      <Form.List name="labels">
        {(fields, { add, remove }) => (
          <Flex vertical gap={4}>
            {fields.map((field, index) => (
              <Flex key={field.key} gap={8} align="flex-start" wrap>
                <Form.Item
                  name={[field.name, 'name']}
                  label={index === 0 ? t('create.labelNameShort') : undefined}
                  style={{ flex: '1 1 220px', marginBottom: 12 }}
                  rules={[
                    { required: true, whitespace: true, message: t('create.labelNameRequired') },
                    { max: 256, message: t('create.labelNameTooLong') },
                    ({ getFieldValue }) => ({
                      validator: async (_, v?: string) => {
                        if (v && hasControlCharacters(v)) throw new Error(t('create.labelNameInvalid'));
                        const names = ((getFieldValue('labels') ?? []) as LabelRow[]).map((l) => l?.name?.trim());
                        if (v?.trim() && names.filter((n) => n === v.trim()).length > 1) throw new Error(t('create.labelNameDuplicate'));
                      },
                    }),
                  ]}
                >
                  <Input maxLength={256} aria-label={t('create.labelName', { n: index + 1 })} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'color']}
                  label={index === 0 ? t('create.labelColorShort') : undefined}
                  getValueFromEvent={(c: { toHexString: () => string }) => c.toHexString()}
                  style={{ marginBottom: 12 }}
                >
                  <ColorPicker disabledAlpha showText aria-label={t('create.labelColor', { n: index + 1 })} />
                </Form.Item>
                {detection && (
                  <Form.Item name={[field.name, 'shape']} label={index === 0 ? t('create.labelShapeShort') : undefined} style={{ width: 200, marginBottom: 12 }}>
                    <Select
                      allowClear
                      aria-label={t('create.labelShape', { n: index + 1 })}
                      placeholder={t('create.anyShape')}
                      options={SHAPES.map((s) => ({ value: s, label: t(`shape.${s}`) }))}
                    />
                  </Form.Item>
                )}
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('create.removeLabel', { n: index + 1 })}
                  onClick={() => remove(field.name)}
                  style={{ marginTop: index === 0 ? 30 : 0 }}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', color: PALETTE[fields.length % PALETTE.length] })}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('create.addLabel')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Form.Item name="import_annotations" label={t('create.importAnnotations')} valuePropName="checked" extra={t('create.importAnnotationsHelp')} style={{ marginTop: 24 }}>
        <Switch />
      </Form.Item>
    </>
  );
}
