// Purchase services: the organization's catalog, priced in its currency and the person's
// language, each product with what its self-service policy allows.
import { expect, test } from '@playwright/test';
import { SignInPage, expectNoAxeViolations, filled, text } from '../support/portal';

test.use({ locale: 'nl-NL' });

test('the catalog shows each product with its monthly price, term and trial offer', async ({ page }) => {
  await page.goto('/purchase');
  await new SignInPage(page, 'nl').signInAndWait();
  const catalog = page.getByRole('list', { name: text('nl', 'purchase', 'catalog_label') });
  const project = catalog.getByRole('listitem', { name: 'Project Plan 3' });
  await expect(project).toContainText(/€\s25,00/);
  await expect(project).toContainText(text('nl', 'purchase', 'per_license_month'));
  await expect(project).toContainText(text('nl', 'purchase', 'billed_annually'));
  await expect(project).toContainText(filled('nl', 'purchase', 'trial_offer', { days: '30', licenses: '25' }));
  await expect(project).toContainText(text('nl', 'purchase', 'trial_needs_card'));
  await expect(catalog.getByRole('listitem', { name: 'Power BI Pro' })).toContainText(text('nl', 'purchase', 'billed_monthly'));
  // Do not allow (bought by admins for the organization): listed with Request licenses, no Buy
  const e3 = catalog.getByRole('listitem', { name: 'Microsoft 365 E3' });
  await expect(e3.getByRole('button', { name: `${text('nl', 'self_service', 'request_licenses')} Microsoft 365 E3` })).toBeVisible();
  await expect(e3.getByRole('button', { name: `${text('nl', 'purchase', 'buy')} Microsoft 365 E3` })).toHaveCount(0);
  await expect(e3).toContainText(text('nl', 'self_service', 'do_not_allow_note'));
  await expectNoAxeViolations(page);
});
