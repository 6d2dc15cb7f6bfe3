import { DATASET_TYPE_IDS, DATASET_TYPES } from '@contract/dataset';
import { Form, Input, Radio, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const NAME = /^[A-Za-z0-9_-]+$/;
const UNSAFE_TEXT = /[\^!<>=&"']/;

/** Step 1: name, description and what kind of data the dataset holds. */
export function BasicsStep() {
  const { t } = useTranslation('datasets');
  return (
    <>
      <Form.Item
        name="dataset_name"
        label={t('create.name')}
        extra={t('create.nameRule')}
        rules={[
          { required: true, whitespace: true, message: t('create.nameRequired') },
          { max: 100, message: t('create.nameTooLong') },
          { pattern: NAME, message: t('create.nameRule') },
        ]}
      >
        <Input maxLength={100} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('create.description')}
        rules={[
          { max: 256, message: t('create.descriptionTooLong') },
          { validator: async (_, v?: string) => { if (v && UNSAFE_TEXT.test(v)) throw new Error(t('create.descriptionRule')); } },
        ]}
      >
        <Input.TextArea rows={2} maxLength={256} showCount />
      </Form.Item>
      <Form.Item name="dataset_type" label={t('create.type')} rules={[{ required: true, message: t('create.typeRequired') }]}>
        <Radio.Group className="type-grid">
          {DATASET_TYPE_IDS.map((id) => (
            <Radio key={id} value={id} className="type-option">
              <Typography.Text strong>{t(`common:datasetType.${id}`)}</Typography.Text>{' '}
              {!DATASET_TYPES[id].labelable && <Tag>{t('create.notYetLabelable')}</Tag>}
              <br />
              <Typography.Text type="secondary">{t(`typeDescription.${id}`)}</Typography.Text>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
    </>
  );
}
