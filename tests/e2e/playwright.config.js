// End-to-end tests: the release build, served under /pulsedeck/ as on GitHub Pages, in Chromium
// and in Firefox (driven over WebDriver BiDi), with Fitbit and Google mocked by request
// interception. WebKit runs its own harness (webkit/), as Playwright cannot drive WebKitGTK's
// WebDriver. Run through `cargo xtask test` (one `--project` per engine).
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE_URL = `http://127.0.0.1:${PORT}/pulsedeck/`;

/** The spec files the Firefox project runs. */
export const FIREFOX_SPECS = ['auth.spec.js', 'demo.spec.js', 'frame.spec.js', 'install.spec.js'];

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
      // The specs green in Firefox so far (README, "Three engines"): the rest wait on the
      // engine bugs listed there, and a red row would stop every change from landing.
      // E2E_FIREFOX_SPECS=all runs every spec, to try one that is not green yet.
      testMatch: process.env.E2E_FIREFOX_SPECS === 'all' ? '**/*.spec.js' : FIREFOX_SPECS,
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
