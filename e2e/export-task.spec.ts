import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addBoxedSamples, renderJpeg, seedDetectionDataset } from './support/detection';
import { settledDialog, waitForMotion } from './support/motion';
import { highlightedTask, pickFolder, statusTag, taskIdFromUrl, taskNotification, taskRows } from './support/tasks';
import { readZip } from './support/zip';

/**
 * Samples of the export that is stopped, 200 boxes each: about 20 s to seed, and an export that has written
 * about a third of them when a person has reached Stop in the task center (the spec checks it stopped part-way).
 */
const BIG = Number(process.env.E2E_EXPORT_SAMPLES ?? 4000);
const BOXES = Number(process.env.E2E_EXPORT_BOXES ?? 200);

/** Opens the Export dialog from the dataset's Tasks tab and picks `/bucket/out/` as the output folder. */
async function openExportTo(page: Page, datasetId: string, bucket: string) {
  await page.goto(`/datasets/${datasetId}/tasks`);
  await page.getByRole('button', { name: /Export$/ }).click();
  const dialog = await settledDialog(page, 'Export data');
  await dialog.getByRole('button', { name: /Browse/ }).click();
  await pickFolder(page, 'Choose a folder', [bucket, 'out']);
  await expect(dialog.getByRole('textbox', { name: 'Output folder' })).toHaveValue(`/${bucket}/out/`);
  return dialog;
}

/** Radio buttons drawn as buttons: antd hides the radio itself, so a person clicks its text. */
async function chooseFormat(dialog: Locator, name: string) {
  await dialog.getByText(name, { exact: true }).click();
  await expect(dialog.getByRole('radio', { name, exact: true })).toBeChecked();
}

test('stops an export mid-way from the task center: it ends stopped with ModelArts.4393 and writes nothing', async ({ page, api }) => {
  const { datasetId, datasetName, bucket } = await seedDetectionDataset(api, ['car']);
  await api.createFolder(`/${bucket}/out/`);
  await addBoxedSamples(api, datasetId, { count: BIG, label: 'car', boxesPerSample: BOXES });

  const dialog = await openExportTo(page, datasetId, bucket);
  await chooseFormat(dialog, 'Pascal VOC');
  // A train / eval split reads the samples once more before writing them.
  await dialog.getByRole('switch', { name: 'Split into train and eval' }).click();
  await dialog.getByRole('button', { name: 'Start export' }).click();
  await expect(dialog).toBeHidden();
  const taskId = await taskIdFromUrl(page);

  // In the task center, the running export; Stop, after a confirmation that says what is discarded.
  await page.getByRole('link', { name: 'Tasks', exact: true }).click();
  const row = taskRows(page, 'Export', datasetName).first();
  await row.getByRole('button', { name: `Stop the Export of ${datasetName}` }).click();
  const confirm = page.getByRole('tooltip').filter({ hasText: 'Stop this task (Export)?' });
  await expect(confirm).toContainText('nothing appears at the destination');
  await waitForMotion(confirm);
  await confirm.getByRole('button', { name: 'Stop task' }).click();

  await expect(statusTag(row, 'Stopped')).toBeVisible();
  await expect(row).toContainText('Stopped on request (ModelArts.4393)');
  await expect(row.getByRole('button', { name: `Stop the Export of ${datasetName}` })).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Retry the Export of ${datasetName}` })).toBeVisible();
  await expect(row.getByRole('link', { name: /Download/ })).toHaveCount(0);
  await expect(taskNotification(page, `Export stopped: ${datasetName}`)).toContainText('ModelArts.4393');

  // Through the API: stopped part-way (not after its last sample), and no output folder in /bucket/out/.
  const status = await api.exportTask(datasetId, taskId);
  expect(status).toMatchObject({ status: 'FAILED', error_code: 'ModelArts.4393', total_sample_count: BIG });
  expect(status.finished_sample_count, 'the export had written every sample before the stop: seed more').toBeLessThan(BIG);
  expect(await api.folderNames(`/${bucket}/out/`)).toEqual([]);
  expect(await api.fileNames(`/${bucket}/out/`)).toEqual([]);
});

interface Coco {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: { image_id: number; category_id: number; bbox: number[] }[];
  categories: { id: number; name: string }[];
}

test('exports a detection dataset as COCO and downloads the folder as a zip', async ({ page, api }) => {
  const { datasetId, datasetName, bucket } = await seedDetectionDataset(api, ['car', 'person']);
  await api.createFolder(`/${bucket}/out/`);
  const box = (name: string, x1: number, y1: number, x2: number, y2: number) => ({
    name,
    type: 1,
    property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[x1, y1], [x2, y2]] },
  });
  const jpeg = async (colour: string) => (await renderJpeg(120, 90, colour)).toString('base64');
  await api.addSamples(datasetId, {
    samples: [
      { name: 'road-1.jpg', data: await jpeg('#cc3333'), labels: [box('car', 5, 5, 50, 40), box('car', 60, 10, 110, 60)] },
      { name: 'road-2.jpg', data: await jpeg('#33cc33'), labels: [box('person', 30, 20, 50, 80)] },
      { name: 'road-3.jpg', data: await jpeg('#3333cc') },
    ],
  });

  const dialog = await openExportTo(page, datasetId, bucket);
  await chooseFormat(dialog, 'COCO');
  await dialog.getByRole('button', { name: 'Start export' }).click();
  await expect(dialog).toBeHidden();
  await taskIdFromUrl(page);

  const row = highlightedTask(page);
  await expect(statusTag(row, 'Succeeded')).toBeVisible();
  await expect(taskNotification(page, `Export finished: ${datasetName}`)).toContainText('ready to download');

  // The folder the export wrote, as one zip streamed by the BFF.
  const link = row.getByRole('link', { name: new RegExp(`^Download /${bucket}/out/${datasetName}-\\w+ as a zip file$`) });
  const download = page.waitForEvent('download');
  await link.click();
  const file = await download;
  const folder = /\/out\/([^/]+) as a zip/.exec((await link.getAttribute('aria-label')) ?? '')![1];
  expect(file.suggestedFilename()).toBe(`${folder}.zip`);
  const entries = await readZip(await file.path());

  const coco = JSON.parse(entries.get(`${folder}/instances.json`)?.toString('utf8') ?? 'null') as Coco | null;
  expect(coco, `instances.json in ${[...entries.keys()].join(', ')}`).not.toBeNull();
  expect(coco!.images.map((i) => i.file_name).sort()).toEqual(['images/road-1.jpg', 'images/road-2.jpg', 'images/road-3.jpg']);
  expect(coco!.images.every((i) => i.width === 120 && i.height === 90)).toBe(true);
  expect(coco!.annotations).toHaveLength(3);
  const category = Object.fromEntries(coco!.categories.map((c) => [c.id, c.name]));
  const fileOf = Object.fromEntries(coco!.images.map((i) => [i.id, i.file_name]));
  expect(coco!.annotations.map((a) => `${fileOf[a.image_id]} ${category[a.category_id]} ${a.bbox.join(',')}`).sort()).toEqual([
    'images/road-1.jpg car 5,5,45,35',
    'images/road-1.jpg car 60,10,50,50',
    'images/road-2.jpg person 30,20,20,60',
  ]);
  // The images travel with their annotations, each byte for byte.
  for (const s of (await api.samples(datasetId)).samples) {
    expect(entries.get(`${folder}/images/${s.sample_name}`)?.length, s.sample_name).toBe(s.sample_size);
  }
});
