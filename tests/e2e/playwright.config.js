// End-to-end tests: the release build, served under /pulsedeck/ as on GitHub Pages, in Chromium
// and in Firefox (driven over WebDriver BiDi), with Fitbit and Google mocked by request
// interception. WebKit runs its own harness (webkit/), as Playwright cannot drive WebKitGTK's
// WebDriver. Run through `cargo xtask test` (one `--project` per engine).
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://127.0.0.1:${PORT}/pulsedeck/`;

export default defineConfig({
  testDir: 'specs',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT ?? 'test-results/results.json' }]],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: BASE_URL,
    // The device's zone is part of what a test asserts (its calendar day): never the runner's.
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    // The service worker is tested in specs/pwa.spec.js, which allows it; elsewhere it would
    // only stand between the page and the mock's routes.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          // Debian's Chromium here; `npx playwright install` cannot download browsers offline.
          executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
    {
      name: 'firefox',
      // Firefox over BiDi (the relay, request interception) takes about half as long again as
      // Chromium for a test: its share of a loaded two-core machine gets more time.
      timeout: 60_000,
      // Every spec, as in Chromium; what Firefox cannot do is skipped in the spec, with why.
      use: {
        // Debian's firefox-esr over WebDriver BiDi (Playwright's `moz-firefox` channel): the
        // stock browser, not Playwright's patched build (which cannot be downloaded offline).
        browserName: 'firefox',
        channel: 'moz-firefox',
        launchOptions: {
          // firefox-esr behind a relay that answers the one BiDi command it lacks (see there).
          executablePath: fileURLToPath(new URL('engines/firefox-bidi.js', import.meta.url)),
          firefoxUserPrefs: { 'ui.systemUsesDarkTheme': 0 },
        },
      },
    },
  ],
  webServer: {
    command: 'node serve.js',
    url: BASE_URL,
    reuseExistingServer: false,
    env: { PORT: String(PORT), BASE: '/pulsedeck/', PULSEDECK_DIST: process.env.PULSEDECK_DIST ?? '' },
  },
});
