import { Descriptions, Empty, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DatasetVersion } from '@contract/version';
import { formatNumber, percent } from '@/components/format';

/**
 * Train / eval counts of a version whose split covered every labeled sample (`remove_sample_usage`): the
 * engine puts n × (1 − ratio) of them, rounded half up, in EVAL. Computed on integers as the engine does,
 * so "0.7" of 10 is exactly 7 / 3. Without the option, samples keep the usage they had: not derivable.
 */
export function splitCounts(v: Pick<DatasetVersion, 'annotated_sample_count' | 'train_evaluate_sample_ratio' | 'remove_sample_usage'>) {
  if (!v.remove_sample_usage) return undefined;
  const [whole, frac = ''] = v.train_evaluate_sample_ratio.trim().split('.');
  const den = 10 ** frac.length;
  const num = Number(whole || '0') * den + Number(frac || '0');
  if (!Number.isSafeInteger(num) || num < 0 || num > den) return undefined;
  const n = v.annotated_sample_count;
  const evalCount = Math.floor((2 * n * (den - num) + den) / (2 * den));
  return { train: n - evalCount, eval: evalCount };
}

function LabelDistribution({ version }: { version: DatasetVersion }) {
  const { t, i18n } = useTranslation('versions');
  const labels = [...version.label_stats].sort((a, b) => b.sample_count - a.sample_count || a.name.localeCompare(b.name));
  if (labels.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.noLabels')} />;
  return (
    <ul aria-label={t('stats.labelDistribution')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {labels.map((l) => {
        const share = percent(l.sample_count, version.annotated_sample_count);
        return (
          <li key={l.name}>
            <Flex gap="small" align="center">
              <Typography.Text ellipsis style={{ width: 160, flexShrink: 0 }} title={l.name}>
                {l.name}
              </Typography.Text>
              <Progress
                percent={share}
                showInfo={false}
                strokeColor={typeof l.property?.['@modelarts:color'] === 'string' ? l.property['@modelarts:color'] : undefined}
                style={{ flex: 1, margin: 0 }}
                aria-label={t('stats.labelShare', { name: l.name })}
              />
              <Typography.Text type="secondary" style={{ minWidth: 140, textAlign: 'end' }}>
                {t('stats.labelCount', { count: l.sample_count, formatted: formatNumber(l.sample_count, i18n.language), share })}
              </Typography.Text>
            </Flex>
          </li>
        );
      })}
    </ul>
  );
}

/** A published version's statistics: samples, labeled, split, changes against the previous version, labels. */
export function VersionStats({ version: v, datasetType }: { version: DatasetVersion; datasetType: number }) {
  const { t, i18n } = useTranslation('versions');
  const n = (x: number) => formatNumber(x, i18n.language);
  const split = splitCounts(v);
  const trainShare = Math.round(Number(v.train_evaluate_sample_ratio) * 100);
  const items = [
    { key: 'total', label: t('stats.total'), children: n(v.total_sample_count) },
    {
      key: 'labeled',
      label: t('stats.labeled'),
      children: t('stats.labeledValue', { count: n(v.annotated_sample_count), share: percent(v.annotated_sample_count, v.total_sample_count) }),
    },
    {
      key: 'split',
      label: t('stats.split'),
      children: split
        ? t('stats.splitCounts', { train: n(split.train), eval: n(split.eval), trainShare, evalShare: 100 - trainShare })
        : t('stats.splitKept', { trainShare, evalShare: 100 - trainShare }),
    },
    {
      key: 'changes',
      label: v.previous_version_id ? t('stats.changes') : t('stats.changesFirst'),
      children: t('stats.changesValue', { added: n(v.add_sample_count), modified: n(v.modified_sample_count), deleted: n(v.deleted_sample_count) }),
    },
    ...(v.previous_version_id
      ? [{ key: 'previous', label: t('stats.previous'), children: t('stats.previousValue', { total: n(v.previous_total_sample_count), labeled: n(v.previous_annotated_sample_count) }) }]
      : []),
    ...(datasetType === 0 ? [{ key: 'labelType', label: t('stats.labelType'), children: t(`stats.labelTypes.${v.label_type}`) }] : []),
    {
      key: 'options',
      label: t('stats.options'),
      children: [v.clear_hard_property && t('stats.clearedHard'), v.remove_sample_usage && t('stats.resplit')].filter(Boolean).join(' · ') || t('stats.noOptions'),
    },
    { key: 'manifest', label: t('stats.manifest'), children: <Typography.Text copyable>{v.manifest_path}</Typography.Text> },
  ];
  return (
    <Flex vertical gap="middle">
      <Descriptions size="small" column={{ xs: 1, md: 2 }} items={items} bordered />
      <div>
        <Typography.Title level={5}>{t('stats.labelDistribution')}</Typography.Title>
        <LabelDistribution version={v} />
      </div>
    </Flex>
  );
}
