import { Flex } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Page title as the page's one `<h1>` (also the document title, so tabs and history read well), with
 * optional actions. Plain elements rather than antd Typography keep the first screen's bundle small (W1).
 */
export function PageHeader({ title, subtitle, extra }: { title: string; subtitle?: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Flex justify="space-between" align="flex-start" wrap gap={12} className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="secondary-text">{subtitle}</p>}
      </div>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
