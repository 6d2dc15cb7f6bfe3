import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Empty, Flex, Skeleton, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DescribeSampleResp } from '@contract/sample';
import { formatBytes, formatTime } from '@/components/format';
import { fileUrl } from '@/lib/http';
import { sampleQueries } from '../api';
import { SampleStatusTag, labelCounts } from './sample-status-tag';
import { ShapeOverlay } from './shape-overlay';

interface Props {
  datasetId: string;
  sampleId?: string;
  onClose: () => void;
  colorOf: (name: string) => string | undefined;
}

/** The larger image with its annotations drawn over it, the sample's labels and its metadata. */
export function SamplePreviewDrawer({ datasetId, sampleId, onClose, colorOf }: Props) {
  const { t } = useTranslation('samples');
  const sample = useQuery({ ...sampleQueries.detail(datasetId, sampleId ?? ''), enabled: !!sampleId });
  return (
    <Drawer open={!!sampleId} onClose={onClose} size={720} title={sample.data?.sample_name ?? t('preview.title')} destroyOnHidden>
      {sample.isError ? (
        <Alert type="error" showIcon title={t('preview.loadError')} description={sample.error.message} />
      ) : sample.data ? (
        <PreviewBody sample={sample.data} colorOf={colorOf} />
      ) : (
        <Skeleton.Image active style={{ width: 640, height: 360 }} />
      )}
    </Drawer>
  );
}

function PreviewBody({ sample, colorOf }: { sample: DescribeSampleResp; colorOf: (name: string) => string | undefined }) {
  const { t, i18n } = useTranslation('samples');
  const { token } = theme.useToken();
  const metaSize = sample.metadata['@modelarts:size'];
  const declared = Array.isArray(metaSize) && metaSize.length >= 2 ? { w: Number(metaSize[0]), h: Number(metaSize[1]) } : undefined;
  const [natural, setNatural] = useState<{ w: number; h: number } | undefined>();
  const size = natural ?? declared;
  const chips = labelCounts(sample.labels);

  return (
    <Flex vertical gap="large">
      <div style={{ background: token.colorFillQuaternary, borderRadius: token.borderRadiusLG, textAlign: 'center', padding: 8 }}>
        {/* Small images are shown larger too: the frame sets the width, the image and its overlay follow it. */}
        <div style={{ position: 'relative', display: 'inline-block', maxWidth: '100%', width: size ? `min(100%, ${((60 * size.w) / size.h).toFixed(2)}vh)` : undefined }}>
          <img
            src={fileUrl(sample.source)}
            alt={sample.sample_name}
            onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
            style={size ? { display: 'block', width: '100%' } : { display: 'block', maxWidth: '100%', maxHeight: '60vh' }}
          />
          {size && <ShapeOverlay labels={sample.labels} width={size.w} height={size.h} colorOf={(n) => colorOf(n) ?? token.colorPrimary} />}
        </div>
      </div>
      <section aria-label={t('preview.labels')}>
        <Typography.Title level={5}>{t('preview.labels')}</Typography.Title>
        {chips.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('preview.noLabels')} />
        ) : (
          <Flex wrap gap={6}>
            {chips.map(([name, count]) => (
              <Tag key={name} color={colorOf(name)}>
                {count > 1 ? `${name} ×${count}` : name}
              </Tag>
            ))}
          </Flex>
        )}
      </section>
      <Descriptions
        title={t('preview.metadata')}
        column={1}
        size="small"
        bordered
        items={[
          { key: 'status', label: t('preview.status'), children: <SampleStatusTag status={sample.sample_status} /> },
          { key: 'size', label: t('preview.size'), children: `${formatBytes(sample.sample_size, i18n.language)}${size ? ` · ${size.w} × ${size.h} px` : ''}` },
          { key: 'dir', label: t('preview.dir'), children: <Typography.Text copyable>{sample.sample_dir}</Typography.Text> },
          { key: 'time', label: t('preview.time'), children: formatTime(sample.sample_time, i18n.language) },
          { key: 'id', label: t('preview.id'), children: <Typography.Text code>{sample.sample_id}</Typography.Text> },
        ]}
      />
    </Flex>
  );
}
