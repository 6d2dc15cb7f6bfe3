import { FolderOpenOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StorageBrowser } from './storage-browser';
import { folderPath, pathSegments, toFolderPath } from './storage-api';

export interface PathPickerProps {
  /** `/bucket/dir/` (a folder) or `/bucket/dir/file` when `select` is `file` or `either`. */
  value?: string;
  onChange?: (value: string) => void;
  /** Set by antd's Form.Item so the field's `<label>` names the text box. */
  id?: string;
  /** `either`: the open folder or a clicked file, whichever the user uses (e.g. a folder or a manifest). */
  select?: 'folder' | 'file' | 'either';
  placeholder?: string;
  /** The browser's title and a line of help above it; defaults say what `select` picks. */
  title?: string;
  hint?: string;
  disabled?: boolean;
  'aria-invalid'?: boolean;
}

/** Where browsing starts: the folder of the current value, else the bucket list. */
function startFolder(value: string | undefined, select: NonNullable<PathPickerProps['select']>) {
  if (!value?.trim()) return '/';
  const segments = pathSegments(value.replace(/^obs:\/\//, '/'));
  return folderPath(select !== 'folder' && !value.endsWith('/') ? segments.slice(0, -1) : segments);
}

/**
 * A storage path field: type a path, or browse buckets and folders (creating them and uploading files on
 * the way) and pick one. Works as an antd Form control (`value` / `onChange`).
 */
export function PathPicker({ value, onChange, id, select = 'folder', placeholder, title, hint, disabled, ...aria }: PathPickerProps) {
  const { t } = useTranslation('storage');
  const [open, setOpen] = useState(false);
  const [browsing, setBrowsing] = useState('/');
  const [file, setFile] = useState<string>();

  const show = () => {
    setBrowsing(startFolder(value, select));
    const valueIsFile = select === 'file' || (select === 'either' && !!value && !value.endsWith('/'));
    setFile(valueIsFile ? value : undefined);
    setOpen(true);
  };
  const choose = (path: string) => {
    onChange?.(path);
    setOpen(false);
  };
  // One button per kind of pick; with `either`, the kind just picked (a clicked file) is the primary one.
  const fileButton = (
    <Button key="file" type={select === 'file' || file ? 'primary' : 'default'} disabled={!file} onClick={() => file && choose(file)}>
      {t('selectFile')}
    </Button>
  );
  const folderButton = (
    <Button key="folder" type={file ? 'default' : 'primary'} disabled={browsing === '/'} onClick={() => choose(browsing)}>
      {t('selectFolder')}
    </Button>
  );
  const buttons = select === 'file' ? [fileButton] : select === 'folder' ? [folderButton] : [fileButton, folderButton];

  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={id}
          value={value}
          placeholder={placeholder ?? t('pathPlaceholder')}
          disabled={disabled}
          aria-invalid={aria['aria-invalid']}
          onChange={(e) => onChange?.(e.target.value)}
          onBlur={() => value && select === 'folder' && onChange?.(toFolderPath(value))}
        />
        <Button icon={<FolderOpenOutlined />} onClick={show} disabled={disabled}>
          {t('browse')}
        </Button>
      </Space.Compact>
      <Modal
        open={open}
        width={820}
        title={title ?? (select === 'file' ? t('chooseFile') : t('chooseFolder'))}
        onCancel={() => setOpen(false)}
        footer={[
          <Typography.Text key="path" code style={{ float: 'left', marginTop: 6, maxWidth: 420 }} ellipsis>
            {select === 'file' ? (file ?? '—') : (file ?? browsing)}
          </Typography.Text>,
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('common:actions.cancel')}
          </Button>,
          ...buttons,
        ]}
      >
        {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
        <StorageBrowser
          path={browsing}
          onNavigate={(p) => {
            setBrowsing(p);
            // With `either`, opening another folder means that folder, not the file clicked before.
            if (select === 'either') setFile(undefined);
          }}
          selectedFile={file}
          onSelectFile={select === 'folder' ? undefined : setFile}
        />
      </Modal>
    </>
  );
}
