// Helpers shared by the browser tests.
import { expect, type Page } from '@playwright/test';

/** Waits until the app has hydrated (the App component marks <body>). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
}

/** The page never scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}
