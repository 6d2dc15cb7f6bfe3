import { FolderOpenOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StorageBrowser } from './storage-browser';
import { folderPath, pathSegments, toFolderPath } from './storage-api';

export interface PathPickerProps {
  /** `/bucket/dir/` (a folder) or `/bucket/dir/file` when `select="file"`. */
  value?: string;
  onChange?: (value: string) => void;
  /** Set by antd's Form.Item so the field's `<label>` names the text box. */
  id?: string;
  select?: 'folder' | 'file';
  placeholder?: string;
  disabled?: boolean;
  'aria-invalid'?: boolean;
}

/** Where browsing starts: the folder of the current value, else the bucket list. */
function startFolder(value: string | undefined, select: 'folder' | 'file') {
  if (!value?.trim()) return '/';
  const segments = pathSegments(value.replace(/^obs:\/\//, '/'));
  return folderPath(select === 'file' && !value.endsWith('/') ? segments.slice(0, -1) : segments);
}

/**
 * A storage path field: type a path, or browse buckets and folders (creating them and uploading files on
 * the way) and pick one. Works as an antd Form control (`value` / `onChange`).
 */
export function PathPicker({ value, onChange, id, select = 'folder', placeholder, disabled, ...aria }: PathPickerProps) {
  const { t } = useTranslation('storage');
  const [open, setOpen] = useState(false);
  const [browsing, setBrowsing] = useState('/');
  const [file, setFile] = useState<string>();

  const show = () => {
    setBrowsing(startFolder(value, select));
    setFile(select === 'file' ? value : undefined);
    setOpen(true);
  };
  const canChoose = select === 'file' ? Boolean(file) : browsing !== '/';
  const choose = () => {
    onChange?.(select === 'file' ? file! : browsing);
    setOpen(false);
  };

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
        title={select === 'file' ? t('chooseFile') : t('chooseFolder')}
        onCancel={() => setOpen(false)}
        footer={[
          <Typography.Text key="path" code style={{ float: 'left', marginTop: 6 }}>
            {select === 'file' ? (file ?? '—') : browsing}
          </Typography.Text>,
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('common:actions.cancel')}
          </Button>,
          <Button key="ok" type="primary" disabled={!canChoose} onClick={choose}>
            {select === 'file' ? t('selectFile') : t('selectFolder')}
          </Button>,
        ]}
      >
        <StorageBrowser path={browsing} onNavigate={setBrowsing} selectedFile={file} onSelectFile={select === 'file' ? setFile : undefined} />
      </Modal>
    </>
  );
}
