import type { FullConfig } from '@playwright/test';

// When Playwright does not start the server itself (no SUNLIT_SERVE_CMD, e.g.
// `cargo leptos end-to-end`, which starts the tests at once), wait until the
// server at baseURL answers.
export default async function globalSetup(config: FullConfig): Promise<void> {
  if (process.env.SUNLIT_SERVE_CMD) return; // webServer already waited for it
  const baseURL =
    (config.projects[0]?.use?.baseURL as string | undefined) ??
    process.env.SUNLIT_BASE_URL ??
    'http://127.0.0.1:3000';
  const deadline = Date.now() + 120_000;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(baseURL);
      if (res.status < 500) return;
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Sunlit server at ${baseURL} did not answer within 120 s: ${lastError}`);
}
