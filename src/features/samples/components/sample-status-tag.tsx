import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { UN_ANNOTATION: 'default', MANUAL_ANNOTATION: 'success', AUTO_ANNOTATION: 'warning' };

/** A sample's annotation state as people say it: unlabeled, labeled, to be confirmed. */
export function SampleStatusTag({ status }: { status: string }) {
  const { t } = useTranslation('samples');
  const known = status in COLORS;
  return (
    <Tag color={COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {known ? t(`status.${status}`) : status}
    </Tag>
  );
}

/** Distinct label names of a sample with how often each occurs (detection samples repeat names). */
export function labelCounts(labels: { name: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  labels.forEach((l) => counts.set(l.name, (counts.get(l.name) ?? 0) + 1));
  return [...counts.entries()];
}
