// Take control and Move users, in all five languages: Adele takes control of a self-service
// subscription (the confirmation names its purchaser and the people holding its licenses),
// moves its people to an organization subscription with free licenses (the pane says how many
// are needed and free, and the credit), the subscription is canceled and its timeline says so;
// its purchaser then sees it managed by the admin and cannot change it. Each language uses its
// own demo subscription (crates/server/src/seed: one per language, read by no other spec), so
// the languages change nothing another spec reads.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  ApiRequests,
  BROWSER_LOCALE,
  LANGUAGES,
  SignInPage,
  buyThroughApi,
  expectNoAxeViolations,
  filled,
  text,
  type Language,
} from '../support/portal';
import { CANCEL_BUYER, TAKE_OVER, type TakeOver } from '../support/take-over';

const ADELE = 'adele.vance@contoso.example';

async function openAsAdele(page: Page, language: Language, s: TakeOver) {
  await page.goto(`/billing/products/${s.id}`);
  await new SignInPage(page, language).signInAndWait(ADELE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(s.product);
}

/** The names of the people holding the subscription's licenses, as the server has them now. */
async function holders(page: Page, id: string): Promise<string[]> {
  const response = await page.request.get(`/api/subscriptions/${id}/people?offset=0&limit=50`);
  expect(response.ok()).toBeTruthy();
  return (await response.json()).people.map((p: { display_name: string }) => p.display_name);
}

/** Joni buys a Project Plan 3 with 2 licenses and assigns herself one: a subscription of her
 *  own for the cancel flow, made here so no other spec's data changes. */
async function joniBuysProjectPlan(request: APIRequestContext): Promise<TakeOver> {
  const signIn = await request.post('/api/session', { data: { email: CANCEL_BUYER.email, password: 'Portal-demo-2026' } });
  expect(signIn.ok()).toBeTruthy();
  const subscription = await buyThroughApi(request, 'prd_project_plan_3_eur', 2, CANCEL_BUYER.card);
  const assigned = await request.post('/api/licenses/prd_project_plan_3_eur/assignments', { data: { user_ids: [CANCEL_BUYER.id] } });
  expect(assigned.ok()).toBeTruthy();
  return { id: subscription.id, product: subscription.product_name, purchaser: CANCEL_BUYER.name, purchaserEmail: CANCEL_BUYER.email };
}

const timeline = (page: Page, language: Language) =>
  page.getByRole('region', { name: text(language, 'admin', 'timeline_heading') });

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });

    test('Adele takes control and moves the people to an organization subscription; the purchaser then sees it managed', async ({ page, browser }) => {
      const s = TAKE_OVER[language];
      const requests = new ApiRequests(page);
      await openAsAdele(page, language, s);
      const opened = requests.count();
      const people = await holders(page, s.id);
      expect(people).toHaveLength(3);

      // Take control: the confirmation names the purchaser and who holds its licenses
      const takeControl = page.getByRole('button', { name: text(language, 'admin', 'take_control') });
      await takeControl.click();
      const dialog = page.getByRole('alertdialog', { name: filled(language, 'admin', 'take_control_title', { product: s.product }) });
      await expect(dialog).toContainText(filled(language, 'admin', 'take_control_body', { purchaser: s.purchaser }));
      for (const name of people) await expect(dialog).toContainText(name);
      await expect(dialog.getByRole('button', { name: text(language, 'licenses', 'cancel') })).toBeFocused();
      await expectNoAxeViolations(page);
      // Escape changes nothing and gives focus back
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(takeControl).toBeFocused();
      await takeControl.click();
      let mark = requests.count();
      await dialog.getByRole('button', { name: text(language, 'admin', 'take_control_confirm') }).click();
      await expect(page.getByRole('status').filter({ hasText: filled(language, 'admin', 'taken_message', { product: s.product }) })).toBeVisible();
      expect(requests.since(mark, /^POST /)).toEqual([`POST /api/subscriptions/${s.id}/take-control`]);
      await expect(page.getByText(text(language, 'admin', 'managed_by_admin'), { exact: true })).toBeVisible();
      await expect(timeline(page, language).getByRole('heading', { level: 3 }).first()).toHaveText(text(language, 'admin', 'event_taken_over'));
      await expect(timeline(page, language).locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
      const moveUsers = page.getByRole('button', { name: text(language, 'admin', 'move_users') });
      await expect(moveUsers).toBeFocused();
      await expect(page.getByRole('button', { name: text(language, 'your_products', 'cancel_subscription') })).toBeVisible();

      // Move users: how many are needed, how many are free, the credit
      mark = requests.count();
      await moveUsers.click();
      const pane = page.getByRole('dialog', { name: text(language, 'admin', 'move_users') });
      await expect(pane).toContainText(filled(language, 'admin', 'move_needed', { count: people.length }));
      const targets = pane.getByRole('group', { name: text(language, 'admin', 'move_target_legend') });
      await expect(targets.getByRole('radio').first()).toBeChecked();
      await expect(pane).toContainText(text(language, 'admin', 'move_credit'));
      // focus moved into the pane (its heading, while the quote loads)
      expect(await pane.evaluate((p) => p.contains(document.activeElement))).toBeTruthy();
      await expectNoAxeViolations(page);
      await pane.locator('.pane-actions').getByRole('button', { name: text(language, 'admin', 'move_users') }).click();
      await expect(pane).toBeHidden();
      await expect(page.locator('.status-line')).toContainText(s.product);
      await expect(page.getByRole('definition').filter({ hasText: text(language, 'your_products', 'status_canceled') })).toBeVisible();
      await expect(timeline(page, language).getByRole('heading', { level: 3 }).first())
        .toHaveText(filled(language, 'admin', 'event_users_moved', { count: people.length }));
      await expect(page.getByRole('table', { name: text(language, 'admin', 'people_heading') })).toHaveCount(0);
      await expect(page.getByText(text(language, 'admin', 'people_empty'))).toBeVisible();
      const moveRequests = requests.since(mark);
      expect(moveRequests.filter((r) => r.startsWith('POST '))).toEqual([`POST /api/subscriptions/${s.id}/move-users`]);
      await expectNoAxeViolations(page);
      console.log(`[${language}] take control + move users: ${requests.since(opened).length} API requests after the page opened: ${requests.since(opened).join(' | ')}`);

      // the purchaser sees it managed by the admin, with nothing to change
      const purchaser = await browser.newContext({ locale: BROWSER_LOCALE[language], baseURL: test.info().project.use.baseURL });
      const theirs = await purchaser.newPage();
      await theirs.goto(`/billing/products/${s.id}`);
      await new SignInPage(theirs, language).signInAndWait(s.purchaserEmail);
      await expect(theirs.getByText(text(language, 'admin', 'managed_note'))).toBeVisible();
      await expect(theirs.getByText(text(language, 'admin', 'managed_by_admin'), { exact: true })).toBeVisible();
      for (const key of ['buy_licenses', 'remove_licenses', 'cancel_subscription', 'reactivate']) {
        await expect(theirs.getByRole('button', { name: text(language, 'your_products', key) })).toHaveCount(0);
      }
      await expect(timeline(theirs, language).getByRole('heading', { level: 3 }).first())
        .toHaveText(filled(language, 'admin', 'event_users_moved', { count: people.length }));
      await theirs.goto('/billing/products');
      const row = theirs.getByRole('row', { name: new RegExp(s.product) }).filter({ hasText: text(language, 'admin', 'managed_by_admin') });
      await expect(row).toBeVisible();
      await expect(row.getByRole('button', { name: filled(language, 'your_products', 'more_actions_for', { product: s.product }) })).toHaveCount(0);
      await purchaser.close();
    });
  });
}

