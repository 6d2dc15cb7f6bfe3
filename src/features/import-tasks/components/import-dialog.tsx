import { ImportOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Col, Form, Input, Radio, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { PathPicker } from '@/components/path-picker';
import { TaskDialogButton, TaskFormModal, type TaskDialogState } from '@/components/task-dialog-button';
import { importTaskQueries, useCreateImportTask } from '../api';
import { canImportDir, importDefaults, inferImportType, toImportBody, validImportFolder, type ImportValues } from '../import-body';

interface Props {
  datasetId: string;
  datasetType: number;
  /** Called with the new task's id once the API accepted it. */
  onStarted?: (taskId: string) => void;
}

/** Refusals explained in the user's words (the API's code and message are shown as well). */
const KNOWN_ERRORS = ['ModelArts.4311', 'ModelArts.4312', 'ModelArts.4313', 'ModelArts.4340', 'ModelArts.4356', 'ModelArts.4362'];
const DETECTION = 1;

/** The "Import" toolbar button of a dataset and its dialog (I2). */
export function ImportButton({ datasetId, datasetType, onStarted }: Props) {
  const { t } = useTranslation('import-tasks');
  return (
    <TaskDialogButton icon={<ImportOutlined />} label={t('button')}>
      {(dialog) => <ImportDialog {...dialog} datasetId={datasetId} datasetType={datasetType} onStarted={onStarted} />}
    </TaskDialogButton>
  );
}

type DialogProps = Props & TaskDialogState;

function ImportDialog({ datasetId, datasetType, onStarted, ...dialog }: DialogProps) {
  const { t } = useTranslation('import-tasks');
  const [form] = Form.useForm<ImportValues>();
  const create = useCreateImportTask(datasetId);
  const labels = useQuery({ ...importTaskQueries.labelNames(datasetId), enabled: dialog.open });
  const withAnnotations = Form.useWatch('import_annotations', form) ?? true;
  const dirAllowed = canImportDir(datasetType);
  const labelOptions = (labels.data ?? []).map((name) => ({ value: name, label: name }));

  const onValuesChange = (changed: Partial<ImportValues>) => {
    if (changed.import_path !== undefined) {
      const inferred = inferImportType(changed.import_path);
      if (inferred && (inferred === 'manifest' || dirAllowed)) form.setFieldValue('import_type', inferred);
    }
  };

  const labelSelect = (name: 'included_labels' | 'excluded_labels') => (
    <Form.Item name={name} label={t(`dialog.${name}`)} extra={t(`dialog.${name}Hint`)}>
      <Select mode="tags" options={labelOptions} loading={labels.isPending} tokenSeparators={[',']} placeholder={t('dialog.labelsPlaceholder')} />
    </Form.Item>
  );

  return (
    <TaskFormModal
      dialog={dialog}
      form={form}
      create={create}
      toBody={toImportBody}
      onStarted={onStarted}
      title={t('dialog.title')}
      okText={t('dialog.submit')}
      width={640}
      initialValues={importDefaults(datasetType)}
      onValuesChange={onValuesChange}
      errorTitle={(error) => (KNOWN_ERRORS.includes(error.code) ? t(`dialog.errors.${error.code.slice('ModelArts.'.length)}`) : t('dialog.failed'))}
      errorType={(error) => (error.code === 'ModelArts.4356' ? 'warning' : 'error')}
    >
      <Form.Item
        name="import_path"
        label={t('dialog.source')}
        extra={t('dialog.sourceHint')}
        rules={[{ required: true, whitespace: true, message: t('dialog.sourceRequired') }]}
      >
        {/* One field takes a folder or a manifest file, so the import type can follow the pick. */}
        <PathPicker select="either" placeholder={t('dialog.sourcePlaceholder')} title={t('dialog.chooseSource')} hint={t('dialog.chooseSourceHint')} />
      </Form.Item>
      <Form.Item
        name="import_type"
        label={t('dialog.importType')}
        extra={dirAllowed ? undefined : t('dialog.manifestOnly')}
        dependencies={['import_path']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, type: string) =>
              type === 'manifest' && String(getFieldValue('import_path') ?? '').trim().endsWith('/')
                ? Promise.reject(new Error(t('dialog.manifestNeedsFile')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Radio.Group
          options={[
            { value: 'dir', label: t('dialog.type.dir'), disabled: !dirAllowed },
            { value: 'manifest', label: t('dialog.type.manifest') },
          ]}
        />
      </Form.Item>
      {/* Two switches a row: the dialog stays short enough to see the submit button. */}
      <Row gutter={24}>
        <Col xs={24} sm={12}>
          <Form.Item name="import_samples" label={t('dialog.importSamples')} extra={t('dialog.importSamplesHint')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="import_annotations"
            label={t('dialog.importAnnotations')}
            extra={t('dialog.importAnnotationsHint')}
            valuePropName="checked"
            dependencies={['import_samples']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, on: boolean) => (on || getFieldValue('import_samples') ? Promise.resolve() : Promise.reject(new Error(t('dialog.nothingToImport')))),
              }),
            ]}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      {withAnnotations && (
        <>
          <Row gutter={24}>
            <Col xs={24} sm={12}>
              <Form.Item name="final_annotation" label={t('dialog.finalAnnotation')} extra={t('dialog.finalAnnotationHint')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            {datasetType === DETECTION && (
              <Col xs={24} sm={12}>
                <Form.Item name="difficult_only" label={t('dialog.difficultOnly')} extra={t('dialog.difficultOnlyHint')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            )}
          </Row>
          {labelSelect('included_labels')}
          {labelSelect('excluded_labels')}
        </>
      )}
      <Form.Item
        name="import_folder"
        label={t('dialog.importFolder')}
        extra={t('dialog.importFolderHint')}
        rules={[{ validator: (_, v?: string) => (!v?.trim() || validImportFolder(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('dialog.importFolderRule')))) }]}
      >
        <Input placeholder={t('dialog.importFolderPlaceholder')} autoComplete="off" maxLength={256} />
      </Form.Item>
    </TaskFormModal>
  );
}
