// Billing > Your products, in all five languages: change 100 licenses to 105 and back, read
// why the total cannot go below the licenses assigned, cancel with a reason; one flow by
// keyboard only; axe on every pane. Each language signs in as its own team lead (seeded with
// a card and nothing bought), who buys what the test changes through the API first, so the
// languages never touch each other's data.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import {
  BROWSER_LOCALE,
  LANGUAGES,
  type Language,
  MEGAN,
  buyThroughApi,
  expectNoAxeViolations,
  filled,
  signIn,
  text,
} from '../support/portal';

const PEOPLE: Record<Language, { email: string; card: string }> = {
  en: { email: 'lee.gu@contoso.example', card: 'pm_lee_visa' },
  da: { email: 'diego.siciliani@contoso.example', card: 'pm_diego_visa' },
  de: { email: 'isaiah.langer@contoso.example', card: 'pm_isaiah_visa' },
  nl: { email: 'lynne.robbins@contoso.example', card: 'pm_lynne_visa' },
  sv: { email: 'nestor.wilke@contoso.example', card: 'pm_nestor_visa' },
};

async function openAction(page: Page, language: Language, product: string, action: string) {
  const row = page.getByRole('row', { name: new RegExp(product) });
  await row.getByRole('button', { name: filled(language, 'your_products', 'more_actions_for', { product }) }).click();
  await page.getByRole('menuitem', { name: text(language, 'your_products', action) }).click();
  return page.getByRole('dialog', { name: text(language, 'your_products', action) });
}

