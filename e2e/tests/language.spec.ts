// Language: the person's pick beats the browser's, is remembered, and sets <html lang>.
import { expect, test } from '@playwright/test';
import { Shell, SignInPage, text } from '../support/portal';

test.use({ locale: 'de-DE' });

test("the browser's language is used until the person picks another, which is remembered", async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await new SignInPage(page, 'de').signIn();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('de', 'your_products', 'title'));

  await page.getByLabel(text('de', 'shell', 'language'), { exact: true }).selectOption('sv');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('sv', 'your_products', 'title'));

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('sv', 'your_products', 'title'));
  await new Shell(page, 'sv').open('help');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('sv', 'help', 'title'));
  await expect(page).toHaveTitle(new RegExp(text('sv', 'help', 'title')));
});

test('an unknown address gets a not-found page in the language', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('de', 'shell', 'not_found_title'));
  await expect(page.getByRole('link', { name: text('de', 'shell', 'go_to_your_products') })).toBeVisible();
});
