import { ReloadOutlined } from '@ant-design/icons';
import { Button, Collapse, Flex, Progress, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_ATTEMPTS, type UploadEntry, type UploadSnapshot } from '../upload-queue';

/** Rows listed per list: a 20,000-file folder must not render 20,000 rows. */
const LISTED = 100;

/** Overall share done, kept below 100 % until the last samples are registered. */
export function overallPercent(s: UploadSnapshot): number {
  if (s.total === 0) return 0;
  const share = s.bytesTotal > 0 ? s.bytesLoaded / s.bytesTotal : (s.total - s.counts.queued - s.counts.uploading - s.counts.waiting) / s.total;
  const percent = Math.floor(share * 100);
  return s.running ? Math.min(percent, 99) : percent;
}

function More({ count }: { count: number }) {
  const { t } = useTranslation('upload');
  return count > 0 ? <Typography.Text type="secondary">{t('progress.more', { count })}</Typography.Text> : null;
}

function ActiveRow({ entry }: { entry: UploadEntry }) {
  const { t } = useTranslation('upload');
  return (
    <li>
      <Flex gap="small" align="center">
        <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }} title={entry.target}>
          {entry.path}
        </Typography.Text>
        {entry.status === 'waiting' && <Typography.Text type="warning">{t('progress.retrying', { attempt: entry.attempts + 1, max: MAX_ATTEMPTS })}</Typography.Text>}
      </Flex>
      <Progress size="small" percent={entry.size ? Math.floor((entry.loaded / entry.size) * 100) : 0} aria-label={t('progress.fileProgress', { name: entry.path })} />
    </li>
  );
}

function FailedList({ failed, onRetry }: { failed: readonly UploadEntry[]; onRetry: () => void }) {
  const { t } = useTranslation('upload');
  const { token } = theme.useToken();
  return (
    <section aria-label={t('progress.failedList')}>
      <Flex justify="space-between" align="center" gap="small" wrap>
        <Typography.Text strong type="danger">
          {t('progress.failedTitle', { count: failed.length })}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={onRetry}>
          {t('progress.retryFailed', { count: failed.length })}
        </Button>
      </Flex>
      <ul style={{ maxHeight: 200, overflow: 'auto', margin: `${token.marginXS}px 0`, paddingInlineStart: token.paddingLG }}>
        {failed.slice(0, LISTED).map((f) => (
          <li key={f.id}>
            <Typography.Text>{f.path}</Typography.Text>{' '}
            <Typography.Text type="secondary">— {t(f.failedAt === 'register' ? 'progress.registerFailed' : 'progress.uploadFailed')}:</Typography.Text>{' '}
            <Typography.Text type="danger">{f.error}</Typography.Text>
          </li>
        ))}
      </ul>
      <More count={failed.length - LISTED} />
    </section>
  );
}

interface Props {
  snapshot: UploadSnapshot;
  onRetry: () => void;
  onClear: () => void;
}

/** Overall and per-file progress, what was added, what failed (with a retry) and what was skipped. */
export function UploadProgress({ snapshot: s, onRetry, onClear }: Props) {
  const { t } = useTranslation('upload');
  if (s.total === 0 && s.skipped.length === 0) return null;
  const stored = s.counts.uploaded + s.counts.added + s.counts.existing + s.failed.filter((f) => f.failedAt === 'register').length;
  const failedCount = s.counts.failed;
  const percent = overallPercent(s);

  return (
    <Flex vertical gap="small" style={{ marginTop: 16 }}>
      <Progress
        percent={percent}
        status={s.running ? 'active' : failedCount > 0 ? 'exception' : 'success'}
        aria-label={t('progress.overall')}
      />
      <Typography.Text role="status">
        {s.running ? t('progress.uploaded', { done: stored, total: s.total }) : t('progress.finished', { done: stored, total: s.total })}
      </Typography.Text>
      <Flex gap="small" wrap aria-label={t('progress.counts')} role="group">
        <Tag color="success">{t('progress.added', { count: s.counts.added })}</Tag>
        {s.counts.existing > 0 && <Tag>{t('progress.existing', { count: s.counts.existing })}</Tag>}
        {failedCount > 0 && <Tag color="error">{t('progress.failed', { count: failedCount })}</Tag>}
        {s.skipped.length > 0 && <Tag color="warning">{t('progress.skipped', { count: s.skipped.length })}</Tag>}
      </Flex>

      {s.active.length > 0 && (
        <section aria-label={t('progress.activeList')}>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {s.active.map((entry) => (
              <ActiveRow key={entry.id} entry={entry} />
            ))}
          </ul>
        </section>
      )}

      {failedCount > 0 && <FailedList failed={s.failed} onRetry={onRetry} />}

      {s.skipped.length > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: 'skipped',
              label: t('progress.skippedTitle', { count: s.skipped.length }),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t('progress.skippedWhy')}</Typography.Paragraph>
                  <ul aria-label={t('progress.skippedList')} style={{ maxHeight: 160, overflow: 'auto' }}>
                    {s.skipped.slice(0, LISTED).map((p, i) => (
                      <li key={`${i}:${p}`}>{p}</li>
                    ))}
                  </ul>
                  <More count={s.skipped.length - LISTED} />
                </>
              ),
            },
          ]}
        />
      )}

      {!s.running && (
        <Flex justify="end">
          <Button size="small" onClick={onClear}>
            {t('progress.clear')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
