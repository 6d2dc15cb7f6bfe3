import { ExportOutlined } from '@ant-design/icons';
import { Divider, Form } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { TaskDialogButton, TaskFormModal, type TaskDialogState } from '@/components/task-dialog-button';
import { readSampleFilter, type SampleFilter } from '@/lib/sample-filter';
import { useCreateExportTask } from '../api';
import { EXPORT_DEFAULTS, filterNarrows, toExportBody, type ExportValues } from '../export-body';
import { DestinationFields, FormatFields, SelectionFields } from './export-form-fields';

interface Props {
  datasetId: string;
  datasetType: number;
  /** Called with the new task's id once the API accepted it. */
  onStarted?: (taskId: string) => void;
}

/** Refusals explained in the user's words (the API's code and message are shown as well). */
const KNOWN_ERRORS = ['ModelArts.4311', 'ModelArts.4312', 'ModelArts.4313', 'ModelArts.4205', 'ModelArts.4351', 'ModelArts.4358', 'ModelArts.4384', 'ModelArts.4353', 'ModelArts.4824'];

/**
 * The gallery's filter when the dialog is opened from the gallery (`/datasets/:id/samples?…`, the URL the
 * gallery keeps its filter in), so "by filter" exports what the user sees; elsewhere none.
 */
function useGalleryFilter(): SampleFilter | undefined {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  return useMemo(() => {
    const filter = /\/samples\/?$/.test(pathname) ? readSampleFilter(params) : undefined;
    return filterNarrows(filter) ? filter : undefined;
  }, [pathname, params]);
}

/** The "Export" toolbar button of a dataset and its dialog (E2). */
export function ExportButton({ datasetId, datasetType, onStarted }: Props) {
  const { t } = useTranslation('export-tasks');
  return (
    <TaskDialogButton icon={<ExportOutlined />} label={t('button')}>
      {(dialog) => <ExportDialog {...dialog} datasetId={datasetId} datasetType={datasetType} onStarted={onStarted} />}
    </TaskDialogButton>
  );
}

type DialogProps = Props & TaskDialogState;

function ExportDialog({ datasetId, datasetType, onStarted, ...dialog }: DialogProps) {
  const { t } = useTranslation('export-tasks');
  const [form] = Form.useForm<ExportValues>();
  const create = useCreateExportTask(datasetId);
  const galleryFilter = useGalleryFilter();
  const initial = useMemo(() => ({ ...EXPORT_DEFAULTS, what: galleryFilter ? 'filter' : EXPORT_DEFAULTS.what }), [galleryFilter]);
  const dest = Form.useWatch('dest', form) ?? initial.dest;
  const source = Form.useWatch('source', form) ?? initial.source;
  const what = Form.useWatch('what', form) ?? initial.what;
  const ratioUsage = Form.useWatch('ratio_sample_usage', form) ?? false;

  const onValuesChange = (changed: Partial<ExportValues>) => {
    // The gallery filter selects current samples: a version as source takes all of it instead.
    if (changed.source === 'version' && form.getFieldValue('what') === 'filter') form.setFieldValue('what', 'all');
  };

  return (
    <TaskFormModal
      dialog={dialog}
      form={form}
      create={create}
      toBody={(values: ExportValues) => toExportBody(values, galleryFilter)}
      onStarted={onStarted}
      title={t('dialog.title')}
      okText={t('dialog.submit')}
      width={680}
      initialValues={initial}
      onValuesChange={onValuesChange}
      errorTitle={(error) => (KNOWN_ERRORS.includes(error.code) ? t(`dialog.errors.${error.code.slice('ModelArts.'.length)}`) : t('dialog.failed'))}
    >
      <DestinationFields dest={dest} />
      <Divider titlePlacement="start" plain>
        {t('dialog.sectionSamples')}
      </Divider>
      <SelectionFields datasetId={datasetId} open={dialog.open} source={source} what={what} galleryFilter={!!galleryFilter} />
      <Divider titlePlacement="start" plain>
        {t('dialog.sectionFormat')}
      </Divider>
      <FormatFields form={form} datasetType={datasetType} dest={dest} ratioUsage={ratioUsage} />
    </TaskFormModal>
  );
}
