import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { sampleCards, shownSampleNames } from './support/gallery';
import { colourfulSpecs, renderImages } from './support/images';
import { settledDialog } from './support/motion';
import { seedClassFolderDataset } from './support/seed';

/** A folder on disk as a person would pick it: `trip/` with images, a sub-folder and a text file. */
async function writeTripFolder() {
  const root = mkdtempSync(path.join(tmpdir(), 'dc-e2e-upload-'));
  const images = await renderImages([...colourfulSpecs(3, 'day1-'), ...colourfulSpecs(2, 'day2/')]);
  for (const { name, bytes } of images) {
    const file = path.join(root, 'trip', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  writeFileSync(path.join(root, 'trip', 'notes.txt'), 'not an image');
  return path.join(root, 'trip');
}

test('uploads a picked folder and dropped files into a dataset, and the samples appear', async ({ page, api }) => {
  const { datasetId, input } = await seedClassFolderDataset(api, { classes: { red: ['red-1.png'] }, unlabeled: ['plain-1.png'] });
  const folder = await writeTripFolder();

  await page.goto(`/datasets/${datasetId}/samples`);
  await expect(sampleCards(page)).toHaveCount(2);
  await page.getByRole('button', { name: /Upload images/ }).click();
  const dialog = await settledDialog(page, 'Upload images');
  await expect(dialog).toContainText(`go to ${input}, sub-folders included`);

  // A folder through the picker: its sub-folders are kept below the input folder; the text file is skipped.
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: /Choose a folder/ }).click();
  await (await chooser).setFiles(folder);
  await expect(dialog.getByRole('status')).toHaveText('Done: 5 of 5 images uploaded.');
  const counts = dialog.getByRole('group', { name: 'Upload results' });
  await expect(counts).toContainText('5 samples added');
  await expect(counts).toContainText('1 skipped');
  await expect(dialog.getByRole('progressbar', { name: 'Overall upload progress' })).toHaveAttribute('aria-valuenow', '100');
  await dialog.getByRole('button', { name: /1 file skipped/ }).click();
  await expect(dialog.getByRole('list', { name: 'Skipped files' })).toContainText('trip/notes.txt');

  // Files dropped on the zone, one of them already a sample of the dataset (reported, not an error).
  const dropped = await renderImages(colourfulSpecs(2, 'dropped-'));
  const payload = [...dropped.map(({ name, bytes }) => ({ name, base64: bytes.toString('base64') })), { name: 'plain-1.png', base64: dropped[0].bytes.toString('base64') }];
  await dialog.getByRole('button', { name: 'Clear this list' }).click();
  await dialog.getByRole('region', { name: 'Drop images or folders here' }).evaluate((zone, files) => {
    const data = new DataTransfer();
    for (const f of files) data.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: 'image/png' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, payload);
  await expect(dialog.getByRole('status')).toHaveText('Done: 3 of 3 images uploaded.');
  await expect(counts).toContainText('2 samples added');
  await expect(counts).toContainText('1 already in the dataset');
  await expect(dialog.getByRole('region', { name: 'Failed files' })).toHaveCount(0);

  // The gallery refreshed while the dialog was open.
  // The footer's button; the title bar's × is named Close too.
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(sampleCards(page)).toHaveCount(9);
  expect(await shownSampleNames(page)).toEqual(
    ['day1-blue-circle-3.png', 'day1-green-circle-2.png', 'day1-red-circle-1.png', 'day2/green-circle-2.png', 'day2/red-circle-1.png', 'dropped-green-circle-2.png', 'dropped-red-circle-1.png', 'plain-1.png', 'red-1.png']
      .map((n) => n.split('/').pop()!)
      .sort(),
  );

  // Through the API: the files sit in the input folder with their sub-folders, each one sample.
  const samples = (await api.samples(datasetId)).samples;
  expect(samples).toHaveLength(9);
  expect(samples.map((s) => `${s.sample_dir}${s.sample_name}`).sort()).toEqual(
    [
      'red/red-1.png',
      'plain-1.png',
      'trip/day1-red-circle-1.png',
      'trip/day1-green-circle-2.png',
      'trip/day1-blue-circle-3.png',
      'trip/day2/red-circle-1.png',
      'trip/day2/green-circle-2.png',
      'dropped-red-circle-1.png',
      'dropped-green-circle-2.png',
    ]
      .map((p) => `${input}${p}`)
      .sort(),
  );
  expect(await api.fileNames(`${input}trip/day2/`)).toEqual(['green-circle-2.png', 'red-circle-1.png']);
});
