// Billing > Licenses > Requests, in all five languages, on the demo's Microsoft 365 Copilot
// requests (crates/server/src/seed/self_service.rs; read only here): the Requests tab is its own
// page (the static segment wins over /billing/licenses/:product); Adele sees the organization's
// requests with their statuses and opens an answered one, which says who answered it; Alex sees
// his own pending request; the Request licenses pane and the Requests page fit 390 px. Axe on
// every page and pane.
import { expect, test, type Page } from '@playwright/test';
import { ADELE, BROWSER_LOCALE, LANGUAGES, type Language, SignInPage, expectNoAxeViolations, filled, text } from '../support/portal';

const COPILOT = 'Microsoft 365 Copilot';

async function signIn(page: Page, language: Language, email: string) {
  await page.goto('/sign-in');
  await new SignInPage(page, language).signInAndWait(email);
}

function row(page: Page, requester: string) {
  return page.getByRole('row').filter({ hasText: requester }).filter({ has: page.getByRole('rowheader', { name: new RegExp(COPILOT) }) });
}

for (const language of LANGUAGES) {
  test.describe(`${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });
    const t = (key: string) => text(language, 'self_service', key);

    test('an admin reads the organization’s requests and an answered one', async ({ page }) => {
      await signIn(page, language, ADELE);
      await page.goto('/billing/licenses');
      await page.getByRole('navigation', { name: t('sections') }).getByRole('link', { name: t('requests_tab') }).click();
      await expect(page).toHaveURL(/\/billing\/licenses\/requests$/);
      await expect(page.getByRole('heading', { level: 2, name: t('requests_title') })).toBeVisible();
      await expect(page.getByRole('link', { name: t('requests_tab') })).toHaveAttribute('aria-current', 'page');
      await expect(page.getByText(text(language, 'errors', 'not_found'))).toHaveCount(0);
      await expect(row(page, 'Lee Gu').getByText(t('status_pending'))).toBeVisible();
      await expect(row(page, 'Alex Wilber').getByText(t('status_pending'))).toBeVisible();
      const lynne = row(page, 'Lynne Robbins');
      await expect(lynne.getByText(t('status_partly_approved'))).toBeVisible();
      await expect(lynne.getByText(filled(language, 'self_service', 'person_status', { name: 'Nestor Wilke', status: t('status_declined') }))).toBeVisible();
      await expectNoAxeViolations(page);

      const open = lynne.getByRole('button', { name: filled(language, 'self_service', 'open_request', { product: COPILOT, name: 'Lynne Robbins' }) });
      await open.click();
      const pane = page.getByRole('dialog', { name: filled(language, 'self_service', 'answer_title', { product: COPILOT }) });
      await expect(pane.getByText(new RegExp(escapeRegex(t('already_answered_note').split('{{')[0].trim())))).toBeVisible();
      await expect(pane.getByText('One license for now; Nestor gets one next quarter.')).toBeVisible();
      await expect(pane.getByRole('button', { name: t('approve_selected') })).toBeHidden();
      await expectNoAxeViolations(page);
      await page.keyboard.press('Escape');
      await expect(pane).toBeHidden();
      await expect(open).toBeFocused();
    });

    test('a user sees their own request and its status, and Requests never reads as a product', async ({ page }) => {
      await signIn(page, language, 'alex.wilber@contoso.example');
      await page.goto('/billing/licenses/requests');
      await expect(page.getByRole('heading', { level: 2, name: t('requests_title') })).toBeVisible();
      await expect(page.getByText(t('my_requests_intro'))).toBeVisible();
      const mine = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: COPILOT }) });
      await expect(mine).toHaveCount(1);
      await expect(mine.getByText(t('status_pending'))).toBeVisible();
      await expect(page.getByRole('row').filter({ hasText: 'Lee Gu' })).toHaveCount(0);
      await expectNoAxeViolations(page);
    });
  });
}

function escapeRegex(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  async function fitsTheScreen(page: Page) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  test('the Request licenses pane and the Requests page fit, and nothing is sent by closing', async ({ page }) => {
    await signIn(page, 'en', 'megan.bowen@contoso.example');
    await page.goto('/purchase');
    const open = page.getByRole('listitem', { name: COPILOT }).getByRole('button', { name: new RegExp(`^${text('en', 'self_service', 'request_licenses')}`) });
    await open.click();
    const pane = page.getByRole('dialog', { name: filled('en', 'self_service', 'request_title', { product: COPILOT }) });
    await expect(pane.locator('.chip')).toHaveText([/Megan Bowen/]);
    const box = await pane.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await fitsTheScreen(page);
    await expectNoAxeViolations(page);
    // Sending nobody is said, not sent.
    await pane.getByRole('button', { name: filled('en', 'licenses', 'remove_person', { name: 'Megan Bowen' }) }).click();
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/license-requests')) posted++; });
    await pane.getByRole('button', { name: text('en', 'self_service', 'send') }).click();
    await expect(pane.getByRole('alert')).toHaveText(text('en', 'self_service', 'choose_people'));
    await pane.getByRole('button', { name: text('en', 'self_service', 'cancel') }).click();
    await expect(pane).toBeHidden();
    await expect(open).toBeFocused();
    expect(posted).toBe(0);

    await page.goto('/billing/licenses/requests');
    await expect(page.getByRole('heading', { level: 2, name: text('en', 'self_service', 'requests_title') })).toBeVisible();
    await fitsTheScreen(page);
  });
});
