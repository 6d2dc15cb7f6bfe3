import { CloudUploadOutlined, FileOutlined, FolderAddOutlined, FolderOpenOutlined, FolderOutlined, HddOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Button, Empty, Flex, Result, Table, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateBucketBody } from '@contract/storage';
import { formatBytes, formatTime, hasControlCharacters } from '@/components/format';
import { NameDialog } from './name-dialog';
import { folderPath, pathSegments, storageKeys, storageQueries, useCreateBucket, useCreateFolder } from './storage-api';
import { UploadList } from './upload-list';
import { useUploads } from './use-uploads';

interface Entry {
  kind: 'bucket' | 'folder' | 'file';
  name: string;
  path: string;
  size?: number;
  mtime?: number;
}

export interface StorageBrowserProps {
  /** The folder shown: `/` lists buckets, `/bucket/dir/` a folder. */
  path: string;
  onNavigate: (path: string) => void;
  /** When set, files can be chosen too (manifest files); the chosen one is highlighted. */
  selectedFile?: string;
  onSelectFile?: (path: string) => void;
}

const ICON = { bucket: <HddOutlined />, folder: <FolderOutlined />, file: <FileOutlined /> };

function validFolderName(name: string) {
  return name !== '' && name !== '.' && name !== '..' && name.length <= 255 && !/[/\\]/.test(name) && !hasControlCharacters(name);
}

/** Browses buckets and folders; creates both; uploads files and whole folders into the open folder. */
export function StorageBrowser({ path, onNavigate, selectedFile, onSelectFile }: StorageBrowserProps) {
  const { t, i18n } = useTranslation('storage');
  const queryClient = useQueryClient();
  const segments = pathSegments(path);
  const atRoot = segments.length === 0;
  const buckets = useQuery({ ...storageQueries.buckets(), enabled: atRoot });
  const folder = useQuery({ ...storageQueries.folder(path), enabled: !atRoot });
  const listing = atRoot ? buckets : folder;
  const createBucket = useCreateBucket();
  const createFolder = useCreateFolder();
  const [dialog, setDialog] = useState<'bucket' | 'folder' | null>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const dirInput = useRef<HTMLInputElement>(null);
  const uploads = useUploads({ onSettled: () => void queryClient.invalidateQueries({ queryKey: storageKeys.folders() }) });

  const entries: Entry[] = atRoot
    ? (buckets.data?.buckets ?? []).map((b) => ({ kind: 'bucket', name: b.name, path: `/${b.name}/`, mtime: b.create_time }))
    : [
        ...(folder.data?.folders ?? []).map((f) => ({ kind: 'folder' as const, name: f.name.replace(/\/$/, ''), path: f.path, mtime: f.mtime })),
        ...(folder.data?.files ?? []).map((f) => ({ kind: 'file' as const, name: f.name, path: f.path, size: f.size, mtime: f.mtime })),
      ];
  const open = (e: Entry) => (e.kind === 'file' ? onSelectFile?.(e.path) : onNavigate(e.path));
  const hiddenFiles = folder.data ? folder.data.total_file_count - folder.data.files.length : 0;

  const columns: TableColumnsType<Entry> = [
    {
      title: t('columns.name'),
      dataIndex: 'name',
      render: (name: string, e) =>
        e.kind === 'file' && !onSelectFile ? (
          <Flex gap={8}>
            {ICON.file}
            <Typography.Text type="secondary">{name}</Typography.Text>
          </Flex>
        ) : (
          <Button type="link" icon={ICON[e.kind]} onClick={() => open(e)} style={{ paddingInline: 0 }}>
            {name}
          </Button>
        ),
    },
    { title: t('columns.size'), dataIndex: 'size', width: 110, render: (size?: number) => (size === undefined ? '' : formatBytes(size, i18n.language)) },
    { title: t('columns.modified'), dataIndex: 'mtime', width: 200, render: (ms?: number) => formatTime(ms, i18n.language) },
  ];

  const crumb = (label: string, target: string, current: boolean) =>
    current ? (
      <Typography.Text aria-current="location">{label}</Typography.Text>
    ) : (
      <Button type="link" size="small" onClick={() => onNavigate(target)} style={{ padding: 0, height: 'auto' }}>
        {label}
      </Button>
    );
  const crumbs = [
    { title: crumb(t('allBuckets'), '/', atRoot) },
    ...segments.map((s, i) => ({ title: crumb(s, folderPath(segments.slice(0, i + 1)), i === segments.length - 1) })),
  ];

  return (
    <Flex vertical gap={12}>
      <nav aria-label={t('location')}>
        <Breadcrumb items={crumbs} />
      </nav>
      <Flex gap={8} wrap>
        {atRoot ? (
          <Button icon={<PlusOutlined />} onClick={() => setDialog('bucket')}>
            {t('newBucket')}
          </Button>
        ) : (
          <>
            <Button icon={<FolderAddOutlined />} onClick={() => setDialog('folder')}>
              {t('newFolder')}
            </Button>
            <Button icon={<CloudUploadOutlined />} onClick={() => filesInput.current?.click()}>
              {t('upload.files')}
            </Button>
            <Button icon={<FolderOpenOutlined />} onClick={() => dirInput.current?.click()}>
              {t('upload.folder')}
            </Button>
          </>
        )}
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          aria-label={t('upload.chooseFiles')}
          onChange={(e) => {
            if (e.target.files) uploads.add(path, Array.from(e.target.files));
            e.target.value = '';
          }}
        />
        <input
          ref={(el) => {
            dirInput.current = el;
            el?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          multiple
          hidden
          aria-label={t('upload.chooseFolder')}
          onChange={(e) => {
            if (e.target.files) uploads.add(path, Array.from(e.target.files));
            e.target.value = '';
          }}
        />
      </Flex>
      {listing.isError ? (
        <Result
          status="warning"
          title={t('loadFailed')}
          subTitle={`${listing.error.message} (${listing.error.code})`}
          extra={<Button onClick={() => onNavigate('/')}>{t('backToBuckets')}</Button>}
        />
      ) : (
        <Table<Entry>
          size="small"
          rowKey="path"
          columns={columns}
          dataSource={entries}
          loading={listing.isPending}
          pagination={false}
          scroll={{ y: 320 }}
          rowClassName={(e) => (e.path === selectedFile ? 'ant-table-row-selected' : '')}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={atRoot ? t('emptyRoot') : t('emptyFolder')} /> }}
        />
      )}
      {hiddenFiles > 0 && <Typography.Text type="secondary">{t('moreFiles', { count: hiddenFiles })}</Typography.Text>}
      <UploadList items={uploads.items} onRetry={uploads.retry} onClear={uploads.clearFinished} />
      <NameDialog
        open={dialog === 'bucket'}
        title={t('newBucket')}
        label={t('bucketName')}
        extra={t('bucketNameRule')}
        validate={(name) => (CreateBucketBody.safeParse({ name }).success ? undefined : t('bucketNameRule'))}
        onSubmit={(name) => createBucket.mutateAsync(name)}
        onClose={() => setDialog(null)}
      />
      <NameDialog
        open={dialog === 'folder'}
        title={t('newFolder')}
        label={t('folderName')}
        validate={(name) => (validFolderName(name) ? undefined : t('folderNameRule'))}
        onSubmit={(name) => createFolder.mutateAsync(`${path}${name}/`)}
        onClose={() => setDialog(null)}
      />
    </Flex>
  );
}
