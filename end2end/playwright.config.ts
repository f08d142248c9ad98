import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Where the Sunlit server answers. The Makefile leaves the default.
const baseURL = process.env.SUNLIT_BASE_URL ?? 'http://127.0.0.1:3000';

// Command that starts a server for the tests (set by `make e2e` / `make test`,
// e.g. `<target>/debug/sunlit serve --addr 127.0.0.1:3000 --db mem:// --demo`).
// When unset, the tests expect a server already running at baseURL
// (`make run`, or `cargo leptos end-to-end`); global-setup waits for it.
const serveCmd = process.env.SUNLIT_SERVE_CMD;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // Debian's chromium; never `npx playwright install` (no downloads).
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--headless',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: serveCmd
    ? {
        command: serveCmd,
        // Run from the repository root so relative paths (site root, db) match `make run`.
        cwd: path.resolve(__dirname, '..'),
        url: baseURL,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: 'pipe',
        stderr: 'pipe',
      }
    : undefined,
});
