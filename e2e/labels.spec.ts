import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pickSampleState, sampleCards, sampleGrid, shownSampleNames } from './support/gallery';
import { settledDialog } from './support/motion';
import { seedClassFolderDataset } from './support/seed';
import { columnPairs } from './support/table';

/** Label name → samples carrying it, as the labels table shows them. */
const labelCounts = (page: Page) => columnPairs(page.getByRole('table'), 'Name', 'Samples');

/** Opens a label's delete dialog, picks a policy, checks the impact it states, and confirms. */
async function deleteLabel(page: Page, name: string, policy: string, impact: string) {
  await page.getByRole('button', { name: `Delete label ${name}` }).click();
  const dialog = await settledDialog(page, `Delete label “${name}”?`);
  await dialog.getByRole('radio', { name: policy }).check();
  await expect(dialog.getByRole('status')).toHaveText(impact);
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** The file names the samples tab shows, all or only the unlabeled ones; then back to the labels tab. */
async function sampleNames(page: Page, state: 'All' | 'Unlabeled') {
  await page.getByRole('tab', { name: 'Samples' }).click();
  await pickSampleState(page, state);
  const names = await shownSampleNames(page);
  await page.getByRole('tab', { name: 'Labels' }).click();
  return names;
}

test('creates, renames and deletes labels under each policy, stating the impact first', async ({ page, api }) => {
  // cat, dog, fish: one image also labelled "pet", one with its folder's label only; bird: folder label only.
  const seeded = await seedClassFolderDataset(api, {
    classes: { cat: ['cat-1.png', 'cat-2.png'], dog: ['dog-1.png', 'dog-2.png'], fish: ['fish-1.png', 'fish-2.png'], bird: ['bird-1.png', 'bird-2.png'] },
    unlabeled: ['plain-1.png'],
    extraLabels: { 'cat/cat-1.png': ['pet'], 'dog/dog-1.png': ['pet'], 'fish/fish-1.png': ['pet'] },
  });
  const { datasetId, input } = seeded;

  await page.goto(`/datasets/${datasetId}/labels`);
  await expect(page.getByRole('heading', { level: 1, name: seeded.datasetName })).toBeVisible();
  await expect.poll(() => labelCounts(page)).toEqual({ cat: '2', dog: '2', fish: '2', bird: '2', pet: '3' });

  // Create.
  await page.getByRole('button', { name: 'New label' }).click();
  const create = await settledDialog(page, 'New label');
  await create.getByLabel('Name').fill('tree');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  await expect.poll(() => labelCounts(page)).toEqual({ cat: '2', dog: '2', fish: '2', bird: '2', pet: '3', tree: '0' });

  // Rename: the table and the samples' chips carry the new name.
  await page.getByRole('button', { name: 'Edit label bird' }).click();
  const edit = await settledDialog(page, 'Edit label “bird”');
  await edit.getByLabel('Name').fill('parrot');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect.poll(() => labelCounts(page)).toEqual({ cat: '2', dog: '2', fish: '2', parrot: '2', pet: '3', tree: '0' });
  await page.goto(`/datasets/${datasetId}/samples?label=parrot`);
  const grid = sampleGrid(page);
  await expect(sampleCards(page)).toHaveCount(2);
  await expect(grid.getByText('parrot', { exact: true })).toHaveCount(2);
  await expect(grid.getByText('bird', { exact: true })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Labels' }).click();

  // Policy 0: the label goes, its samples stay; cat-2 had no other label and is unlabeled now.
  await deleteLabel(page, 'cat', 'Delete the label only', '2 samples carry it. No sample is deleted; the label is removed from them.');
  await expect.poll(() => labelCounts(page)).toEqual({ dog: '2', fish: '2', parrot: '2', pet: '3', tree: '0' });
  expect(await sampleNames(page, 'Unlabeled')).toEqual(['cat-2.png', 'plain-1.png']);

  // Policy 1: dog-2 (only "dog") is deleted, dog-1 keeps "pet"; both files stay in storage.
  await deleteLabel(page, 'dog', 'Also delete samples that carry only this label', '2 samples carry it. 1 sample would be deleted.');
  await expect.poll(() => labelCounts(page)).toEqual({ fish: '2', parrot: '2', pet: '3', tree: '0' });
  expect(await sampleNames(page, 'All')).not.toContain('dog-2.png');
  expect(await api.fileNames(`${input}dog/`)).toEqual(['dog-1.png', 'dog-2.png']);

  // Policy 2: fish-2 is deleted with its file; fish-1 and its file stay.
  await deleteLabel(
    page,
    'fish',
    'Also delete those samples and their source files',
    '2 samples carry it. 1 sample would be deleted. 1 source file would be removed from storage.',
  );
  await expect.poll(() => labelCounts(page)).toEqual({ parrot: '2', pet: '3', tree: '0' });
  expect(await sampleNames(page, 'All')).toEqual(['bird-1.png', 'bird-2.png', 'cat-1.png', 'cat-2.png', 'dog-1.png', 'fish-1.png', 'plain-1.png']);
  expect(await api.fileNames(`${input}fish/`)).toEqual(['fish-1.png']);
});
