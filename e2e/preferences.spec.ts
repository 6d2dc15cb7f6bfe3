import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { E2E_ADMIN_USER } from './env';
import { LOGIN_AFTER_LOGOUT, openAccountMenu } from './support/account-menu';

/** Luminance (0 black … 1 white) of an element's own background colour; undefined when it has none. */
async function backgroundLuminance(target: Locator) {
  const rgb = await target.evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b, a = 1] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return a === 0 ? undefined : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

test('switches to Chinese and the dark theme, both kept over a reload, then signs out', async ({ page }) => {
  await page.goto('/datasets');
  await expect(page.getByRole('heading', { level: 1, name: 'Datasets' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  // Language: menu, page title and document title turn Chinese.
  let menu = await openAccountMenu(page, `Account menu of ${E2E_ADMIN_USER}`);
  await menu.getByRole('menuitem', { name: '简体中文' }).click();
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: '数据集' })).toBeVisible();
  await expect(nav.getByRole('link', { name: '总览' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: '数据集' })).toBeVisible();
  await expect(page.getByRole('button', { name: '创建数据集' })).toBeVisible();
  await expect(page).toHaveTitle('数据集 · 数据控制台');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '数据集' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据集' })).toBeVisible();

  // Theme: the dark theme marks the document and darkens what is on screen.
  expect(await backgroundLuminance(page.getByRole('banner'))).toBeGreaterThan(0.8);
  menu = await openAccountMenu(page, `${E2E_ADMIN_USER} 的账户菜单`);
  await expect(menu.getByText(`当前用户：${E2E_ADMIN_USER}（管理员）`)).toBeVisible();
  await menu.getByRole('menuitem', { name: '深色' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => backgroundLuminance(page.locator('body'))).toBeLessThan(0.15);
  await expect.poll(() => backgroundLuminance(page.getByRole('banner'))).toBeLessThan(0.15);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '数据集' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => backgroundLuminance(page.getByRole('banner'))).toBeLessThan(0.15);

  // Sign out: the login page keeps both preferences.
  menu = await openAccountMenu(page, `${E2E_ADMIN_USER} 的账户菜单`);
  await menu.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page).toHaveURL(LOGIN_AFTER_LOGOUT);
  await expect(page.getByRole('button', { name: /^登\s?录$/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto('/datasets');
  await expect(page).toHaveURL(/\/login\?next=%2Fdatasets$/);
});
