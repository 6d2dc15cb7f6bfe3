import { DeleteOutlined, TagOutlined, TagsOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/components/format';
import { selectionCount, type GallerySelection } from '../gallery-selection';
import type { BatchKind } from './batch-modal';

interface Props {
  total: number;
  selection: GallerySelection;
  /** Whether there is anything in view for "select page" to take. */
  canSelectInView: boolean;
  onSelectInView: () => void;
  onSelectAll: () => void;
  onClear: () => void;
  onAction: (kind: BatchKind) => void;
}

/** The count, the ways to select (in view / all matching), and the batch actions on the selection. */
export function SelectionBar({ total, selection, canSelectInView, onSelectInView, onSelectAll, onClear, onAction }: Props) {
  const { t, i18n } = useTranslation('samples');
  const count = selectionCount(selection);
  const n = formatNumber(count, i18n.language);
  const all = selection.kind === 'all';
  const none = count === 0;
  return (
    <Flex justify="space-between" align="center" wrap gap="small">
      <Flex align="center" wrap gap="small">
        <Typography.Text strong role="status">
          {t('grid.total', { count: total, n: formatNumber(total, i18n.language) })}
        </Typography.Text>
        {!none && <Typography.Text type="secondary">{all ? t('grid.allSelected', { count, n }) : t('grid.selected', { count, n })}</Typography.Text>}
        <Button size="small" onClick={onSelectInView} disabled={!canSelectInView} title={t('grid.selectPageHint')}>
          {t('grid.selectPage')}
        </Button>
        {!all && total > 0 && (
          <Button size="small" onClick={onSelectAll}>
            {t('grid.selectAll', { count: total, n: formatNumber(total, i18n.language) })}
          </Button>
        )}
        {!none && (
          <Button size="small" type="link" onClick={onClear}>
            {t('grid.clearSelection', { count, n })}
          </Button>
        )}
      </Flex>
      <Flex align="center" wrap gap="small">
        <Button icon={<TagOutlined />} disabled={none} onClick={() => onAction('label')}>
          {t('grid.addLabels')}
        </Button>
        <Button icon={<TagsOutlined />} disabled={none} onClick={() => onAction('unlabel')}>
          {t('grid.removeLabels')}
        </Button>
        <Button danger icon={<DeleteOutlined />} disabled={none} onClick={() => onAction('delete')}>
          {none ? t('grid.deleteNone') : t('grid.deleteSelected', { count, n })}
        </Button>
      </Flex>
    </Flex>
  );
}
