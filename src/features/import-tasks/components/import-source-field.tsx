import { FolderOpenOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StorageBrowser, toFolderPath } from '@/components/path-picker';

interface Props {
  /** `/bucket/dir/` (a folder) or `/bucket/dir/x.manifest` (a manifest file). */
  value?: string;
  onChange?: (value: string) => void;
  /** Set by antd's Form.Item so the field's `<label>` names the text box. */
  id?: string;
  'aria-invalid'?: boolean;
}

/** Where browsing starts: the folder of the current value, else the bucket list. */
function startFolder(value: string | undefined) {
  const v = value?.trim().replace(/^obs:\/\//, '/');
  if (!v) return '/';
  return v.endsWith('/') ? toFolderPath(v) : toFolderPath(v.slice(0, v.lastIndexOf('/') + 1));
}

/**
 * The import source: type a path, or browse storage and either use the open folder or click a file
 * (a manifest). Unlike the shared path picker, one field takes both, so the import type can follow the pick.
 */
export function ImportSourceField({ value, onChange, id, ...aria }: Props) {
  const { t } = useTranslation('import-tasks');
  const [open, setOpen] = useState(false);
  const [browsing, setBrowsing] = useState('/');
  const [file, setFile] = useState<string>();

  const show = () => {
    setBrowsing(startFolder(value));
    setFile(value && !value.endsWith('/') ? value : undefined);
    setOpen(true);
  };
  const choose = (path: string) => {
    onChange?.(path);
    setOpen(false);
  };

  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={id}
          value={value}
          placeholder={t('dialog.sourcePlaceholder')}
          aria-invalid={aria['aria-invalid']}
          onChange={(e) => onChange?.(e.target.value)}
        />
        <Button icon={<FolderOpenOutlined />} onClick={show}>
          {t('storage:browse')}
        </Button>
      </Space.Compact>
      <Modal
        open={open}
        width={820}
        title={t('dialog.chooseSource')}
        onCancel={() => setOpen(false)}
        footer={[
          <Typography.Text key="path" code style={{ float: 'left', marginTop: 6, maxWidth: 420 }} ellipsis>
            {file ?? browsing}
          </Typography.Text>,
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('common:actions.cancel')}
          </Button>,
          <Button key="file" type={file ? 'primary' : 'default'} disabled={!file} onClick={() => file && choose(file)}>
            {t('storage:selectFile')}
          </Button>,
          <Button key="folder" type={file ? 'default' : 'primary'} disabled={browsing === '/'} onClick={() => choose(browsing)}>
            {t('storage:selectFolder')}
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">{t('dialog.chooseSourceHint')}</Typography.Paragraph>
        <StorageBrowser
          path={browsing}
          onNavigate={(p) => {
            setBrowsing(p);
            setFile(undefined);
          }}
          selectedFile={file}
          onSelectFile={setFile}
        />
      </Modal>
    </>
  );
}
