import { expect, type Page } from '@playwright/test';

/**
 * The samples tab's grid of cards, named "Samples": a list of cards, or (in the virtualised gallery) a
 * grid of cells; both name each card's preview button "Preview <file name>".
 */
export const sampleGrid = (page: Page) => page.getByRole('list', { name: 'Samples' }).or(page.getByRole('grid', { name: 'Samples' }));

/** One entry per sample card on screen. */
export const sampleCards = (page: Page) => sampleGrid(page).getByRole('listitem').or(sampleGrid(page).getByRole('gridcell'));

/** File names of the cards on screen (from their "Preview …" buttons), sorted, once the list has settled. */
export async function shownSampleNames(page: Page): Promise<string[]> {
  const grid = sampleGrid(page);
  await expect(grid).toHaveAttribute('aria-busy', 'false');
  const labels = await grid.getByRole('button', { name: /^Preview / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.slice('Preview '.length)).sort();
}

/** Annotation-state filter buttons: antd draws them over visually hidden radios, so a person clicks the text. */
export async function pickSampleState(page: Page, name: 'All' | 'Labeled' | 'Unlabeled') {
  const group = page.getByRole('radiogroup', { name: 'Annotation state' });
  await group.getByText(name, { exact: true }).click();
  await expect(group.getByRole('radio', { name, exact: true })).toBeChecked();
}
