import { expect, test } from './fixtures';
import { settledDialog, waitForMotion } from './support/motion';
import { seedClassFolderDataset } from './support/seed';

test('labels every sample matching a filter after confirming their count, and walks the gallery by keyboard', async ({ page, api }) => {
  const { datasetId } = await seedClassFolderDataset(api, {
    classes: { red: ['red-1.png', 'red-2.png'], green: ['green-1.png'] },
    unlabeled: ['plain-1.png', 'plain-2.png', 'plain-3.png', 'plain-4.png', 'plain-5.png'],
    // A third label, `pet`, that only red-1 carries: the one the batch adds.
    extraLabels: { 'red/red-1.png': ['pet'] },
  });

  await page.goto(`/datasets/${datasetId}/samples?state=unlabeled`);
  const grid = page.getByRole('grid', { name: 'Samples' });
  await expect(grid.getByRole('gridcell')).toHaveCount(5);
  await expect(page.getByText('5 samples', { exact: true })).toBeVisible();

  // Everything matching the filter, not just what is on screen; the dialog states the count first.
  await page.getByRole('button', { name: 'Select all 5 matching' }).click();
  await expect(page.getByText('All 5 matching samples selected')).toBeVisible();
  await page.getByRole('button', { name: /Add labels/ }).click();
  const dialog = await settledDialog(page, 'Add labels to 5 samples');
  await expect(dialog).toContainText('This changes all 5 samples that match the current filter.');
  await expect(dialog.getByRole('button', { name: 'Label 5 samples' })).toBeDisabled();
  const chooser = dialog.getByRole('combobox', { name: 'Choose labels' });
  await chooser.click();
  await chooser.fill('pet');
  await chooser.press('Enter');
  await chooser.press('Escape');
  await waitForMotion(dialog);
  await dialog.getByRole('button', { name: 'Label 5 samples' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('5 samples changed')).toBeVisible();
  await expect(page.getByText('No samples match these filters.')).toBeVisible();

  // Through the API: every former unlabeled sample carries `pet`, and nothing else changed.
  const all = await api.samples(datasetId);
  const labelsOf = Object.fromEntries(all.samples.map((s) => [s.sample_name, s.labels.map((l) => l.name).sort()]));
  expect(labelsOf).toEqual({
    'red-1.png': ['pet', 'red'],
    'red-2.png': ['red'],
    'green-1.png': ['green'],
    ...Object.fromEntries(['plain-1.png', 'plain-2.png', 'plain-3.png', 'plain-4.png', 'plain-5.png'].map((n) => [n, ['pet']])),
  });
  expect((await api.samples(datasetId, { sample_state: '__NONE__' })).sample_count).toBe(0);

  // The label filter now finds the six `pet` samples; the keyboard walks them and opens the editor.
  await page.goto(`/datasets/${datasetId}/samples?label=pet`);
  await expect(grid.getByRole('gridcell')).toHaveCount(6);
  await grid.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(grid.getByRole('gridcell', { selected: true })).toHaveCount(1);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(grid.getByRole('gridcell', { selected: true })).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('gridcell', { selected: true })).toHaveCount(0);
  await expect(page).toHaveURL(/[?&]i=2\b/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/datasets/${datasetId}/annotate\\?i=2&label=pet$`));
});
