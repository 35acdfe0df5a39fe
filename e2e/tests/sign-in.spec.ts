// Signing in and out: errors in the person's language, typed input kept, deep links kept.
import { expect, test } from '@playwright/test';
import { MEGAN, Shell, SignInPage, expectNoAxeViolations, text } from '../support/portal';

test('a signed-out deep link goes to sign-in and comes back to that page', async ({ page }) => {
  await page.goto('/billing/bills/payment-methods');
  await expect(page).toHaveURL(/\/sign-in\?return_to=/);
  await new SignInPage(page).signIn();
  await expect(page).toHaveURL('/billing/bills/payment-methods');
  await expect(page.getByRole('heading', { level: 2, name: text('en', 'bills_and_payments', 'payment_methods') })).toBeVisible();
});

test('a deep link reloads to the same page', async ({ page }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signInAndWait();
  await page.goto('/billing/licenses');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('en', 'licenses', 'title'));
  await page.reload();
  await expect(page).toHaveURL('/billing/licenses');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('en', 'licenses', 'title'));
});

test('a wrong password is said in Danish and what was typed stays', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('portal.language', 'da'));
  await page.goto('/sign-in');
  const signIn = new SignInPage(page, 'da');
  await signIn.signIn(MEGAN, 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText(text('da', 'errors', 'invalid_credentials'));
  await expect(page.getByLabel(text('da', 'sign_in', 'email'), { exact: true })).toHaveValue(MEGAN);
  await expect(page.getByLabel(text('da', 'sign_in', 'password'), { exact: true })).toHaveValue('not-the-password');
  await expectNoAxeViolations(page);
});

test('an empty or malformed email is caught next to the field before anything is sent', async ({ page }) => {
  await page.goto('/sign-in');
  let requests = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/session')) requests += 1; });
  const email = page.getByLabel(text('en', 'sign_in', 'email'), { exact: true });
  await page.getByRole('button', { name: text('en', 'sign_in', 'submit') }).click();
  await expect(page.getByText(text('en', 'errors', 'email_required'))).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toBeFocused();
  await email.fill('megan');
  await page.getByRole('button', { name: text('en', 'sign_in', 'submit') }).click();
  await expect(page.getByText(text('en', 'errors', 'email_invalid'))).toBeVisible();
  await expect(email).toHaveValue('megan');
  expect(requests).toBe(0);
  await expectNoAxeViolations(page);
});

test('sign-in works from the keyboard alone', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByLabel(text('en', 'sign_in', 'email'), { exact: true })).toBeFocused();
  await page.keyboard.type(MEGAN);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Portal-demo-2026');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/billing/products');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test('signing out ends the session: pages need sign-in again', async ({ page }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn();
  await expect(page).toHaveURL('/billing/products');
  await new Shell(page).signOut();
  await expect(page).toHaveURL('/sign-in');
  await page.goto('/billing/products');
  await expect(page).toHaveURL(/\/sign-in\?return_to=/);
  const me = await page.request.get('/api/me');
  expect(me.status()).toBe(401);
});

test('the top bar shows the organization and the signed-in person', async ({ page }) => {
  await page.goto('/sign-in');
  await new SignInPage(page).signIn();
  await expect(page.getByRole('banner')).toContainText('Contoso Ltd.');
  await expect(page.getByRole('banner')).toContainText('Megan Bowen');
});
