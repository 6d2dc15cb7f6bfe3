import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { settledDialog } from './support/motion';
import { seedClassFolderDataset } from './support/seed';

interface ManifestLine {
  source: string;
  usage?: string;
  id?: string;
  annotation?: { name?: string; type: string }[];
}

test('publishes a version, reads its manifest back against the samples, and deletes it', async ({ page, api }) => {
  const { datasetId } = await seedClassFolderDataset(api, {
    classes: { red: ['red-1.png', 'red-2.png', 'red-3.png'], green: ['green-1.png', 'green-2.png', 'green-3.png'] },
    unlabeled: ['plain-1.png', 'plain-2.png'],
  });

  await page.goto(`/datasets/${datasetId}/versions`);
  await expect(page.getByText(/No versions yet/)).toBeVisible();

  // Publish with an automatic name and the default 80 / 20 split.
  await page.getByRole('button', { name: /Publish version/ }).click();
  let dialog = await settledDialog(page, 'Publish a version');
  await dialog.getByRole('textbox', { name: 'Description' }).fill('first cut');
  await expect(dialog.getByRole('slider', { name: 'Training share' })).toHaveAttribute('aria-valuetext', 'Train 80% · eval 20%');
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The list polls until the publish has ended; the new version becomes the current one.
  const table = page.getByRole('table');
  const row = table.getByRole('row', { name: /V001/ });
  await expect(row).toContainText('Ready');
  await expect(row).toContainText('Current');
  await expect(row).toContainText('first cut');
  await expect(row).toContainText('6 / 8');
  await expect(row).toContainText('80% / 20%');

  await row.getByRole('button', { name: /Expand row/ }).click();
  await expect(page.getByText('5 train · 1 eval (80% / 20%)')).toBeVisible();
  const distribution = page.getByRole('list', { name: 'Label distribution' });
  await expect(distribution.getByRole('listitem')).toHaveCount(2);
  await expect(distribution).toContainText('red3 samples · 50%');

  // Download the manifest and compare each line with the sample it names, through the API.
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: /Download the manifest of V001/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('V001.manifest');
  const lines = readFileSync(await file.path(), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ManifestLine);
  const samples = (await api.samples(datasetId)).samples;
  expect(lines).toHaveLength(samples.length);
  const bySource = new Map(lines.map((l) => [l.source, l]));
  for (const s of samples) {
    const line = bySource.get(`s3:/${s.sample_dir}${s.sample_name}`);
    expect(line, s.sample_name).toBeDefined();
    expect((line!.annotation ?? []).map((a) => a.name).sort(), s.sample_name).toEqual(s.labels.map((l) => l.name).sort());
  }
  const usages = lines.filter((l) => (l.annotation ?? []).length > 0).map((l) => l.usage);
  expect(usages.filter((u) => u === 'TRAIN')).toHaveLength(5);
  expect(usages.filter((u) => u === 'EVAL')).toHaveLength(1);

  // A second publish within the minute is refused, and the dialog says why.
  await page.getByRole('button', { name: /Publish version/ }).click();
  dialog = await settledDialog(page, 'Publish a version');
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('Only one version can be published per minute.');
  await expect(dialog.getByRole('alert')).toContainText('ModelArts.4370');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Delete, after a confirmation that states what goes.
  await row.getByRole('button', { name: 'Delete version V001' }).click();
  const confirm = await settledDialog(page, 'Delete version V001?');
  await expect(confirm).toContainText('V001.manifest');
  await expect(confirm).toContainText('This is the current version');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText(/No versions yet/)).toBeVisible();
  expect((await api.dataset(datasetId)).dataset_version_count).toBe(0);
});
