import { defineConfig } from '@playwright/test';
import { BASE_URL } from './e2e/env';

// E2E against the real stack (e2e/serve.ts: BFF + engine on a temporary DATA_DIR), in Debian's Chromium.
export default defineConfig({
  testDir: 'e2e',
  // Generous bounds for a shared 2-core machine; a passing run takes about a minute and a half.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  webServer: {
    command: 'node --import tsx e2e/serve.ts',
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
  use: {
    baseURL: BASE_URL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    // Fail an action that cannot happen (hidden, covered) quickly, with its call log, not at the test timeout.
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
