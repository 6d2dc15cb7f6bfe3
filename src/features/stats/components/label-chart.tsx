import { theme } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelStats } from '@contract/label';

// Only what this chart draws is bundled (architecture.md: echarts through `echarts/core`).
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const ROW_HEIGHT = 28;
const FALLBACK_COLOR = '#3399ff';

/** Samples per label as horizontal bars in the label's own colour; colours of axes and text follow the antd theme. */
export function LabelChart({ labels }: { labels: LabelStats[] }) {
  const { t } = useTranslation('stats');
  const { token } = theme.useToken();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // Largest at the top: echarts draws category axes bottom-up.
  const rows = useMemo(() => [...labels].sort((a, b) => a.sample_count - b.sample_count || b.name.localeCompare(a.name)), [labels]);
  const height = Math.max(160, rows.length * ROW_HEIGHT + 48);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => instance.resize());
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.resize();
    instance.setOption(
      {
        backgroundColor: 'transparent',
        textStyle: { fontFamily: token.fontFamily },
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          backgroundColor: token.colorBgElevated,
          borderColor: token.colorBorderSecondary,
          textStyle: { color: token.colorText },
          formatter: (params: unknown) => {
            const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
            const l = rows[p.dataIndex];
            return l ? `${escapeHtml(l.name)}<br/>${t('chart.tooltip', { samples: l.sample_count, count: l.count })}` : '';
          },
        },
        xAxis: {
          type: 'value',
          minInterval: 1,
          axisLabel: { color: token.colorTextSecondary },
          splitLine: { lineStyle: { color: token.colorBorderSecondary } },
        },
        yAxis: {
          type: 'category',
          data: rows.map((l) => l.name),
          axisLabel: { color: token.colorText, width: 160, overflow: 'truncate' },
          axisLine: { lineStyle: { color: token.colorBorder } },
          axisTick: { show: false },
        },
        series: [
          {
            type: 'bar',
            name: t('chart.samples'),
            barMaxWidth: 18,
            label: { show: true, position: 'right', color: token.colorTextSecondary },
            data: rows.map((l) => ({ value: l.sample_count, itemStyle: { color: l.property?.['@modelarts:color'] ?? FALLBACK_COLOR, borderRadius: [0, 3, 3, 0] } })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [rows, token, t, height]);

  const summary = `${t('chart.title')}: ${[...rows].reverse().map((l) => t('chart.item', { name: l.name, count: l.sample_count })).join(', ')}`;
  return <div ref={ref} role="img" aria-label={summary} data-testid="label-chart" style={{ width: '100%', height }} />;
}

// The tooltip is HTML: label names are user text and must stay text (quality-bar S4).
function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
