import { useQuery } from '@tanstack/react-query';
import { Col, Form, Input, Radio, Row, Select, Switch, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { SplitRatioField } from '@/components/split-ratio-field';
import { ResourceName } from '@contract/common';
import { PathPicker } from '@/components/path-picker';
import { exportTaskQueries } from '../api';
import { EXPORT_SAMPLE_STATES, type ExportValues } from '../export-body';

const DETECTION = 1;
const required = (message: string) => [{ required: true, whitespace: true, message }];

/** Where the export goes: a folder, or a new dataset (its name, data folder and work folder). */
export function DestinationFields({ dest }: { dest: ExportValues['dest'] }) {
  const { t } = useTranslation('export-tasks');
  return (
    <>
      <Form.Item name="dest" label={t('dialog.dest')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'DIR', label: t('dialog.destDir') },
            { value: 'NEW_DATASET', label: t('dialog.destNewDataset') },
          ]}
        />
      </Form.Item>
      {dest === 'NEW_DATASET' && (
        <Form.Item
          name="new_dataset_name"
          label={t('dialog.newName')}
          extra={t('dialog.newNameHint')}
          rules={[
            ...required(t('dialog.newNameRequired')),
            { validator: (_, v?: string) => (!v?.trim() || ResourceName(1, 100).safeParse(v.trim()).success ? Promise.resolve() : Promise.reject(new Error(t('dialog.newNameRule')))) },
          ]}
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item
        name="path"
        label={dest === 'DIR' ? t('dialog.path') : t('dialog.newDataPath')}
        extra={dest === 'DIR' ? t('dialog.pathHint') : t('dialog.newDataPathHint')}
        rules={[
          ...required(t('dialog.pathRequired')),
          { validator: (_, v?: string) => (!v?.trim() || v.trim().endsWith('/') ? Promise.resolve() : Promise.reject(new Error(t('dialog.pathFolder')))) },
        ]}
      >
        <PathPicker select="folder" />
      </Form.Item>
      {dest === 'NEW_DATASET' && (
        <Form.Item
          name="new_dataset_work_path"
          label={t('dialog.newWorkPath')}
          extra={t('dialog.newWorkPathHint')}
          dependencies={['path']}
          rules={[
            ...required(t('dialog.newWorkPathRequired')),
            ({ getFieldValue }) => ({
              validator: (_, v?: string) => (v?.trim() && v.trim() === String(getFieldValue('path') ?? '').trim() ? Promise.reject(new Error(t('dialog.newWorkPathSame'))) : Promise.resolve()),
            }),
          ]}
        >
          <PathPicker select="folder" />
        </Form.Item>
      )}
    </>
  );
}

/** Which samples: current ones or a published version; labeled / unlabeled / all / the gallery filter or a state. */
export function SelectionFields({ datasetId, open, source, what, galleryFilter }: { datasetId: string; open: boolean; source: ExportValues['source']; what: ExportValues['what']; galleryFilter: boolean }) {
  const { t } = useTranslation('export-tasks');
  const versions = useQuery({ ...exportTaskQueries.sourceVersions(datasetId), enabled: open });
  const noVersions = versions.isSuccess && versions.data.length === 0;
  return (
    <>
      <Form.Item name="source" label={t('dialog.source')}>
        <Radio.Group
          options={[
            { value: 'current', label: t('dialog.sourceCurrent') },
            { value: 'version', label: t('dialog.sourceVersion'), disabled: noVersions },
          ]}
        />
      </Form.Item>
      {noVersions && <Typography.Paragraph type="secondary" style={{ marginTop: -16 }}>{t('dialog.noVersions')}</Typography.Paragraph>}
      {source === 'version' && (
        <Form.Item name="version_id" label={t('dialog.version')} rules={[{ required: true, message: t('dialog.versionRequired') }]}>
          <Select
            loading={versions.isPending}
            options={(versions.data ?? []).map((v) => ({ value: v.version_id, label: t('dialog.versionOption', { name: v.version_name, count: v.total_sample_count }) }))}
          />
        </Form.Item>
      )}
      <Form.Item name="what" label={t('dialog.what')} extra={galleryFilter ? (source === 'version' ? t('dialog.whatFilterCurrentOnly') : t('dialog.whatFilterHint')) : undefined}>
        <Radio.Group
          options={[
            { value: 'all', label: t('dialog.whatAll') },
            { value: 'labeled', label: t('dialog.whatLabeled') },
            { value: 'unlabeled', label: t('dialog.whatUnlabeled') },
            galleryFilter
              ? { value: 'filter', label: t('dialog.whatFilter'), disabled: source === 'version' }
              : { value: 'state', label: t('dialog.whatState') },
          ]}
        />
      </Form.Item>
      {what === 'state' && (
        <Form.Item name="sample_state" label={t('dialog.sampleState')} rules={[{ required: true, message: t('dialog.sampleStateRequired') }]}>
          <Select options={EXPORT_SAMPLE_STATES.map((s) => ({ value: s, label: t(`sampleState.${s}`) }))} />
        </Form.Item>
      )}
    </>
  );
}

/** Layout of the output and the options of the manifest written with it. */
export function FormatFields({ form, datasetType, dest, ratioUsage }: { form: FormInstance<ExportValues>; datasetType: number; dest: ExportValues['dest']; ratioUsage: boolean }) {
  const { t } = useTranslation('export-tasks');
  const ratio = Form.useWatch('train_ratio', form) ?? 0.8;
  return (
    <>
      {datasetType === DETECTION && dest === 'DIR' && (
        <Form.Item name="annotation" label={t('dialog.annotationFormat')} extra={t('dialog.annotationFormatHint')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'MANIFEST', label: t('dialog.formatManifest') },
              { value: 'VOC', label: 'Pascal VOC' },
              { value: 'COCO', label: 'COCO' },
            ]}
          />
        </Form.Item>
      )}
      {/* Two options a row keeps the dialog short. */}
      <Row gutter={24}>
        <Col xs={24} sm={dest === 'DIR' ? 14 : 24}>
          <Form.Item name="export_format" label={t('dialog.layout')}>
            <Radio.Group
              options={[
                { value: 1, label: t('dialog.layoutTree') },
                { value: 2, label: t('dialog.layoutFlat') },
              ]}
            />
          </Form.Item>
        </Col>
        {dest === 'DIR' && (
          <Col xs={24} sm={10}>
            <Form.Item name="source_type_header" label={t('dialog.sourceHeader')} extra={t('dialog.sourceHeaderHint')}>
              <Radio.Group options={[{ value: 'obs://', label: 'obs://' }, { value: 's3://', label: 's3://' }]} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Row gutter={24}>
        <Col xs={24} sm={12}>
          <Form.Item name="ratio_sample_usage" label={t('dialog.ratioUsage')} extra={t('dialog.ratioUsageHint')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="clear_hard_property" label={t('dialog.clearHard')} extra={t('dialog.clearHardHint')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      {ratioUsage && (
        <SplitRatioField name="train_ratio" ratio={ratio} label={t('dialog.ratio')} describe={(split) => t('dialog.ratioValue', split)} />
      )}
    </>
  );
}
