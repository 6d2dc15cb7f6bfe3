import { expect, test } from './fixtures';
import { uniqueName } from './support/console-api';
import { sampleCards, sampleGrid } from './support/gallery';
import { colourfulSpecs, writeImages } from './support/images';
import { settledDialog, waitForMotion } from './support/motion';

test('creates an image dataset through the wizard, uploading its images on the way', async ({ page, api }, testInfo) => {
  const files = await writeImages(colourfulSpecs(12), testInfo.outputPath('images'));
  const bucket = uniqueName('e2e-wizard');
  const name = uniqueName('shapes').replace(/-/g, '_');

  await page.goto('/datasets');
  await page.getByRole('button', { name: 'Create dataset' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create dataset' })).toBeVisible();

  // Step 1: basics.
  await page.getByLabel('Dataset name').fill(name);
  await page.getByRole('radio', { name: /Image classification/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: a new bucket and folder made through the storage picker, filled with the local images.
  const location = page.getByRole('region', { name: 'Data location' });
  await expect(location).toBeVisible();
  await location.getByRole('button', { name: /Browse/ }).first().click();
  const picker = await settledDialog(page, 'Choose a folder');
  await picker.getByRole('button', { name: 'New bucket' }).click();
  const bucketDialog = await settledDialog(page, 'New bucket');
  await bucketDialog.getByLabel('Bucket name').fill(bucket);
  await bucketDialog.getByRole('button', { name: 'Create' }).click();
  await expect(bucketDialog).toBeHidden();
  await picker.getByRole('button', { name: bucket }).click();
  await picker.getByRole('button', { name: 'New folder' }).click();
  const folderDialog = await settledDialog(page, 'New folder');
  await folderDialog.getByLabel('Folder name').fill('images');
  await folderDialog.getByRole('button', { name: 'Create' }).click();
  await expect(folderDialog).toBeHidden();
  await picker.getByRole('button', { name: 'images' }).click();
  await expect(picker.getByText('This folder is empty. Upload files or a folder, or create a subfolder.')).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await picker.getByRole('button', { name: 'Upload files' }).click();
  await (await chooser).setFiles(files);
  const uploads = picker.getByRole('region', { name: 'Uploads' });
  await expect(uploads.getByRole('status')).toHaveText('12 of 12 uploaded, 0 failed');
  await expect(uploads.getByRole('progressbar')).toHaveCount(12);
  for (const bar of await uploads.getByRole('progressbar').all()) await expect(bar).toHaveAttribute('aria-valuenow', '100');
  // Once the queue drains the listing shows the uploaded files.
  await expect(picker.getByRole('cell', { name: /red-circle-1\.png$/ })).toBeVisible();
  await expect(picker.getByRole('cell', { name: /blue-triangle-9\.png$/ })).toBeVisible();
  await picker.getByRole('button', { name: 'Use this folder' }).click();
  await expect(picker).toBeHidden();
  await expect(page.getByLabel('Input path')).toHaveValue(`/${bucket}/images/`);
  await page.getByLabel('Output (work) path').fill(`/${bucket}/output/`);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: two labels; the second gets its own colour through the colour picker.
  const labels = page.getByRole('region', { name: 'Labels' });
  await expect(labels).toBeVisible();
  await labels.getByRole('button', { name: 'Add label' }).click();
  await labels.getByRole('button', { name: 'Add label' }).click();
  await labels.getByLabel('Label 1 name').fill('round');
  await labels.getByLabel('Label 2 name').fill('angular');
  await labels.getByLabel('Label 2 colour').click();
  const colourPanel = page.getByRole('tooltip');
  await expect(colourPanel).toBeVisible();
  await waitForMotion(colourPanel);
  await colourPanel.getByRole('textbox').fill('fa541c');
  await expect(labels.getByLabel('Label 2 colour')).toContainText('#FA541C');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: the review shows the exact JSON body that "Create" sends.
  const review = page.getByRole('region', { name: 'Review' });
  await expect(review).toBeVisible();
  const body = JSON.parse((await review.getByLabel('Request that Create sends (POST …/datasets):').textContent()) ?? '');
  expect(body).toEqual({
    dataset_name: name,
    dataset_type: 0,
    data_sources: [{ data_type: 0, data_path: `/${bucket}/images/` }],
    work_path: `/${bucket}/output/`,
    work_path_type: 0,
    labels: [
      { name: 'round', type: 0, property: { '@modelarts:color': '#1677ff' } },
      { name: 'angular', type: 0, property: { '@modelarts:color': '#fa541c' } },
    ],
    import_annotations: true,
  });
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v2\/[^/]+\/datasets$/.test(r.url()));
  await page.getByRole('button', { name: 'Create' }).click();
  expect((await created).request().postDataJSON()).toEqual(body);

  // The dataset page: the import runs to completion with all twelve images.
  await expect(page).toHaveURL(/\/datasets\/[A-Za-z0-9]+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const importCard = page.getByRole('region', { name: 'Import' });
  await expect(importCard.getByText('Completed')).toBeVisible();
  await expect(importCard.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(importCard.getByRole('row').filter({ hasText: 'Samples imported' })).toContainText('12');
  await expect(importCard).toContainText('12 / 12');
  await expect(page.getByRole('group', { name: 'Total samples' })).toContainText('12');

  const datasetId = new URL(page.url()).pathname.split('/').pop()!;
  const dataset = await api.dataset(datasetId);
  expect(dataset.total_sample_count).toBe(12);
  expect(dataset.labels.map((l) => [l.name, l.property?.['@modelarts:color']])).toEqual([
    ['round', '#1677ff'],
    ['angular', '#fa541c'],
  ]);

  // The samples tab: twelve cards, each with a decoded thumbnail (not the original file).
  await page.getByRole('tab', { name: 'Samples' }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/${datasetId}/samples$`));
  const grid = sampleGrid(page);
  await expect(sampleCards(page)).toHaveCount(12);
  await expect(page.getByText('12 samples', { exact: true })).toBeVisible();
  const thumbnails = grid.getByRole('img');
  await expect(thumbnails).toHaveCount(12);
  for (const img of await thumbnails.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect(img).toHaveAttribute('src', /image%2Fresize|image\/resize/);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  }
});
