import { FileOutlined } from '@ant-design/icons';
import { Checkbox, Flex, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DescribeSampleResp } from '@contract/sample';
import { fileUrl } from '@/lib/http';
import { SampleStatusTag, labelCounts } from './sample-status-tag';

interface Props {
  sample: DescribeSampleResp;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onOpen: () => void;
  colorOf: (name: string) => string | undefined;
}

export function SampleCard({ sample, selected, onSelect, onOpen, colorOf }: Props) {
  const { t } = useTranslation('samples');
  const { token } = theme.useToken();
  const [broken, setBroken] = useState(false);
  const chips = labelCounts(sample.labels);
  return (
    <div
      style={{
        border: `1px solid ${selected ? token.colorPrimary : token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        background: token.colorBgContainer,
        overflow: 'hidden',
        position: 'relative',
      }}
    >
      <Checkbox
        checked={selected}
        onChange={(e) => onSelect(e.target.checked)}
        aria-label={t('grid.select', { name: sample.sample_name })}
        style={{ position: 'absolute', top: 8, left: 8, zIndex: 1 }}
      />
      <button
        type="button"
        onClick={onOpen}
        aria-label={t('grid.preview', { name: sample.sample_name })}
        style={{ display: 'block', width: '100%', height: 160, padding: 0, border: 0, cursor: 'zoom-in', background: token.colorFillQuaternary }}
      >
        {broken || !sample.source ? (
          <FileOutlined style={{ fontSize: 32, color: token.colorTextQuaternary }} />
        ) : (
          <img
            src={fileUrl(sample.source)}
            alt={sample.sample_name}
            loading="lazy"
            decoding="async"
            onError={() => setBroken(true)}
            style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }}
          />
        )}
      </button>
      <Flex vertical gap={4} style={{ padding: '8px 10px' }}>
        <Flex justify="space-between" align="center" gap={4}>
          <Typography.Text ellipsis={{ tooltip: sample.sample_name }} style={{ fontSize: 13 }}>
            {sample.sample_name}
          </Typography.Text>
          <SampleStatusTag status={sample.sample_status} />
        </Flex>
        <Flex wrap gap={4} style={{ minHeight: 22 }}>
          {chips.map(([name, count]) => (
            <Tag key={name} color={colorOf(name)} style={{ marginInlineEnd: 0 }}>
              {count > 1 ? `${name} ×${count}` : name}
            </Tag>
          ))}
        </Flex>
      </Flex>
    </div>
  );
}