test('keyboard only: take control, then cancel as the admin; the pane says how many lose their licenses', async ({ page, request }) => {
  const s = await joniBuysProjectPlan(request);
  await openAsAdele(page, 'en', s);
  const takeControl = page.getByRole('button', { name: text('en', 'admin', 'take_control') });
  await takeControl.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: text('en', 'admin', 'take_control_confirm') })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: text('en', 'admin', 'move_users') })).toBeFocused();
  await page.keyboard.press('Tab');
  const cancel = page.getByRole('button', { name: text('en', 'your_products', 'cancel_subscription') });
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Enter');
  const pane = page.getByRole('dialog', { name: text('en', 'your_products', 'cancel_subscription') });
  await expect(pane).toContainText(filled('en', 'your_products', 'cancel_now_detail', { count: 1 }).split('{{')[0]);
  await expectNoAxeViolations(page);
  // the first reason has focus: Space picks it, then Tab to Save
  await page.keyboard.press('Space');
  const save = pane.getByRole('button', { name: text('en', 'shell', 'save') });
  for (let i = 0; i < 15 && !(await save.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(pane).toBeHidden();
  await expect(page.locator('.status-line')).toContainText(filled('en', 'your_products', 'canceled_message', { product: s.product }));
  await expect(page.getByRole('definition').filter({ hasText: text('en', 'your_products', 'status_canceled') })).toBeVisible();
  await expect(timeline(page, 'en').getByRole('heading', { level: 3 }).first()).toContainText(text('en', 'your_products', 'reason_too_expensive'));
  await expect(timeline(page, 'en').getByText(filled('en', 'admin', 'by', { name: 'Adele Vance' })).first()).toBeVisible();
  await expect(timeline(page, 'en').getByText(filled('en', 'admin', 'source', { source: text('en', 'admin', 'source_admin') })).first()).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the details page, the confirmation and the Move users pane fit a 390 px screen', async ({ page }) => {
    await page.goto('/billing/products/sub_megan_power_bi');
    await new SignInPage(page, 'en').signInAndWait(ADELE);
    await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: text('en', 'admin', 'take_control') }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toBeInViewport();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBeTruthy();
    await expectNoAxeViolations(page);
    // Megan's subscription is read by other specs: nothing is taken here
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});
