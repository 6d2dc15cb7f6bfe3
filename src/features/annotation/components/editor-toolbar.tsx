import { ArrowLeftOutlined, LeftOutlined, RedoOutlined, RightOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export type SaveState = 'saved' | 'dirty' | 'saving';

interface Props {
  sampleName?: string;
  /** 0-based position in the filtered list, and its length. */
  index: number;
  total?: number;
  saveState: SaveState;
  busy?: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onBack: () => void;
  onStep: (delta: 1 | -1) => void;
  onSave: () => void;
  onUndo: () => void;
  onRedo: () => void;
}

/** The editor's top bar: back to the gallery, where the user is in the list, history and saving. */
export function EditorToolbar(p: Props) {
  const { t } = useTranslation('annotation');
  return (
    <Flex justify="space-between" align="center" wrap gap="small">
      <Flex align="center" gap="small" style={{ minWidth: 0 }}>
        <Tooltip title={t('toolbar.backHint')}>
          <Button icon={<ArrowLeftOutlined />} onClick={p.onBack}>
            {t('toolbar.back')}
          </Button>
        </Tooltip>
        <Typography.Text strong ellipsis style={{ maxWidth: 360 }} data-testid="sample-name">
          {p.sampleName ?? ' '}
        </Typography.Text>
      </Flex>
      <Flex align="center" gap="small" wrap>
        <Flex align="center" gap={4}>
          <Tooltip title={t('toolbar.previousHint')}>
            <Button icon={<LeftOutlined />} aria-label={t('toolbar.previous')} disabled={p.busy || p.index === 0} onClick={() => p.onStep(-1)} />
          </Tooltip>
          <Typography.Text data-testid="sample-position" style={{ minWidth: 88, textAlign: 'center', fontVariantNumeric: 'tabular-nums' }}>
            {t('toolbar.position', { position: (p.index + 1).toLocaleString(), total: p.total === undefined ? '…' : p.total.toLocaleString() })}
          </Typography.Text>
          <Tooltip title={t('toolbar.nextHint')}>
            <Button icon={<RightOutlined />} aria-label={t('toolbar.next')} disabled={p.busy} onClick={() => p.onStep(1)} />
          </Tooltip>
        </Flex>
        <Space.Compact>
          <Tooltip title={t('toolbar.undoHint')}>
            <Button icon={<UndoOutlined />} aria-label={t('toolbar.undo')} disabled={!p.canUndo || p.busy} onClick={p.onUndo} />
          </Tooltip>
          <Tooltip title={t('toolbar.redoHint')}>
            <Button icon={<RedoOutlined />} aria-label={t('toolbar.redo')} disabled={!p.canRedo || p.busy} onClick={p.onRedo} />
          </Tooltip>
        </Space.Compact>
        <Typography.Text type={p.saveState === 'dirty' ? 'warning' : 'secondary'} role="status" style={{ width: 140, textAlign: 'end', whiteSpace: 'nowrap' }}>
          {t(`toolbar.state.${p.saveState}`)}
        </Typography.Text>
        <Tooltip title={t('toolbar.saveHint')}>
          <Button type="primary" icon={<SaveOutlined />} loading={p.saveState === 'saving'} disabled={p.saveState !== 'dirty' || p.busy} onClick={p.onSave}>
            {t('toolbar.save')}
          </Button>
        </Tooltip>
      </Flex>
    </Flex>
  );
}
