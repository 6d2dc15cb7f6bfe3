import type { Page } from '@playwright/test';
import sharp from 'sharp';
import type { DescribeSampleResp } from '../server/contract/sample';
import { expect, test } from './fixtures';
import { uniqueName } from './support/console-api';

const WIDTH = 640;
const HEIGHT = 480;

test.use({ viewport: { width: 1600, height: 1000 } });

/** A 640×480 street-ish scene, so the shapes land on something. */
const scene = () =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><rect width="100%" height="100%" fill="#9db4c0"/>` +
        `<rect x="60" y="300" width="220" height="110" fill="#c0392b"/><circle cx="470" cy="220" r="70" fill="#2c3e50"/></svg>`,
    ),
  )
    .png()
    .toBuffer();

type Pt = [number, number];

/** The image pixel under a screen point, as the canvas's status line reports it. */
async function readPointer(page: Page, [x, y]: Pt): Promise<Pt> {
  await page.mouse.move(x, y);
  const text = page.getByTestId('canvas-pointer');
  await expect(text).toHaveText(/^x \d+, y \d+$/);
  const [, ix, iy] = /^x (\d+), y (\d+)$/.exec((await text.textContent())!)!;
  return [Number(ix), Number(iy)];
}

async function drag(page: Page, from: Pt, to: Pt) {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 8 });
  await page.mouse.up();
}

test('draws, moves and resizes boxes; the stored coordinates match the screen', async ({ page, api }) => {
  const bucket = uniqueName('e2e');
  await api.createBucket(bucket);
  await api.putObject(`/${bucket}/in/street.png`, await scene());
  const datasetId = await api.createDataset({
    dataset_name: uniqueName('e2e_det').replace(/-/g, '_'),
    dataset_type: 1,
    data_sources: [{ data_type: 0, data_path: `/${bucket}/in/` }],
    work_path: `/${bucket}/work/`,
    work_path_type: 0,
    labels: [
      { name: 'car', type: 1, property: { '@modelarts:default_shape': 'bndbox', '@modelarts:color': '#e8684a' } },
      { name: 'person', type: 1, property: { '@modelarts:default_shape': 'bndbox' } },
    ],
  });
  await api.waitUntilImported(datasetId);
  const [sample] = (await api.samples(datasetId)).samples;

  await page.goto(`/datasets/${datasetId}/annotate?i=0`);
  const canvas = page.getByTestId('annotation-canvas');
  await expect(page.getByTestId('canvas-zoom')).toHaveText('Zoom 100%');
  const box = (await canvas.boundingBox())!;
  const c: Pt = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];

  // Screen → image mapping, from the pixel readout at two far-apart points.
  const a: Pt = [c[0] - 250, c[1] - 180];
  const b: Pt = [c[0] + 250, c[1] + 180];
  const [ia, ib] = [await readPointer(page, a), await readPointer(page, b)];
  const scale = (ib[0] - ia[0]) / (b[0] - a[0]);
  expect(scale).toBeCloseTo(1, 2);
  const toImage = ([x, y]: Pt): Pt => [ia[0] + (x - a[0]) * scale, ia[1] + (y - a[1]) * scale];

  // Box 1 with the default label (car), box 2 relabeled to person with its key right after drawing.
  await expect(page.getByRole('button', { name: 'Draw box' })).toHaveAttribute('aria-pressed', 'true');
  const b1: [Pt, Pt] = [[c[0] - 200, c[1] - 150], [c[0] - 60, c[1] - 40]];
  const b2: [Pt, Pt] = [[c[0] + 40, c[1] + 30], [c[0] + 200, c[1] + 160]];
  await drag(page, ...b1);
  await drag(page, ...b2);
  await page.keyboard.press('2');
  const shapes = page.getByRole('list', { name: 'Shapes' });
  await expect(shapes.getByRole('listitem')).toHaveCount(2);
  await expect(shapes.getByRole('combobox', { name: 'Label of shape 2' })).toBeVisible();
  await expect(shapes.getByRole('listitem').nth(1)).toContainText('person');

  // Select tool: move box 1 by its middle, then resize box 2 by its bottom-right handle.
  await page.getByRole('button', { name: 'Select and edit' }).click();
  const move: Pt = [30, 20];
  await drag(page, [c[0] - 130, c[1] - 95], [c[0] - 130 + move[0], c[1] - 95 + move[1]]);
  await page.mouse.click(c[0] + 120, c[1] + 95);
  const grow: Pt = [40, 30];
  await drag(page, b2[1], [b2[1][0] + grow[0], b2[1][1] + grow[1]]);

  await expect(page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();

  const res = await page.request.get(`/api/v2/${api.session.project_id}/datasets/${datasetId}/data-annotations/samples/${sample.sample_id}`);
  expect(res.ok()).toBe(true);
  const stored = (await res.json()) as DescribeSampleResp;
  const feature = (name: string) => stored.labels.find((l) => l.name === name)?.property?.['@modelarts:feature'] as number[][];
  const shift = ([x, y]: Pt, [dx, dy]: Pt): Pt => [x + dx, y + dy];
  const expectNear = (actual: number[][], expected: Pt[]) => {
    expect(actual).toHaveLength(expected.length);
    actual.forEach((p, i) => {
      expect(Number.isInteger(p[0]) && Number.isInteger(p[1])).toBe(true);
      expect(Math.abs(p[0] - expected[i][0]), `x of point ${i}`).toBeLessThanOrEqual(2);
      expect(Math.abs(p[1] - expected[i][1]), `y of point ${i}`).toBeLessThanOrEqual(2);
    });
  };
  expect(stored.labels.map((l) => [l.name, l.property?.['@modelarts:shape']])).toEqual([
    ['car', 'bndbox'],
    ['person', 'bndbox'],
  ]);
  expectNear(feature('car'), [toImage(shift(b1[0], move)), toImage(shift(b1[1], move))]);
  expectNear(feature('person'), [toImage(b2[0]), toImage(shift(b2[1], grow))]);
  for (const [x, y] of [...feature('car'), ...feature('person')]) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(WIDTH);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(HEIGHT);
  }

  // A polygon: click three points, Enter closes it; Delete removes it and Ctrl+Z brings it back.
  await page.keyboard.press('p');
  const tri: Pt[] = [
    [c[0] - 240, c[1] + 60],
    [c[0] - 120, c[1] + 70],
    [c[0] - 180, c[1] + 170],
  ];
  for (const p of tri) await page.mouse.click(...p);
  await page.keyboard.press('Enter');
  await expect(shapes.getByRole('listitem')).toHaveCount(3);
  await expect(shapes.getByRole('listitem').nth(2)).toContainText('polygon, 3 points');
  await page.keyboard.press('Delete');
  await expect(shapes.getByRole('listitem')).toHaveCount(2);
  await page.keyboard.press('Control+z');
  await expect(shapes.getByRole('listitem')).toHaveCount(3);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  const again = (await (await page.request.get(res.url())).json()) as DescribeSampleResp;
  const polygon = again.labels.find((l) => l.property?.['@modelarts:shape'] === 'polygon');
  expect(polygon?.name).toBe('person');
  expectNear(polygon?.property?.['@modelarts:feature'] as number[][], tri.map(toImage));
});
