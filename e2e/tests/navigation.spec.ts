// Sign in and open every navigation entry in each language: the heading is the page's own,
// the breadcrumb shows where it sits, and axe finds nothing.
import { expect, test } from '@playwright/test';
import { LANGUAGES, Shell, SignInPage, expectNoAxeViolations, text } from '../support/portal';

const ENTRIES = [
  { entry: 'your_products', area: 'your_products', path: '/billing/products', inBilling: true },
  { entry: 'licenses', area: 'licenses', path: '/billing/licenses', inBilling: true },
  { entry: 'bills_and_payments', area: 'bills_and_payments', path: '/billing/bills/invoices', inBilling: true },
  { entry: 'billing_accounts', area: 'billing_accounts', path: '/billing/accounts', inBilling: true },
  { entry: 'purchase_services', area: 'purchase', path: '/purchase', inBilling: false },
  { entry: 'help', area: 'help', path: '/help', inBilling: false },
] as const;

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    // The browser asks for this language; the portal follows it.
    test.use({ locale: language });

    test('every navigation entry opens its page, in the language, with no axe violations', async ({ page }) => {
      await page.goto('/');
      const signIn = new SignInPage(page, language);
      await expect(signIn.heading()).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expectNoAxeViolations(page);
      await signIn.signIn();

      const shell = new Shell(page, language);
      for (const { entry, area, path, inBilling } of ENTRIES) {
        await shell.open(entry);
        await expect(page).toHaveURL(path);
        await expect(shell.heading()).toHaveText(text(language, area, 'title'));
        const crumbs = page.getByRole('navigation', { name: text(language, 'shell', 'breadcrumb') });
        if (inBilling) await expect(crumbs).toContainText(text(language, 'shell', 'billing'));
        await expect(shell.navigation().getByRole('link', { name: text(language, 'shell', entry), exact: true })).toHaveAttribute('aria-current', 'page');
        await expectNoAxeViolations(page);
      }
    });
  });
}

test('Bills & payments opens on Invoices and each tab has its own address', async ({ page }) => {
  await page.goto('/billing/bills');
  await new SignInPage(page).signIn();
  await expect(page).toHaveURL('/billing/bills/invoices');
  const tabs = page.getByRole('navigation', { name: text('en', 'bills_and_payments', 'sections') });
  for (const [key, path] of [['payment_methods', '/billing/bills/payment-methods'], ['billing_profiles', '/billing/bills/billing-profiles'], ['invoices', '/billing/bills/invoices']]) {
    await tabs.getByRole('link', { name: text('en', 'bills_and_payments', key) }).click();
    await expect(page).toHaveURL(path);
    await expect(page.getByRole('heading', { level: 2, name: text('en', 'bills_and_payments', key) })).toBeVisible();
    await expect(tabs.getByRole('link', { name: text('en', 'bills_and_payments', key) })).toHaveAttribute('aria-current', 'page');
  }
});
