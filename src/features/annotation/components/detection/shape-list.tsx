import { DeleteOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Select, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EditorShape } from '../../model/annotation-doc';
import type { LabelKey } from '../../model/shortcuts';

interface Props {
  shapes: EditorShape[];
  labels: LabelKey[];
  selectedId: string | null;
  hidden: ReadonlySet<string>;
  colorOf: (label: string) => string;
  onSelect: (id: string) => void;
  onRelabel: (id: string, label: string) => void;
  onToggleHidden: (id: string) => void;
  onDelete: (id: string) => void;
}

/** Every shape on the image: pick one, change its label, hide it or delete it. */
export function ShapeList({ shapes, labels, selectedId, hidden, colorOf, onSelect, onRelabel, onToggleHidden, onDelete }: Props) {
  const { t } = useTranslation('annotation');
  const { token } = theme.useToken();
  if (shapes.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('shapes.empty')} />;
  return (
    <Flex vertical gap={2} role="list" aria-label={t('shapes.title')}>
      {shapes.map((s, i) => {
        const n = i + 1;
        const isHidden = hidden.has(s.id);
        const active = s.id === selectedId;
        return (
          <Flex
            key={s.id}
            role="listitem"
            align="center"
            gap={4}
            aria-current={active || undefined}
            onClick={() => onSelect(s.id)}
            style={{
              padding: '2px 4px',
              borderRadius: token.borderRadiusSM,
              cursor: 'pointer',
              background: active ? token.controlItemBgActive : undefined,
              opacity: isHidden ? 0.6 : 1,
            }}
          >
            <Button
              type="text"
              size="small"
              icon={isHidden ? <EyeInvisibleOutlined /> : <EyeOutlined />}
              aria-label={isHidden ? t('shapes.show', { n }) : t('shapes.hide', { n })}
              aria-pressed={!isHidden}
              onClick={(e) => {
                e.stopPropagation();
                onToggleHidden(s.id);
              }}
            />
            <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: colorOf(s.label), flex: 'none' }} />
            <Select
              size="small"
              value={s.label}
              aria-label={t('shapes.label', { n })}
              options={labels.map((l) => ({ value: l.name, label: l.name }))}
              onChange={(label: string) => onRelabel(s.id, label)}
              // Give the keyboard back to the editor's shortcuts once a label is picked.
              onSelect={() => (document.activeElement as HTMLElement | null)?.blur()}
              style={{ flex: 1, minWidth: 0 }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {s.kind === 'bndbox' ? t('shapes.box') : t('shapes.polygon', { count: s.points.length })}
            </Typography.Text>
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('shapes.delete', { n })}
              onClick={(e) => {
                e.stopPropagation();
                onDelete(s.id);
              }}
            />
          </Flex>
        );
      })}
    </Flex>
  );
}
