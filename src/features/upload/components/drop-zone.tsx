import { FileImageOutlined, FolderOpenOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Typography, theme } from 'antd';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMAGE_ACCEPT } from '../file-types';
import { filesFromDrop, filesFromInput, type PickedFile } from '../picked-files';

interface Props {
  /** Where the files go, shown to the user. */
  folder: string;
  onFiles: (files: PickedFile[]) => void;
}

/** Drop target for files and whole folders, with pickers for the same from the keyboard. */
export function DropZone({ folder, onFiles }: Props) {
  const { t } = useTranslation('upload');
  const { token } = theme.useToken();
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    setReadError(undefined);
    setReading(true);
    filesFromDrop(e.dataTransfer)
      .then((files) => files.length > 0 && onFiles(files))
      .catch((err: Error) => setReadError(err.message))
      .finally(() => setReading(false));
  };
  const onPicked = (input: HTMLInputElement) => {
    if (input.files?.length) onFiles(filesFromInput(input.files));
    // The same selection picked again must fire `change` again.
    input.value = '';
  };

  return (
    <section
      aria-label={t('dropZone.label')}
      onDragOver={onDragOver}
      onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOver(false)}
      onDrop={onDrop}
      style={{
        border: `1px dashed ${over ? token.colorPrimary : token.colorBorder}`,
        background: over ? token.colorPrimaryBg : token.colorFillQuaternary,
        borderRadius: token.borderRadiusLG,
        padding: token.paddingLG,
        textAlign: 'center',
        transition: `border-color ${token.motionDurationMid}`,
      }}
    >
      <Spin spinning={reading} description={t('dropZone.reading')}>
        <InboxOutlined aria-hidden style={{ fontSize: 40, color: token.colorPrimary }} />
        <Typography.Paragraph strong style={{ margin: `${token.marginSM}px 0 ${token.marginXXS}px` }}>
          {t('dropZone.hint')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('dropZone.types', { folder })}</Typography.Paragraph>
        <Flex gap="small" justify="center" wrap>
          <Button icon={<FileImageOutlined />} onClick={() => fileInput.current?.click()}>
            {t('dropZone.chooseFiles')}
          </Button>
          <Button icon={<FolderOpenOutlined />} onClick={() => folderInput.current?.click()}>
            {t('dropZone.chooseFolder')}
          </Button>
        </Flex>
      </Spin>
      {readError && <Alert style={{ marginTop: token.marginSM }} type="error" showIcon title={t('dropZone.readError')} description={readError} />}
      <input ref={fileInput} type="file" multiple accept={IMAGE_ACCEPT} hidden aria-label={t('dropZone.filesInput')} onChange={(e) => onPicked(e.currentTarget)} />
      <input
        ref={(el) => {
          folderInput.current = el;
          el?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        hidden
        aria-label={t('dropZone.folderInput')}
        onChange={(e) => onPicked(e.currentTarget)}
      />
    </section>
  );
}
