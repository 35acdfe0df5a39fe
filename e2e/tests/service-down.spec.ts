// The API down or failing: a localized message with Retry, never a blank page.
import { expect, test } from '@playwright/test';
import { SignInPage, expectNoAxeViolations, text } from '../support/portal';

test.use({ locale: 'nl-NL' });

test('when the API cannot be reached the page says so in the language and Retry recovers', async ({ page }) => {
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.goto('/billing/products');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(text('nl', 'shell', 'service_unavailable_title'));
  await expect(alert).toContainText(text('nl', 'errors', 'network'));
  const retry = page.getByRole('button', { name: text('nl', 'shell', 'retry') });
  await expect(retry).toBeFocused();
  await expectNoAxeViolations(page);

  await page.unroute('**/api/**');
  await retry.click();
  await expect(new SignInPage(page, 'nl').heading()).toBeVisible();
});

test('when the API fails with a server error the page says so and offers Retry', async ({ page }) => {
  await page.route('**/api/me', (route) => route.fulfill({ status: 503, body: 'upstream down' }));
  await page.goto('/help');
  await expect(page.getByRole('alert')).toContainText(text('nl', 'errors', 'server'));
  await expect(page.getByRole('button', { name: text('nl', 'shell', 'retry') })).toBeVisible();
});

test('when the API is too slow the page says so instead of waiting forever, and Retry recovers', async ({ page }) => {
  // This deployment's config allows one second per request; the API takes three.
  await page.route('**/config.json', (route) =>
    route.fulfill({ json: { api_base: '/api', support_email: 'support@contoso.example', request_timeout_ms: 1000 } }));
  let slow = true;
  await page.route('**/api/me', async (route) => {
    if (slow) await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue().catch(() => {});
  });
  await page.goto('/billing/licenses');
  await expect(page.getByRole('alert')).toContainText(text('nl', 'errors', 'timeout'));
  slow = false;
  await page.getByRole('button', { name: text('nl', 'shell', 'retry') }).click();
  await expect(new SignInPage(page, 'nl').heading()).toBeVisible();
});