for (const language of LANGUAGES) {
  test.describe(`${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });
    const person = PEOPLE[language];

    test('change 100 licenses to 105 and back, seeing the charge and the credit before Save', async ({ page }) => {
      await signIn(page, language, person.email);
      await buyThroughApi(page.request, 'prd_power_apps_premium_eur', 100, person.card);
      await page.goto('/billing/products');
      const row = page.getByRole('row', { name: /Power Apps Premium/ });
      await expect(row).toContainText('0 / 100');

      const buyPane = await openAction(page, language, 'Power Apps Premium', 'buy_licenses');
      const total = buyPane.getByLabel(text(language, 'your_products', 'total_licenses'), { exact: true });
      await expect(total).toBeFocused();
      await expect(total).toHaveValue('100');
      const save = buyPane.getByRole('button', { name: text(language, 'shell', 'save') });
      await expect(save).toBeDisabled(); // the same total is no change
      await total.fill('105');
      await expect(buyPane.getByText(filled(language, 'your_products', 'charge_today', { count: 5, date: '' }).split('.')[0])).toBeVisible();
      await expect(buyPane.getByText(text(language, 'your_products', 'total'), { exact: true })).toBeVisible();
      // the tax line names the rate the way the language writes percentages ("21%", "21 %")
      const rate = await page.evaluate(
        (l) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 2 }).format(0.21),
        language,
      );
      await expect(buyPane).toContainText(filled(language, 'your_products', 'tax', { rate }));
      await expectNoAxeViolations(page);
      await save.click();
      await expect(page.getByRole('status')).toHaveText(
        filled(language, 'your_products', 'saved_licenses', { product: 'Power Apps Premium', total: 105 }),
      );
      await expect(row).toContainText('0 / 105');

      const removePane = await openAction(page, language, 'Power Apps Premium', 'remove_licenses');
      await removePane.getByLabel(text(language, 'your_products', 'total_licenses'), { exact: true }).fill('100');
      await expect(removePane.getByText(filled(language, 'your_products', 'credit_later', { count: 5, date: '' }).split('.')[0])).toBeVisible();
      await removePane.getByRole('button', { name: text(language, 'shell', 'save') }).click();
      await expect(row).toContainText('0 / 100');
    });

    test('the total cannot go below the licenses assigned, and the pane says how many to unassign', async ({ page }) => {
      // Megan's Power BI Pro has 40 of 100 assigned; nothing is saved here
      await signIn(page, language, MEGAN);
      await page.goto('/billing/products');
      const pane = await openAction(page, language, 'Power BI Pro', 'remove_licenses');
      const total = pane.getByLabel(text(language, 'your_products', 'total_licenses'), { exact: true });
      await total.fill('35');
      await expect(pane.getByRole('alert')).toContainText(text(language, 'errors', 'below_assigned').replace('{{ count }}', '5'));
      await expect(pane.getByRole('link', { name: text(language, 'your_products', 'see_assigned') })).toBeVisible();
      await expect(pane.getByRole('button', { name: text(language, 'shell', 'save') })).toBeDisabled();
      await expect(total).toHaveValue('35'); // what was typed stays
      await expectNoAxeViolations(page);
      await page.keyboard.press('Escape');
      await expect(pane).toBeHidden();
      await expect(page.getByRole('row', { name: /Power BI Pro/ })).toContainText('40 / 100');
    });

    test('start a trial and buy it from its More actions menu', async ({ page }) => {
      await signIn(page, language, person.email);
      const started = await page.request.post('/api/trials', {
        headers: { 'Idempotency-Key': randomUUID() },
        data: { product_id: 'prd_power_bi_pro_eur' },
      });
      expect(started.status()).toBe(201);
      await page.goto('/billing/products');
      const row = page.getByRole('row', { name: /Power BI Pro/ });
      await expect(row).toContainText(text(language, 'your_products', 'status_trial'));
      await row.getByRole('button', { name: filled(language, 'your_products', 'more_actions_for', { product: 'Power BI Pro' }) }).click();
      await page.getByRole('menuitem', { name: text(language, 'your_products', 'buy_subscription') }).click();
      const pane = page.getByRole('dialog');
      await pane.getByLabel(text(language, 'purchase', 'licenses_label'), { exact: true }).fill('30');
      await pane.getByRole('radio', { name: /4242/ }).check();
      await expect(pane.getByText(text(language, 'purchase', 'total'), { exact: true })).toBeVisible();
      await expectNoAxeViolations(page);
      await pane.getByRole('button', { name: text(language, 'purchase', 'buy'), exact: true }).click();
      await expect(page.getByRole('status')).toHaveText(filled(language, 'your_products', 'bought_message', { product: 'Power BI Pro' }));
      await expect(row).toContainText(text(language, 'your_products', 'status_active'));
      await expect(row).toContainText('0 / 30');
    });

    test('cancel a subscription with a reason and feedback', async ({ page }) => {
      await signIn(page, language, person.email);
      await buyThroughApi(page.request, 'prd_visio_plan_2_eur', 3, person.card);
      await page.goto('/billing/products');
      const pane = await openAction(page, language, 'Visio Plan 2', 'cancel_subscription');
      const save = pane.getByRole('button', { name: text(language, 'shell', 'save') });
      // a reason is required
      await save.click();
      await expect(pane.getByText(text(language, 'your_products', 'reason_required'))).toBeVisible();
      await expect(pane.getByRole('radio', { name: text(language, 'your_products', 'reason_too_expensive') })).toBeFocused();
      await pane.getByRole('radio', { name: text(language, 'your_products', 'reason_switching_product') }).check();
      await pane.getByLabel(text(language, 'your_products', 'feedback_label'), { exact: true }).fill('Vi skifter / We switch');
      await expect(pane.getByRole('radio', { name: new RegExp(text(language, 'your_products', 'cancel_now')) })).toBeChecked();
      await expectNoAxeViolations(page);
      await save.click();
      await expect(page.getByRole('status')).toHaveText(filled(language, 'your_products', 'canceled_message', { product: 'Visio Plan 2' }));
      await expect(page.getByRole('row', { name: /Visio Plan 2/ })).toContainText(text(language, 'your_products', 'status_canceled'));
    });
  });
}

test('keyboard only: buy licenses from the More actions menu', async ({ page }) => {
  const language: Language = 'en';
  await signIn(page, language, 'lee.gu@contoso.example');
  await buyThroughApi(page.request, 'prd_project_plan_3_eur', 10, 'pm_lee_visa');
  await page.goto('/billing/products');
  const menuButton = page.getByRole('button', { name: filled(language, 'your_products', 'more_actions_for', { product: 'Project Plan 3' }) });
  await expect(menuButton).toBeVisible();
  for (let i = 0; i < 40 && !(await menuButton.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(menuButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: text(language, 'your_products', 'buy_licenses') })).toBeFocused();
  await page.keyboard.press('Enter');
  const pane = page.getByRole('dialog', { name: text(language, 'your_products', 'buy_licenses') });
  const total = pane.getByLabel(text(language, 'your_products', 'total_licenses'), { exact: true });
  await expect(total).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12');
  await expect(pane.getByText(text(language, 'your_products', 'total'), { exact: true })).toBeVisible();
  await page.keyboard.press('Tab'); // to Save
  await expect(pane.getByRole('button', { name: text(language, 'shell', 'save') })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText(filled(language, 'your_products', 'saved_licenses', { product: 'Project Plan 3', total: 12 }));
  // the pane closed and focus went back to where it started
  await expect(menuButton).toBeFocused();
});

test('the panes arrive when one opens: if their code cannot load, Retry loads it and the pane opens', async ({ page }) => {
  const language: Language = 'en';
  await signIn(page, language, 'lee.gu@contoso.example');
  await buyThroughApi(page.request, 'prd_power_automate_premium_eur', 3, 'pm_lee_visa');
  await page.route('**/split_your_products_actions*.wasm', (route) => route.abort('connectionrefused'));
  await page.goto('/billing/products');
  const row = page.getByRole('row', { name: /Power Automate Premium/ }).first();
  await row.getByRole('button', { name: filled(language, 'your_products', 'more_actions_for', { product: 'Power Automate Premium' }) }).click();
  await page.getByRole('menuitem', { name: text(language, 'your_products', 'buy_licenses') }).click();
  await expect(page.getByRole('alert')).toContainText(text(language, 'errors', 'network'));
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.unroute('**/split_your_products_actions*.wasm');
  await page.getByRole('button', { name: text(language, 'shell', 'retry') }).click();
  const pane = page.getByRole('dialog', { name: text(language, 'your_products', 'buy_licenses') });
  await expect(pane.getByLabel(text(language, 'your_products', 'total_licenses'), { exact: true })).toBeFocused();
  await expectNoAxeViolations(page);
});
