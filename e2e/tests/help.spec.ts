// Help: the FAQ and a way to reach support, whose address comes from config.json.
import { expect, test } from '@playwright/test';
import { SignInPage, expectNoAxeViolations, text } from '../support/portal';

test.use({ locale: 'sv-SE' });

test('Help answers the common questions and offers support by email', async ({ page }) => {
  await page.goto('/help');
  await new SignInPage(page, 'sv').signInAndWait();
  await expect(page.getByRole('heading', { level: 2, name: text('sv', 'help', 'faq_title') })).toBeVisible();
  await expect(page.getByText(text('sv', 'help', 'a_who_can_get'))).toBeVisible();
  const contact = page.getByRole('link', { name: text('sv', 'help', 'email_support') });
  await expect(contact).toHaveAttribute('href', 'mailto:support@contoso.example');
  await expectNoAxeViolations(page);
});

test("Help's admin center link follows the deployment's cloud", async ({ page }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ json: { api_base: '/api', support_email: 'support@contoso.example', cloud: '21vianet' } }));
  await page.goto('/help');
  await new SignInPage(page, 'sv').signInAndWait();
  await expect(page.getByText(text('sv', 'help', 'admin_center'))).toBeVisible();
  await expect(page.getByRole('link', { name: 'portal.partner.microsoftonline.cn' }))
    .toHaveAttribute('href', 'https://portal.partner.microsoftonline.cn/');
});
