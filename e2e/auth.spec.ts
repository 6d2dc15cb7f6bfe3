import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD, E2E_ADMIN_USER } from './env';
import { LOGIN_AFTER_LOGOUT, openAccountMenu } from './support/account-menu';

test('signs in after a wrong password, reaches the datasets, signs out and is kept out', async ({ page }) => {
  // Signed out, a protected page sends to the login page and remembers where the user wanted to go.
  await page.goto('/datasets');
  await expect(page).toHaveURL(/\/login\?next=%2Fdatasets$/);
  await expect(page.getByRole('heading', { name: 'Data Console' })).toBeVisible();

  await page.getByLabel('Username').fill(E2E_ADMIN_USER);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // One generic message: it does not tell whether the user name or the password was wrong.
  await expect(page.getByRole('alert')).toHaveText('The username or password is not correct.');
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/datasets$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create dataset' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  const menu = await openAccountMenu(page, `Account menu of ${E2E_ADMIN_USER}`);
  await expect(menu.getByText(`Signed in as ${E2E_ADMIN_USER} (Administrator)`)).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(LOGIN_AFTER_LOGOUT);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // The session is gone on the server too: the datasets page sends back to the login page.
  await page.goto('/datasets');
  await expect(page).toHaveURL(/\/login\?next=%2Fdatasets$/);
  await expect(page.getByLabel('Username')).toBeVisible();
  expect((await page.request.get('/bff/session')).status()).toBe(401);
});
