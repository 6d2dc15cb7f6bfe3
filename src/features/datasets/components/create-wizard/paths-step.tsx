import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { PathPicker, toFolderPath } from '@/components/path-picker';

const bucketAndDirs = (p: string) => toFolderPath(p).split('/').filter(Boolean);

/** Step 2: where the data is (input) and where the dataset writes its annotations (work path). */
export function PathsStep() {
  const { t } = useTranslation('datasets');
  return (
    <>
      <Form.Item
        name="input_path"
        label={t('create.inputPath')}
        extra={t('create.inputPathHelp')}
        rules={[
          { required: true, whitespace: true, message: t('create.inputPathRequired') },
          { max: 700, message: t('create.pathTooLong') },
          { validator: async (_, v?: string) => { if (v && !/^(\/|obs:\/\/)/.test(v.trim())) throw new Error(t('create.pathFormat')); } },
        ]}
      >
        <PathPicker />
      </Form.Item>
      <Form.Item
        name="work_path"
        label={t('create.workPath')}
        extra={t('create.workPathHelp')}
        dependencies={['input_path']}
        rules={[
          { required: true, whitespace: true, message: t('create.workPathRequired') },
          { max: 700, message: t('create.pathTooLong') },
          ({ getFieldValue }) => ({
            validator: async (_, v?: string) => {
              if (!v?.trim()) return;
              if (!/^(\/|obs:\/\/)/.test(v.trim())) throw new Error(t('create.pathFormat'));
              if (bucketAndDirs(v).length < 2) throw new Error(t('create.workPathNotBucket'));
              const input = getFieldValue('input_path') as string | undefined;
              if (input?.trim() && toFolderPath(v).startsWith(toFolderPath(input))) throw new Error(t('create.workPathInsideInput'));
            },
          }),
        ]}
      >
        <PathPicker />
      </Form.Item>
    </>
  );
}
