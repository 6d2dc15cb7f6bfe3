import { test as base } from '@playwright/test';
import { ConsoleApi } from './support/console-api';

/**
 * Journeys of a signed-in user: `page` starts signed in as the e2e admin (through `/bff/login`, so the
 * browser context holds the session cookie), and `api` calls the console's HTTP API with that session,
 * to seed data and to check what the UI does not show (such as files in storage).
 */
export const test = base.extend<{ api: ConsoleApi }>({
  page: async ({ page }, use) => {
    await ConsoleApi.signIn(page.request);
    await use(page);
  },
  api: async ({ page }, use) => {
    await use(await ConsoleApi.connect(page.request));
  },
});

export { expect } from '@playwright/test';
