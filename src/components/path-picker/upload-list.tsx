import { ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UploadItem } from './use-uploads';

/** Rows shown per state; a 10,000-file folder must not render 10,000 progress bars. */
const VISIBLE = 30;

function UploadRow({ item, onRetry }: { item: UploadItem; onRetry: () => void }) {
  const { t } = useTranslation('storage');
  const status = item.status === 'failed' ? 'exception' : item.status === 'done' ? 'success' : 'active';
  return (
    <li className="upload-row">
      <Flex align="center" gap={8}>
        <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }} title={item.target}>
          {item.name}
        </Typography.Text>
        <Typography.Text type={item.status === 'failed' ? 'danger' : 'secondary'}>{t(`upload.status.${item.status}`)}</Typography.Text>
        {item.status === 'failed' && (
          <Button size="small" icon={<ReloadOutlined />} onClick={onRetry} aria-label={t('upload.retryOne', { name: item.name })}>
            {t('upload.retry')}
          </Button>
        )}
      </Flex>
      <Progress percent={Math.round(item.progress * 100)} status={status} size="small" aria-label={t('upload.progressOf', { name: item.name })} />
      {item.error && <Typography.Text type="danger">{item.error}</Typography.Text>}
    </li>
  );
}

export function UploadList({ items, onRetry, onClear }: { items: UploadItem[]; onRetry: (ids: number[]) => void; onClear: () => void }) {
  const { t } = useTranslation('storage');
  if (items.length === 0) return null;
  const by = (s: UploadItem['status']) => items.filter((i) => i.status === s);
  const [failed, uploading, queued, done] = [by('failed'), by('uploading'), by('queued'), by('done')];
  const shown = [...failed.slice(0, VISIBLE), ...uploading, ...queued.slice(0, VISIBLE), ...done.slice(-VISIBLE)];
  const hidden = items.length - shown.length;

  return (
    <section aria-label={t('upload.listLabel')} className="upload-list">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong role="status">
          {t('upload.summary', { done: done.length, total: items.length, failed: failed.length })}
        </Typography.Text>
        <Flex gap={8}>
          {failed.length > 0 && (
            <Button size="small" icon={<ReloadOutlined />} onClick={() => onRetry(failed.map((f) => f.id))}>
              {t('upload.retryFailed', { count: failed.length })}
            </Button>
          )}
          {done.length > 0 && (
            <Button size="small" onClick={onClear}>
              {t('upload.clearFinished')}
            </Button>
          )}
        </Flex>
      </Flex>
      <ul>
        {shown.map((item) => (
          <UploadRow key={item.id} item={item} onRetry={() => onRetry([item.id])} />
        ))}
      </ul>
      {hidden > 0 && <Typography.Text type="secondary">{t('upload.more', { count: hidden })}</Typography.Text>}
    </section>
  );
}
