// End-to-end tests: the release build, served under /pulsedeck/ as on GitHub Pages, in Chromium,
// with Fitbit mocked by request interception. Run through `cargo xtask test`.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://127.0.0.1:${PORT}/pulsedeck/`;

export default defineConfig({
  testDir: 'specs',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: BASE_URL,
    // The device's zone is part of what a test asserts (its calendar day): never the runner's.
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    // The service worker is tested in specs/pwa.spec.js, which allows it; elsewhere it would
    // only stand between the page and the mock's routes.
    serviceWorkers: 'block',
    launchOptions: {
      // Debian's Chromium here; `npx playwright install` cannot download browsers offline.
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node serve.js',
    url: BASE_URL,
    reuseExistingServer: false,
    env: { PORT: String(PORT), BASE: '/pulsedeck/', PULSEDECK_DIST: process.env.PULSEDECK_DIST ?? '' },
  },
});
