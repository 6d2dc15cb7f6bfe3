import { expect, test } from './fixtures';
import { seedClassFolderDataset } from './support/seed';

const UNLABELED = Array.from({ length: 20 }, (_, i) => `photo-${String(i + 1).padStart(2, '0')}.png`);

/**
 * A labeler works through the unlabeled samples with the keyboard only: a label key, → to save and go on,
 * Esc back to the gallery. The labels are then read back through the API.
 */
test('labels 20 images by keyboard only', async ({ page, api }) => {
  const { datasetId } = await seedClassFolderDataset(api, { classes: { cat: ['cat-1.png'], dog: ['dog-1.png'] }, unlabeled: UNLABELED });

  await page.goto(`/datasets/${datasetId}/annotate?i=0&state=unlabeled`);
  const labels = page.getByRole('group', { name: 'Labels' });
  const keyOf = async (label: string) => (await labels.getByRole('button', { name: label }).getAttribute('aria-keyshortcuts'))!;
  const keys = { cat: await keyOf('cat'), dog: await keyOf('dog') };
  expect(new Set(Object.values(keys))).toEqual(new Set(['1', '2']));

  const name = page.getByTestId('sample-name');
  const position = page.getByTestId('sample-position');
  const current = page.getByTestId('current-labels');
  const chosen = new Map<string, string>();
  for (let n = 0; n < UNLABELED.length; n++) {
    // Each labeled sample leaves the "unlabeled" list, so the next one is always first of those left.
    await expect(position).toHaveText(`1 / ${UNLABELED.length - n}`);
    const file = (await name.textContent())!;
    expect(UNLABELED).toContain(file);
    expect(chosen.has(file)).toBe(false);
    const label = n % 3 === 0 ? 'cat' : 'dog';
    // Single-label mode: a second key replaces the first.
    await page.keyboard.press(label === 'cat' ? keys.dog : keys.cat);
    await page.keyboard.press(keys[label]);
    await expect(current).toHaveText(label);
    chosen.set(file, label);
    await page.keyboard.press('ArrowRight');
    if (n < UNLABELED.length - 1) await expect(name).not.toHaveText(file);
  }
  await expect(page.getByText('End of the list')).toBeVisible();

  const stored = await api.samples(datasetId);
  expect(stored.sample_count).toBe(22);
  const byName = new Map(stored.samples.map((s) => [s.sample_name, s]));
  for (const [file, label] of chosen) {
    const sample = byName.get(file)!;
    expect(sample.labels.map((l) => l.name), file).toEqual([label]);
    expect(sample.sample_status).toBe('MANUAL_ANNOTATION');
  }
  expect((await api.samples(datasetId, { sample_state: '__NONE__' })).sample_count).toBe(0);

  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(new RegExp(`/datasets/${datasetId}/samples\\?i=0&state=unlabeled$`));
});
