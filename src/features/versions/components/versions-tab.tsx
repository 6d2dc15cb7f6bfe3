import { CheckOutlined, CloudUploadOutlined, DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Flex, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VERSION_STATUS, type DatasetVersion } from '@contract/version';
import { formatNumber, formatTime } from '@/components/format';
import { StatusTag, type StatusTone } from '@/components/status-tag';
import type { ApiError } from '@/lib/api-error';
import { downloadManifest, useDeleteVersion, useSetCurrentVersion, versionQueries } from '../api';
import { PublishVersionModal } from './publish-version-modal';
import { VersionStats } from './version-stats';

const NO_KEYS: readonly QueryKey[] = [];
const STATUS: Record<number, [StatusTone, string]> = {
  [VERSION_STATUS.CREATING]: ['processing', 'creating'],
  [VERSION_STATUS.NORMAL]: ['success', 'normal'],
  [VERSION_STATUS.DELETING]: ['processing', 'deleting'],
  [VERSION_STATUS.DELETED]: ['default', 'deleted'],
  [VERSION_STATUS.ERROR]: ['error', 'error'],
};

function VersionStatus({ version }: { version: DatasetVersion }) {
  const { t } = useTranslation('versions');
  const [tone, key] = STATUS[version.status] ?? ['warning', 'unknown'];
  const tag = <StatusTag tone={tone}>{t(`status.${key}`, { status: version.status })}</StatusTag>;
  if (version.status !== VERSION_STATUS.ERROR || !version.message) return tag;
  return (
    <Flex vertical gap={2}>
      {tag}
      <Typography.Text type="danger">{`${version.message}${version.code ? ` (${version.code})` : ''}`}</Typography.Text>
    </Flex>
  );
}

interface Props {
  datasetId: string;
  datasetType: number;
  /** Keys of other features that a version change makes stale (the dataset's current version and counts). */
  alsoInvalidate?: readonly QueryKey[];
}

/** The dataset's versions: publish, statistics, current version, delete, manifest download. */
export function VersionsTab({ datasetId, datasetType, alsoInvalidate = NO_KEYS }: Props) {
  const { t, i18n } = useTranslation('versions');
  const { modal, message } = App.useApp();
  const [publishing, setPublishing] = useState(false);
  const versions = useQuery(versionQueries.list(datasetId));
  const remove = useDeleteVersion(datasetId, alsoInvalidate);
  const setCurrent = useSetCurrentVersion(datasetId, alsoInvalidate);
  const n = (x: number) => formatNumber(x, i18n.language);
  const failed = (e: ApiError | Error) => message.error(`${e.message}${'code' in e ? ` (${e.code})` : ''}`);

  const confirmDelete = (v: DatasetVersion) =>
    modal.confirm({
      title: t('delete.title', { name: v.version_name }),
      content: (
        <Flex vertical gap="small">
          <span>{t('delete.impact', { name: v.version_name, manifest: v.manifest_path })}</span>
          {v.is_current && <Alert type="warning" showIcon title={t('delete.current')} />}
        </Flex>
      ),
      okText: t('delete.confirm'),
      okButtonProps: { danger: true },
      cancelText: t('cancel'),
      onOk: () =>
        remove.mutateAsync(v.version_id).then(
          () => void message.success(t('delete.done', { name: v.version_name })),
          (e: ApiError) => void failed(e),
        ),
    });

  const makeCurrent = (v: DatasetVersion) =>
    setCurrent.mutateAsync(v.version_id).then(
      () => void message.success(t('current.done', { name: v.version_name })),
      (e: ApiError) => void failed(e),
    );

  const download = (v: DatasetVersion) => downloadManifest(datasetId, v.version_id).catch(failed);

  const columns: TableColumnsType<DatasetVersion> = [
    {
      title: t('columns.name'),
      key: 'name',
      render: (_, v) => (
        <Flex vertical gap={2}>
          <Space size="small">
            <Typography.Text strong>{v.version_name}</Typography.Text>
            {v.is_current && (
              <Tag color="blue" icon={<CheckOutlined />}>
                {t('current.tag')}
              </Tag>
            )}
          </Space>
          {v.description && <Typography.Text type="secondary">{v.description}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('columns.status'), key: 'status', render: (_, v) => <VersionStatus version={v} /> },
    { title: t('columns.created'), key: 'created', render: (_, v) => formatTime(v.create_time, i18n.language) },
    {
      title: t('columns.samples'),
      key: 'samples',
      render: (_, v) => (v.status === VERSION_STATUS.NORMAL ? t('columns.samplesValue', { labeled: n(v.annotated_sample_count), total: n(v.total_sample_count) }) : '—'),
    },
    {
      title: t('columns.split'),
      key: 'split',
      render: (_, v) => {
        const train = Math.round(Number(v.train_evaluate_sample_ratio) * 100);
        return t('columns.splitValue', { train, eval: 100 - train });
      },
    },
    {
      title: t('columns.changes'),
      key: 'changes',
      render: (_, v) =>
        v.status === VERSION_STATUS.NORMAL ? (
          <Tooltip title={t('stats.changesValue', { added: n(v.add_sample_count), modified: n(v.modified_sample_count), deleted: n(v.deleted_sample_count) })}>
            <span>{t('columns.changesValue', { added: n(v.add_sample_count), modified: n(v.modified_sample_count), deleted: n(v.deleted_sample_count) })}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('columns.actions'),
      key: 'actions',
      render: (_, v) => {
        const ready = v.status === VERSION_STATUS.NORMAL;
        return (
          <Space size={4} wrap>
            <Button size="small" disabled={!ready || v.is_current} onClick={() => makeCurrent(v)} aria-label={t('current.setLabel', { name: v.version_name })}>
              {t('current.set')}
            </Button>
            <Button size="small" icon={<DownloadOutlined />} disabled={!ready || !v.manifest_url} onClick={() => download(v)} aria-label={t('download.label', { name: v.version_name })}>
              {t('download.button')}
            </Button>
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              disabled={!ready && v.status !== VERSION_STATUS.ERROR}
              onClick={() => confirmDelete(v)}
              aria-label={t('delete.label', { name: v.version_name })}
            />
          </Space>
        );
      },
    },
  ];

  const list = versions.data?.versions ?? [];
  // The engine refuses a second publish while one runs (4343): say so before the form is filled in.
  const creating = list.some((v) => v.status === VERSION_STATUS.CREATING);
  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Text type="secondary">{versions.data ? t('count', { count: versions.data.total_number }) : null}</Typography.Text>
        <Tooltip title={creating ? t('publish.busy') : undefined}>
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setPublishing(true)} disabled={creating}>
            {t('publish.open')}
          </Button>
        </Tooltip>
      </Flex>
      {versions.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('loadError')}
          description={`${versions.error.message} (${versions.error.code})`}
          action={<Button onClick={() => versions.refetch()}>{t('retry')}</Button>}
        />
      ) : (
        <Table<DatasetVersion>
          aria-label={t('tableLabel')}
          rowKey="version_id"
          size="middle"
          loading={versions.isPending}
          columns={columns}
          dataSource={list}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('empty')} /> }}
          expandable={{
            rowExpandable: (v) => v.status === VERSION_STATUS.NORMAL,
            expandedRowRender: (v) => <VersionStats version={v} datasetType={datasetType} />,
          }}
        />
      )}
      <PublishVersionModal datasetId={datasetId} open={publishing} onClose={(published) => {
          setPublishing(false);
          if (published) void message.info(t('publish.started'));
        }}
        alsoInvalidate={alsoInvalidate} />
    </Flex>
  );
}
