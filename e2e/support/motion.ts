import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Waits until no CSS animation runs on the element or its ancestors. antd pop-ups (dropdowns, modals)
 * slide or zoom in; a click landing mid-animation can miss its item on a busy machine, as a person's
 * would not, since a person sees the menu settle first.
 */
export async function waitForMotion(target: Locator) {
  await expect
    .poll(() =>
      target.evaluate((el) => {
        for (let node: Element | null = el; node; node = node.parentElement) {
          if (node.getAnimations().some((a) => a.playState === 'running')) return false;
        }
        return true;
      }),
    )
    .toBe(true);
}

/** The dialog with this accessible name, once it is shown and its opening animation has ended. */
export async function settledDialog(page: Page, name: string) {
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  await waitForMotion(dialog);
  return dialog;
}
