import { ClearOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fileUrl } from '@/lib/http';
import { applyClass, clearClasses } from '../model/annotation-doc';
import { labelForKey } from '../model/shortcuts';
import { useClassMode } from '../use-class-mode';
import { LabelChips } from './label-chips';
import type { PanelProps } from './panel-props';
import { SampleImage } from './sample-image';
import { ShortcutHelp } from './shortcut-help';

/** Image classification: the image, and the labels as chips chosen by shortcut or click. */
export function ClassificationPanel({ datasetId, sample, labelKeys, doc, edit, keys, commonShortcuts }: PanelProps) {
  const { t } = useTranslation('annotation');
  const [mode, setMode] = useClassMode(datasetId);

  useEffect(() => {
    keys.current = (e, key) => {
      const label = labelForKey(labelKeys, key);
      if (label) {
        edit((d) => applyClass(d, label.name, mode));
        return true;
      }
      if (e.key === 'Delete' || e.key === 'Backspace') {
        edit(clearClasses);
        return true;
      }
      return false;
    };
    return () => {
      keys.current = null;
    };
  }, [keys, labelKeys, edit, mode]);

  return (
    <Flex gap="middle" style={{ flex: 1, minHeight: 0 }}>
      <SampleImage src={fileUrl(sample.source)} alt={sample.sample_name} />
      <Flex vertical gap="middle" style={{ width: 300, flex: 'none', overflowY: 'auto' }}>
        <Card size="small" title={t('classification.labels')}>
          <Flex vertical gap="middle">
            <label style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <Switch size="small" checked={mode === 'multi'} onChange={(on) => setMode(on ? 'multi' : 'single')} />
              <span>{t('classification.multi')}</span>
            </label>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {mode === 'multi' ? t('classification.multiHint') : t('classification.singleHint')}
            </Typography.Text>
            {labelKeys.length === 0 ? (
              <Alert
                type="info"
                showIcon
                title={t('noLabels.title')}
                description={<Link to={`/datasets/${encodeURIComponent(datasetId)}/labels`}>{t('noLabels.action')}</Link>}
              />
            ) : (
              <LabelChips
                title={t('classification.labels')}
                labels={labelKeys}
                active={doc.classes}
                onPick={(name) => edit((d) => applyClass(d, name, mode))}
              />
            )}
          </Flex>
        </Card>
        <Card size="small" title={t('classification.current')}>
          <Flex vertical gap="small">
            <Typography.Text data-testid="current-labels" type={doc.classes.length ? undefined : 'secondary'}>
              {doc.classes.length ? doc.classes.join(', ') : t('classification.none')}
            </Typography.Text>
            {doc.kept.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('kept', { count: doc.kept.length })}
              </Typography.Text>
            )}
            <Button size="small" icon={<ClearOutlined />} disabled={doc.classes.length === 0} onClick={() => edit(clearClasses)}>
              {t('classification.clear')}
            </Button>
          </Flex>
        </Card>
        <ShortcutHelp
          title={t('shortcuts.title')}
          items={[[t('shortcuts.labelKeys'), mode === 'multi' ? t('shortcuts.toggleLabel') : t('shortcuts.setLabel')], ['Del', t('shortcuts.clearLabels')], ...commonShortcuts]}
        />
      </Flex>
    </Flex>
  );
}
