import { expect, type Page } from '@playwright/test';
import { waitForMotion } from './motion';

/** Opens the account menu (the header button named after the user) and waits until it has settled. */
export async function openAccountMenu(page: Page, buttonName: string) {
  await page.getByRole('banner').getByRole('button', { name: buttonName }).click();
  const menu = page.getByRole('menu').filter({ has: page.getByRole('menuitem') }).last();
  await expect(menu).toBeVisible();
  await waitForMotion(menu);
  return menu;
}

/** After "Log out" the console shows the login page, without a `next` (the user chose to leave). */
export const LOGIN_AFTER_LOGOUT = /\/login$/;
