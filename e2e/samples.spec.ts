import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pickSampleState, sampleCards, sampleGrid, shownSampleNames } from './support/gallery';
import { settledDialog } from './support/motion';
import { seedClassFolderDataset } from './support/seed';

/** The grid shows `count` cards and says so below it. */
async function expectCount(page: Page, count: number) {
  await expect(sampleCards(page)).toHaveCount(count);
  await expect(page.getByText(count === 1 ? '1 sample' : `${count} samples`, { exact: true })).toBeVisible();
}

test('filters, deletes and previews samples', async ({ page, api }) => {
  const { datasetId, input } = await seedClassFolderDataset(api, {
    classes: { red: ['red-1.png', 'red-2.png', 'red-3.png'], green: ['green-1.png', 'green-2.png', 'green-3.png'] },
    unlabeled: ['plain-1.png', 'plain-2.png', 'plain-3.png', 'plain-4.png'],
  });

  // The overview's counts, which the filters below must agree with.
  await page.goto(`/datasets/${datasetId}`);
  const card = (name: string) => page.getByRole('group', { name, exact: true });
  await expect(card('Total samples')).toHaveText(/^Total samples\s*10$/);
  await expect(card('Labeled')).toHaveText(/^Labeled\s*6\s*60%$/);
  await expect(card('Unlabeled')).toHaveText(/^Unlabeled\s*4$/);

  await page.getByRole('tab', { name: 'Samples' }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets/${datasetId}/samples$`));
  await expectCount(page, 10);

  // Annotation state filters live in the URL.
  await pickSampleState(page, 'Labeled');
  await expect(page).toHaveURL(/[?&]state=labeled\b/);
  await expectCount(page, 6);
  expect(await shownSampleNames(page)).toEqual(['green-1.png', 'green-2.png', 'green-3.png', 'red-1.png', 'red-2.png', 'red-3.png']);

  await pickSampleState(page, 'Unlabeled');
  await expect(page).toHaveURL(/[?&]state=unlabeled\b/);
  await expectCount(page, 4);
  expect(await shownSampleNames(page)).toEqual(['plain-1.png', 'plain-2.png', 'plain-3.png', 'plain-4.png']);

  await pickSampleState(page, 'All');
  await expect(page).not.toHaveURL(/state=/);
  await expectCount(page, 10);

  // By label: the select is searchable; type the name, take the match with Enter, close it with Escape.
  const labelFilter = page.getByRole('combobox', { name: 'Filter by label' });
  await labelFilter.click();
  await labelFilter.fill('red');
  await labelFilter.press('Enter');
  await labelFilter.press('Escape');
  await expect(page).toHaveURL(/[?&]label=red\b/);
  await expectCount(page, 3);
  expect(await shownSampleNames(page)).toEqual(['red-1.png', 'red-2.png', 'red-3.png']);

  // Both filters together match nothing: the empty state offers to clear them.
  await pickSampleState(page, 'Unlabeled');
  await expect(page.getByText('No samples match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/state=|label=/);
  await expectCount(page, 10);

  // A reload keeps a filter that is in the URL.
  await pickSampleState(page, 'Labeled');
  await expectCount(page, 6);
  await page.reload();
  await expect(page.getByRole('radiogroup', { name: 'Annotation state' }).getByRole('radio', { name: 'Labeled', exact: true })).toBeChecked();
  await expectCount(page, 6);
  await pickSampleState(page, 'All');
  await expectCount(page, 10);

  // Delete two samples, keeping their files.
  await sampleGrid(page).getByRole('checkbox', { name: 'Select green-1.png' }).check();
  await sampleGrid(page).getByRole('checkbox', { name: 'Select green-2.png' }).check();
  await page.getByRole('button', { name: 'Delete 2 samples' }).click();
  const keepFiles = await settledDialog(page, 'Delete 2 samples?');
  await expect(keepFiles).toContainText('2 samples and their annotations will be removed from the dataset.');
  await expect(keepFiles.getByRole('checkbox', { name: 'Also delete source files' })).not.toBeChecked();
  await expect(keepFiles).toContainText('The source files stay in storage.');
  await keepFiles.getByRole('button', { name: 'Delete 2 samples' }).click();
  await expect(keepFiles).toBeHidden();
  await expectCount(page, 8);
  expect(await shownSampleNames(page)).not.toContain('green-1.png');
  expect(await api.fileNames(`${input}green/`)).toEqual(['green-1.png', 'green-2.png', 'green-3.png']);

  // Delete one sample with its source file.
  await sampleGrid(page).getByRole('checkbox', { name: 'Select plain-1.png' }).check();
  await page.getByRole('button', { name: 'Delete 1 sample' }).click();
  const withFiles = await settledDialog(page, 'Delete 1 sample?');
  await withFiles.getByRole('checkbox', { name: 'Also delete source files' }).check();
  await expect(withFiles).toContainText('1 source file will be deleted from storage as well.');
  await withFiles.getByRole('button', { name: 'Delete 1 sample' }).click();
  await expect(withFiles).toBeHidden();
  await expectCount(page, 7);
  expect(await shownSampleNames(page)).toEqual(['green-3.png', 'plain-2.png', 'plain-3.png', 'plain-4.png', 'red-1.png', 'red-2.png', 'red-3.png']);
  expect(await api.fileNames(input)).toEqual(['plain-2.png', 'plain-3.png', 'plain-4.png']);
  // The deleted samples left the selection with them.
  await expect(sampleGrid(page).getByRole('checkbox', { checked: true })).toHaveCount(0);

  // Preview: the drawer shows the image, its label and details; the URL names the sample.
  await sampleGrid(page).getByRole('button', { name: 'Preview red-2.png' }).click();
  await expect(page).toHaveURL(/[?&]sample=[0-9a-f]{32}\b/);
  const drawer = await settledDialog(page, 'red-2.png');
  const image = drawer.getByRole('img', { name: 'red-2.png' });
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
  await expect(drawer.getByRole('region', { name: 'Labels' }).getByText('red', { exact: true })).toBeVisible();
  await expect(drawer).toContainText('64 × 64 px');
  await expect(drawer).toContainText(`${input}red/`);
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toBeHidden();
  await expect(page).not.toHaveURL(/sample=/);
});
