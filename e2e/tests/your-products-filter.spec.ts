// Your products: search by product name and the filter behind the filter icon.
import { expect, test } from '@playwright/test';
import { SignInPage, expectNoAxeViolations, text } from '../support/portal';

test.use({ locale: 'de-DE' });

const t = (key: string) => text('de', 'your_products', key);

test('search and the Self-service, Trials and status filters narrow the list, and clear restores it', async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page, 'de').signInAndWait();
  const rows = page.getByRole('table', { name: t('products_tab') }).getByRole('row');
  await expect(rows).toHaveCount(5); // header + 4 subscriptions

  await page.getByLabel(t('search_label'), { exact: true }).fill('VISIO');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Visio Plan 2');
  await page.getByLabel(t('search_label'), { exact: true }).fill('');

  const filterButton = page.getByRole('button', { name: t('filter') });
  await expect(filterButton).toHaveAttribute('aria-expanded', 'false');
  await filterButton.click();
  await expect(filterButton).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('group', { name: t('filter') });
  await panel.getByLabel(t('filter_trial')).check();
  await expect(rows).toHaveCount(2);
  await expectNoAxeViolations(page);

  await panel.getByLabel(t('column_status')).selectOption({ label: t('status_canceled') });
  await expect(page.getByRole('status').filter({ hasText: t('no_match') })).toBeVisible();
  await page.getByRole('button', { name: t('clear_filter') }).click();
  await expect(rows).toHaveCount(5);

  // Escape closes the filter and puts focus back on its button
  await panel.getByLabel(t('filter_trial')).focus();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(filterButton).toBeFocused();
});

test("Self-service hides what an admin bought for the organization (an admin's list starts with it on)", async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page, 'de').signInAndWait('adele.vance@contoso.example');
  await expect(page.getByRole('row', { name: /Power BI Pro/ }).first()).toBeVisible();
  await expect(page.getByRole('row', { name: /Microsoft 365 E3/ })).toHaveCount(0);
  await page.getByRole('button', { name: t('filter') }).click();
  await page.getByRole('group', { name: t('filter') }).getByLabel(t('self_service')).uncheck();
  await expect(page.getByRole('row', { name: /Microsoft 365 E3/ }).first()).toBeVisible();
  await page.getByRole('group', { name: t('filter') }).getByLabel(t('self_service')).check();
  await expect(page.getByRole('row', { name: /Microsoft 365 E3/ })).toHaveCount(0);
});
