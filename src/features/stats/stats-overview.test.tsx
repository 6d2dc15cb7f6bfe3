import { configure, screen, within } from '@testing-library/react';
import { getInstanceByDom } from 'echarts/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetStats } from '@contract/dataset';
import { apiError, installFakeNetwork, json } from '@/test/fake-network';
import { renderRoutes } from '@/test/render';
import { StatsOverview } from './components/stats-overview';

const DATASET = 'dsCCCCCCCCCCCCCCCCC';
configure({ asyncUtilTimeout: 5_000 });

// jsdom has no canvas: echarts gets an inert 2D context, so the option it was given can be read back.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = function getContext(this: HTMLCanvasElement) {
    const state: Record<string | symbol, unknown> = { canvas: this };
    return new Proxy(state, {
      get: (target, prop) =>
        prop in target ? target[prop] : prop === 'measureText' ? (s: string) => ({ width: s.length * 7 }) : () => ({ addColorStop: () => {} }),
      set: (target, prop, value) => ((target[prop] = value), true),
    });
  } as unknown as HTMLCanvasElement['getContext'];
});

const stats = (labels: { name: string; sample_count: number; count: number; color: string }[]): DatasetStats => ({
  label_stats: labels.map((l) => ({ name: l.name, type: 0, property: { '@modelarts:color': l.color }, sample_count: l.sample_count, count: l.count })),
  grouped_label_stats: {},
  sample_stats: { total: 30, un_annotation: 19, manual_annotation: 10, auto_annotation: 1 },
  key_sample_stats: {},
  hard_detail_stats: {},
  metadata_stats: {},
  data_path: '/bucket/pets/',
  data_spliting_enable: false,
});

let network: ReturnType<typeof installFakeNetwork>;
let current: DatasetStats;
beforeEach(() => {
  current = stats([
    { name: 'cat', sample_count: 7, count: 9, color: '#3399ff' },
    { name: 'dog', sample_count: 4, count: 4, color: '#93c47d' },
  ]);
  network = installFakeNetwork((req) => (req.path.endsWith(`/datasets/${DATASET}/data-annotations/stats`) ? json(current) : apiError(404, 'ModelArts.4204', 'no fake')));
});
afterEach(() => network.restore());

const renderOverview = () => renderRoutes([{ path: '/', element: <StatsOverview datasetId={DATASET} /> }], '/');

describe('stats overview', () => {
  it('shows the sample counts by annotation state', async () => {
    renderOverview();
    const count = async (name: string) => within(await screen.findByRole('group', { name })).getByText(/^\d+$/).textContent;
    expect(await count('Total samples')).toBe('30');
    expect(await count('Labeled')).toBe('10');
    expect(await count('Unlabeled')).toBe('19');
    expect(await count('To be confirmed')).toBe('1');
    expect(screen.getByRole('progressbar', { name: '33% labeled' })).toBeTruthy();
  });

  it('charts samples per label in the labels’ colours, largest first', async () => {
    renderOverview();
    const chart = await screen.findByRole('img', { name: 'Label distribution: cat 7, dog 4' });
    const option = getInstanceByDom(chart)?.getOption() as {
      yAxis: { data: string[] }[];
      series: { data: { value: number; itemStyle: { color: string } }[] }[];
    };
    // Category axes draw bottom-up: the largest label is last.
    expect(option.yAxis[0].data).toEqual(['dog', 'cat']);
    expect(option.series[0].data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [4, '#93c47d'],
      [7, '#3399ff'],
    ]);
  });

  it('says what to do when there are no labels yet', async () => {
    current = stats([]);
    renderOverview();
    expect(await screen.findByText(/No labels yet\. Create labels on the Labels tab/)).toBeTruthy();
    expect(screen.queryByTestId('label-chart')).toBeNull();
  });
});
