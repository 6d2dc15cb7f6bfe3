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

/**
 * After "Log out" the console shows the login page; it may keep the page the user was on as `next`
 * (the signed-out layout can redirect before the logout's own navigation lands).
 */
export const LOGIN_AFTER_LOGOUT = /\/login(\?next=[^&]+)?$/;
