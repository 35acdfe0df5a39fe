// Billing > Your products lists what the person bought, in their language, and nobody else's.
import { expect, test } from '@playwright/test';
import { SignInPage, expectNoAxeViolations, text } from '../support/portal';

test.use({ locale: 'de-DE' });

test('the purchaser sees her subscriptions with licenses, status, price and date in German', async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page, 'de').signInAndWait();
  const table = page.getByRole('table', { name: text('de', 'your_products', 'products_tab') });
  const powerBi = table.getByRole('row', { name: /Power BI Pro/ });
  await expect(powerBi).toContainText('40 / 100');
  await expect(powerBi).toContainText(text('de', 'your_products', 'status_active'));
  await expect(powerBi).toContainText(text('de', 'your_products', 'self_service'));
  // 100 licenses × €14.00 a month, written the German way (no-break space before €)
  await expect(powerBi).toContainText(/1\.400,00\s€/);
  await expect(powerBi.getByRole('cell').nth(2)).toHaveText(/^\d{1,2}\. \S+ \d{4}$/);
  const visio = table.getByRole('row', { name: /Visio Plan 2/ });
  await expect(visio).toContainText(text('de', 'your_products', 'status_trial'));
  // a trial costs nothing until it is bought
  await expect(visio).toContainText(/0,00\s€/);
  // Alex's and Adele's subscriptions are theirs, not Megan's
  await expect(table).not.toContainText('Power Automate Premium');
  await expect(table).not.toContainText('Microsoft 365 E3');
  await expectNoAxeViolations(page);
});

test('when the list cannot load, the page says so and Retry loads it', async ({ page }) => {
  await page.goto('/sign-in');
  await new SignInPage(page, 'de').signInAndWait();
  await page.route('**/api/subscriptions', (route) => route.abort('connectionrefused'));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText(text('de', 'errors', 'network'));
  await page.unroute('**/api/subscriptions');
  await page.getByRole('button', { name: text('de', 'shell', 'retry') }).click();
  await expect(page.getByRole('row', { name: /Power BI Pro/ })).toBeVisible();
});

test("a subscription's details open from its name, reload, and another's are not found", async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page, 'de').signInAndWait();
  await page.getByRole('link', { name: 'Power BI Pro' }).click();
  await expect(page).toHaveURL('/billing/products/sub_megan_power_bi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Power BI Pro');
  // the page loads inside <Suspense>; focus still lands on its heading once it shows
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByRole('definition').filter({ hasText: '40 / 100' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Power BI Pro');
  await expectNoAxeViolations(page);

  // Fabrikam's subscription: the server answers 404, the page says so in German
  await page.goto('/billing/products/sub_lars_power_bi');
  await expect(page.getByRole('status')).toHaveText(text('de', 'errors', 'not_found'));
  await page.getByRole('link', { name: text('de', 'your_products', 'back') }).click();
  await expect(page).toHaveURL('/billing/products');
});
