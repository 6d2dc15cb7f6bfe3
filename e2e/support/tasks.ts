import { expect, type Locator, type Page } from '@playwright/test';
import { waitForMotion } from './motion';

/**
 * Rows of the task list (task center or a dataset's Tasks tab) that mention `text` (a dataset's name) and
 * are of `kind` ("Import", "Export" …). Unfinished tasks come first, then the newest: `.first()` is the
 * latest task of that kind.
 */
export function taskRows(page: Page, kind: string, text?: string): Locator {
  const rows = page.getByRole('row').filter({ has: page.getByText(kind, { exact: true }) });
  return text ? rows.filter({ hasText: text }) : rows;
}

/** The row a dialog just opened the Tasks tab on (`?task=<id>` in the URL): marked as the current one. */
export const highlightedTask = (page: Page) => page.locator('tr[aria-current="true"]');

/** The task id the Tasks tab was opened on after a dialog started a task. */
export async function taskIdFromUrl(page: Page): Promise<string> {
  await expect(page).toHaveURL(/[?&]task=[^&]+/);
  return new URL(page.url()).searchParams.get('task')!;
}

/** The status column's word (Queued, Running, Succeeded, Failed, Stopped), read from the row. */
export const statusTag = (row: Locator, phase: string) => row.getByText(phase, { exact: true });

/** The console-wide notification told when a task the user started ends. */
export const taskNotification = (page: Page, title: string) => page.getByRole('alert').filter({ hasText: title });

/** Picks a folder in the storage picker dialog that is open: bucket, then each sub-folder, then "Use this folder". */
export async function pickFolder(page: Page, dialogName: string, segments: string[]) {
  const picker = page.getByRole('dialog', { name: dialogName });
  await expect(picker).toBeVisible();
  await waitForMotion(picker);
  for (const segment of segments) {
    // A listing's entry: the folder icon's name, then the folder's.
    const escaped = segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await picker.getByRole('row').getByRole('button', { name: new RegExp(`^\\S+ ${escaped}$`) }).click();
    await expect(picker.getByRole('navigation', { name: 'Storage location' }).getByText(segment, { exact: true })).toHaveAttribute('aria-current', 'location');
  }
  await picker.getByRole('button', { name: 'Use this folder' }).click();
  await expect(picker).toBeHidden();
}
