// Billing > Licenses > Requests, in all five languages, on the demo's Microsoft 365 Copilot
// requests (crates/server/src/seed/self_service.rs; read, never answered): the Requests tab is
// its own page (the static segment wins over /billing/licenses/:product); Adele sees the
// organization's requests with their statuses and opens an answered one, which says who answered
// it; Alex sees his own pending request; the Request licenses pane, the Requests page, Notices
// and the answer pane fit 390 px. Axe on every page and pane. Approving more people than there
// are free licenses (Megan asks for 20 Copilot licenses, 18 are free) says how many are missing,
// and Decline all declines them.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { ADELE, BROWSER_LOCALE, LANGUAGES, type Language, escapeRegex, expectNoAxeViolations, filled, signIn, text } from '../support/portal';

const COPILOT = 'Microsoft 365 Copilot';

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

  test('Notices and the answer pane fit, for an admin', async ({ page }) => {
    await signIn(page, 'en', ADELE);
    await page.goto('/notices');
    const lee = page.getByRole('listitem').filter({ hasText: filled('en', 'self_service', 'notice_license_request', { actor: 'Lee Gu', product: COPILOT }) });
    await expect(lee).toBeVisible();
    await fitsTheScreen(page);
    await lee.getByRole('link', { name: text('en', 'self_service', 'open_request_link') }).click();
    const pane = page.getByRole('dialog', { name: filled('en', 'self_service', 'answer_title', { product: COPILOT }) });
    await expect(pane.getByRole('checkbox')).toHaveCount(3);
    const box = await pane.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await fitsTheScreen(page);
    await expectNoAxeViolations(page);
  });
});

test('approving more people than there are free licenses says how many are missing and approves nobody; Decline all declines them all', async ({ browser }) => {
  // Megan asks for Microsoft 365 Copilot for herself and 19 colleagues: 20 people, 18 free.
  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await signIn(user, 'en', 'megan.bowen@contoso.example');
  const ids = new Set<string>();
  for (const search of ['anna', 'emma', 'finn']) {
    const found = await user.request.get(`/api/directory?search=${search}&product_id=prd_copilot_eur`);
    for (const p of (await found.json()).people) if (!p.has_license && ids.size < 19) ids.add(p.user_id);
  }
  expect(ids.size).toBe(19);
  const sent = await user.request.post('/api/license-requests', {
    data: { product_id: 'prd_copilot_eur', user_ids: ['usr_megan', ...ids], message: 'The whole reporting team' },
  });
  expect(sent.status()).toBe(201);
  const request = await sent.json();
  await userContext.close();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, 'en', ADELE);
  await admin.goto(`/billing/licenses/requests?request=${request.id}`);
  const pane = admin.getByRole('dialog', { name: filled('en', 'self_service', 'answer_title', { product: COPILOT }) });
  await expect(pane.getByRole('checkbox')).toHaveCount(20);
  const free = Number((await pane.getByText(/^Free licenses: \d+$/).textContent())!.replace(/\D/g, ''));
  expect(free).toBeLessThan(20);
  const missing = filled('en', 'self_service', 'missing_licenses', { selected: 20, free, missing: 20 - free });
  await expect(pane.getByRole('alert')).toHaveText(missing);
  const approve = pane.getByRole('button', { name: text('en', 'self_service', 'approve_selected') });
  await expect(approve).toBeDisabled();
  await expectNoAxeViolations(admin);
  // Unchecking people until enough are free lets Approve go; checking one again stops it.
  const boxes = pane.getByRole('checkbox');
  for (let i = 0; i < 20 - free; i++) await boxes.nth(19 - i).uncheck();
  await expect(pane.getByRole('alert')).toHaveCount(0);
  await expect(approve).toBeEnabled();
  await boxes.nth(19).check();
  await expect(pane.getByRole('alert')).toHaveText(filled('en', 'self_service', 'missing_licenses', { selected: free + 1, free, missing: 1 }));
  // The server refuses it too, whatever a page sends, and approves nobody.
  const refused = await admin.request.post(`/api/admin/license-requests/${request.id}/answer`, {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { approve_user_ids: ['usr_megan', ...ids] },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error).toMatchObject({ code: 'not_enough_licenses', count: free });

  await pane.getByRole('button', { name: text('en', 'self_service', 'decline_all') }).click();
  await expect(pane.getByText(filled('en', 'self_service', 'answered_done', { approved: 0, declined: 20 }))).toBeVisible();
  const answered = await admin.request.get(`/api/admin/license-requests/${request.id}`);
  expect((await answered.json()).request.status).toBe('declined');
  await adminContext.close();
});
