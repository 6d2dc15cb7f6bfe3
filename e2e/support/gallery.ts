import { expect, type Page } from '@playwright/test';

/** The samples tab's virtual gallery: a grid named "Samples" whose cells are the samples in view. */
export const sampleGrid = (page: Page) => page.getByRole('grid', { name: 'Samples' });

/** Cells showing a sample (each has its "Preview <file name>" button), not the grey ones still loading. */
export const sampleCards = (page: Page) => sampleGrid(page).getByRole('gridcell').filter({ has: page.getByRole('button', { name: /^Preview / }) });

/** File names of the samples in view, sorted, once the gallery has loaded them. */
export async function shownSampleNames(page: Page): Promise<string[]> {
  const grid = sampleGrid(page);
  await expect(grid).toHaveAttribute('aria-busy', 'false');
  await expect(grid.getByRole('gridcell', { name: /^Loading sample/ })).toHaveCount(0);
  const labels = await grid.getByRole('button', { name: /^Preview / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.slice('Preview '.length)).sort();
}

/** Annotation-state filter buttons: antd draws them over visually hidden radios, so a person clicks the text. */
export async function pickSampleState(page: Page, name: 'All' | 'Labeled' | 'Unlabeled') {
  const group = page.getByRole('radiogroup', { name: 'Annotation state' });
  await group.getByText(name, { exact: true }).click();
  await expect(group.getByRole('radio', { name, exact: true })).toBeChecked();
}
