// Bills & payments and Billing accounts on a 390 px wide phone: no page scrolls sideways (wide
// tables scroll inside their own box), the panes and menus fit, and axe finds nothing. Read only.
import { expect, test, type Page } from '@playwright/test';
import { SignInPage, TEAM_LEADS, expectNoAxeViolations, text } from '../support/portal';

test.use({ viewport: { width: 390, height: 844 } });

async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('every new page and pane fits 390 px', async ({ page }) => {
  await page.goto('/billing/bills/invoices');
  await new SignInPage(page, 'en').signInAndWait(TEAM_LEADS.en);
  const invoices = page.getByRole('table', { name: text('en', 'bills_and_payments', 'invoices') });
  await expect(invoices.locator('tbody tr').first()).toBeVisible();
  await fitsTheScreen(page);
  await page.getByLabel(text('en', 'bills_and_payments', 'period'), { exact: true }).selectOption({ label: text('en', 'bills_and_payments', 'date_range') });
  await fitsTheScreen(page);
  await expectNoAxeViolations(page);

  await invoices.getByRole('link').first().click();
  await expect(page.getByRole('link', { name: /PDF/ })).toBeVisible();
  await fitsTheScreen(page);

  await page.goto('/billing/bills/payment-methods');
  const cards = page.getByRole('table', { name: text('en', 'bills_and_payments', 'payment_methods') });
  await cards.getByRole('button').first().click();
  const pane = page.getByRole('dialog');
  await expect(pane).toBeVisible();
  const box = await pane.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await fitsTheScreen(page);
  await expectNoAxeViolations(page);
  await page.keyboard.press('Escape');

  // The Add a payment method drop-down: its box holds its button, and its menu opens on screen.
  const add = page.getByRole('button', { name: text('en', 'bills_and_payments', 'add_payment_method') });
  const button = (await add.boundingBox())!;
  const anchor = (await add.locator('..').boundingBox())!;
  expect(anchor.width).toBeGreaterThanOrEqual(button.width);
  expect(anchor.height).toBeGreaterThanOrEqual(button.height);
  await add.click();
  const menu = (await page.getByRole('menu').boundingBox())!;
  expect(menu.x).toBeGreaterThanOrEqual(0);
  expect(menu.x + menu.width).toBeLessThanOrEqual(390);
  await fitsTheScreen(page);
  await page.keyboard.press('Escape');

  await page.goto('/billing/accounts');
  await page.getByRole('table', { name: text('en', 'billing_accounts', 'overview') }).getByRole('link').first().click();
  await page.getByRole('tab', { name: text('en', 'billing_accounts', 'billing_profile') }).click();
  await fitsTheScreen(page);
  await page.getByRole('table', { name: text('en', 'bills_and_payments', 'billing_profiles') }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 2, name: text('en', 'billing_accounts', 'notifications') })).toBeVisible();
  await fitsTheScreen(page);
  await expectNoAxeViolations(page);
});
