import { expect, test } from './fixtures';
import type { ConsoleApi } from './support/console-api';
import { renderJpeg, seedDetectionDataset, vocXml, type VocBox } from './support/detection';
import { sampleCards, sampleGrid } from './support/gallery';
import { settledDialog } from './support/motion';
import { highlightedTask, pickFolder, statusTag, taskIdFromUrl, taskNotification, taskRows } from './support/tasks';

const W = 160;
const H = 120;

/** A street scene per image; street-3's second car lies outside the image (skipped and counted), street-4 has no XML. */
const SCENES: { name: string; colour: string; boxes?: VocBox[] }[] = [
  {
    name: 'street-1',
    colour: '#8fbc8f',
    boxes: [
      { name: 'car', xmin: 10, ymin: 20, xmax: 70, ymax: 80 },
      { name: 'car', xmin: 90, ymin: 30, xmax: 150, ymax: 100 },
      { name: 'person', xmin: 60, ymin: 10, xmax: 80, ymax: 60 },
    ],
  },
  { name: 'street-2', colour: '#d2b48c', boxes: [{ name: 'person', xmin: 20, ymin: 20, xmax: 60, ymax: 110 }] },
  {
    name: 'street-3',
    colour: '#b0c4de',
    boxes: [
      { name: 'car', xmin: 5, ymin: 5, xmax: 100, ymax: 90 },
      { name: 'car', xmin: 150, ymin: 100, xmax: 400, ymax: 300 },
    ],
  },
  { name: 'street-4', colour: '#dda0dd' },
];

/** The VOC tree a labelling tool exports: `JPEGImages/*.jpg` beside `Annotations/*.xml`, in `/bucket/voc-street/`. */
async function putVocFolder(api: ConsoleApi, bucket: string) {
  const root = `/${bucket}/voc-street/`;
  for (const scene of SCENES) {
    await api.putObject(`${root}JPEGImages/${scene.name}.jpg`, await renderJpeg(W, H, scene.colour, scene.boxes?.[0]));
    if (scene.boxes) await api.putObject(`${root}Annotations/${scene.name}.xml`, vocXml(`${scene.name}.jpg`, { width: W, height: H }, scene.boxes));
  }
}

test('imports a folder of images with Pascal VOC boxes from the Tasks tab and follows it in the task center', async ({ page, api }) => {
  const { datasetId, datasetName, bucket } = await seedDetectionDataset(api);
  await putVocFolder(api, bucket);

  // The dataset's Tasks tab: Import, the folder picked through the storage picker.
  await page.goto(`/datasets/${datasetId}/tasks`);
  await page.getByRole('button', { name: /Import$/ }).click();
  const dialog = await settledDialog(page, 'Import data');
  await dialog.getByRole('button', { name: /Browse/ }).click();
  await pickFolder(page, 'Choose a folder or a manifest file', [bucket, 'voc-street']);
  await expect(dialog.getByRole('textbox', { name: 'Source' })).toHaveValue(`/${bucket}/voc-street/`);
  await expect(dialog.getByRole('radio', { name: 'Folder' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await expect(dialog).toBeHidden();

  // The Tasks tab opens on the new task, marked.
  const taskId = await taskIdFromUrl(page);
  await expect(highlightedTask(page)).toContainText('Import');

  // The task center, through the sidebar: the row of this dataset's import reaches Succeeded.
  await page.getByRole('link', { name: 'Tasks', exact: true }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  const row = taskRows(page, 'Import', datasetName).first();
  await expect(row).toBeVisible();
  // The notification comes from the tasks this tab started, wherever the user is.
  await expect(taskNotification(page, `Import finished: ${datasetName}`)).toBeVisible();
  await expect(statusTag(row, 'Succeeded')).toBeVisible();
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await statusTag(row, 'Succeeded').hover();
  await expect(page.getByRole('tooltip')).toHaveText('API status: COMPLETED');
  expect((await api.task(taskId)).result).toMatchObject({ imported_sample_count: 4 });

  // Its output link opens the samples: each image with the labels of its boxes.
  await row.getByRole('link', { name: 'View samples' }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/${datasetId}/samples`));
  await expect(sampleCards(page)).toHaveCount(4);
  const card = (name: string) => sampleGrid(page).getByRole('gridcell', { name: `${name}.jpg`, exact: true });
  await expect(card('street-1')).toContainText('car ×2');
  await expect(card('street-1')).toContainText('person');
  await expect(card('street-2')).toContainText('person');
  await expect(card('street-3')).toContainText('car');
  await expect(card('street-3')).not.toContainText('×');
  await expect(card('street-4')).toContainText('Unlabeled');

  // The dataset's overview shows the import's counts, the skipped box among them.
  await page.getByRole('tab', { name: 'Overview' }).click();
  const progress = page.getByRole('region', { name: 'Import' });
  await expect(progress).toContainText('Completed');
  await expect(progress).toContainText('Samples imported4');
  await expect(progress).toContainText('1 annotation was skipped as invalid.');

  // Through the API: the boxes as drawn in the VOC files.
  const samples = (await api.samples(datasetId)).samples;
  const boxesOf = Object.fromEntries(samples.map((s) => [s.sample_name, s.labels.map((l) => `${l.name}:${JSON.stringify(l.property?.['@modelarts:feature'])}`).sort()]));
  expect(boxesOf).toEqual({
    'street-1.jpg': ['car:[[10,20],[70,80]]', 'car:[[90,30],[150,100]]', 'person:[[60,10],[80,60]]'],
    'street-2.jpg': ['person:[[20,20],[60,110]]'],
    'street-3.jpg': ['car:[[5,5],[100,90]]'],
    'street-4.jpg': [],
  });
});
