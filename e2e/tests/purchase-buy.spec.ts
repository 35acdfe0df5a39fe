// Purchase services > Buy: the price lines before confirming, saved and new cards, a declined
// card, one charge per Idempotency-Key, and the keyboard alone. Alex buys here (nobody else's
// specs use him); he never starts a trial of what he buys, and each purchase is a new
// subscription, so these tests can run in any order and in parallel.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  BROWSER_LOCALE,
  LANGUAGES,
  SignInPage,
  escapeRegex,
  expectNoAxeViolations,
  filled,
  money,
  text,
  typeCard,
  type Language,
} from '../support/portal';

const ALEX = 'alex.wilber@contoso.example';

/** A locale string as a pattern, its placeholders matching anything. */
const pattern = (template: string) => new RegExp(escapeRegex(template).replace(/\\\{\\\{ \w+ \\\}\\\}/g, '.+'));

const percent = (page: Page, language: Language, rate: number) =>
  page.evaluate(([l, r]) => new Intl.NumberFormat(l as string, { style: 'percent', maximumFractionDigits: 2 }).format(r as number), [
    language,
    rate,
  ] as const);

/** The signed-in person's subscriptions of a product, straight from the API. */
const subscriptionsOf = (page: Page, product: string) =>
  page.evaluate(async (name) => {
    const response = await fetch('/api/subscriptions', { credentials: 'include' });
    const list = (await response.json()) as { subscriptions: { product_name: string }[] };
    return list.subscriptions.filter((s) => s.product_name === name).length;
  }, product);

async function openPurchase(page: Page, language: Language) {
  await page.goto('/purchase');
  await new SignInPage(page, language).signInAndWait(ALEX);
  await expect(page.getByRole('heading', { level: 1, name: text(language, 'purchase', 'title') })).toBeVisible();
}

/** Opens the Buy pane from a product's card and returns it. */
async function openBuy(page: Page, language: Language, product: string): Promise<Locator> {
  const catalog = page.getByRole('list', { name: text(language, 'purchase', 'catalog_label') });
  await catalog
    .getByRole('listitem', { name: product })
    .getByRole('button', { name: `${text(language, 'purchase', 'buy')} ${product}` })
    .click();
  const pane = page.getByRole('dialog', { name: filled(language, 'purchase', 'buy_title', { product }) });
  await expect(pane).toBeVisible();
  return pane;
}

const field = (pane: Locator, language: Language, key: string) =>
  pane.getByLabel(text(language, 'purchase', key), { exact: true });

/** Chooses "Add a new card" and types Alex's card with `number`. */
async function typeNewCard(pane: Locator, language: Language, number: string) {
  await pane.getByRole('radio', { name: text(language, 'purchase', 'new_card') }).check();
  await typeCard(pane, language, {
    number,
    month: '12',
    year: '2030',
    securityCode: '123',
    name: 'Alex Wilber',
    line1: 'Kalverstraat 1',
    city: 'Amsterdam',
    postalCode: '1012 NX',
    country: 'NL',
  });
}

async function expectDetailsPage(page: Page, product: string, licenses: number) {
  await expect(page).toHaveURL(/\/billing\/products\/sub_[\w-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(product);
  await expect(page.getByRole('definition').filter({ hasText: `0 / ${licenses}` })).toBeVisible();
}

// Visio Plan 2: €15.00 per license per month, billed yearly; Contoso's billing profile is in
// the Netherlands (21 % tax).
const VISIO_LICENSES: Record<Language, number> = { en: 3, da: 4, de: 5, nl: 6, sv: 7 };

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });

    test('buy with a saved card, seeing subtotal, tax and total before confirming', async ({ page }) => {
      const licenses = VISIO_LICENSES[language];
      await openPurchase(page, language);
      const pane = await openBuy(page, language, 'Visio Plan 2');
      const count = field(pane, language, 'licenses_label');
      await expect(count).toBeFocused();
      await count.fill(String(licenses));

      const subtotal = licenses * 180;
      const tax = Math.round(subtotal * 21) / 100;
      const lines = pane.locator('.price-lines');
      const termPrice = await money(page, language, 180);
      await expect(lines).toContainText(
        filled(language, 'purchase', 'subtotal_annual', { licenses: String(licenses), price: termPrice }),
      );
      await expect(lines).toContainText(await money(page, language, subtotal));
      await expect(lines).toContainText(filled(language, 'purchase', 'tax', { rate: await percent(page, language, 0.21) }));
      await expect(lines).toContainText(await money(page, language, tax));
      await expect(lines).toContainText(text(language, 'purchase', 'total'));
      await expect(lines).toContainText(await money(page, language, subtotal + tax));
      await expect(pane).toContainText(pattern(text(language, 'purchase', 'renews_on')));
      await expect(pane).toContainText(filled(language, 'purchase', 'billed_to', { profile: 'Contoso Ltd. – Netherlands' }));

      // The price comes before the button that confirms it
      const buy = pane.getByRole('button', { name: text(language, 'purchase', 'buy'), exact: true });
      const [linesBox, buyBox] = [await lines.boundingBox(), await buy.boundingBox()];
      expect(linesBox!.y + linesBox!.height).toBeLessThanOrEqual(buyBox!.y);

      await pane.getByRole('radio', { name: /Mastercard.*4444/ }).check();
      await expectNoAxeViolations(page);
      await buy.click();
      await expectDetailsPage(page, 'Visio Plan 2', licenses);
      await expect(page.getByRole('main')).toContainText(text(language, 'your_products', 'status_active'));
    });
  });
}

test.describe('in German', () => {
  test.use({ locale: BROWSER_LOCALE.de });

  test('a new card: checked on the page first, a declined card is said and keeps what was typed, a good card buys', async ({
    page,
  }) => {
    const de = 'de' as const;
    await openPurchase(page, de);
    const pane = await openBuy(page, de, 'Project Plan 3');
    const buy = pane.getByRole('button', { name: text(de, 'purchase', 'buy'), exact: true });

    // Out of range: said at the field, with the product's maximum
    await field(pane, de, 'licenses_label').fill('501');
    await buy.click();
    await expect(pane.locator('#buy-licenses-error')).toHaveText(filled(de, 'errors', 'out_of_range', { max: '500' }));
    await expect(field(pane, de, 'licenses_label')).toHaveAttribute('aria-invalid', 'true');
    await field(pane, de, 'licenses_label').fill('2');

    // A mistyped number is caught before anything is sent
    await typeNewCard(pane, de, '4242 4242 4242 4241');
    await expect(pane.locator('.price-lines')).toBeVisible();
    await expectNoAxeViolations(page);
    await buy.click();
    await expect(pane.locator('#card-number-error')).toHaveText(text(de, 'errors', 'card_number_invalid'));
    await expect(field(pane, de, 'card_number')).toBeFocused();

    // Declined by the card issuer: said in German, nothing created, nothing typed lost
    await field(pane, de, 'card_number').fill('4000 0000 0000 0002');
    await buy.click();
    await expect(pane.getByRole('alert')).toHaveText(text(de, 'errors', 'card_declined'));
    await expect(page).toHaveURL(/\/purchase$/);
    expect(await subscriptionsOf(page, 'Project Plan 3')).toBe(0);
    await expect(field(pane, de, 'card_number')).toHaveValue('4000 0000 0000 0002');
    await expect(field(pane, de, 'card_expiry_month')).toHaveValue('12');
    await expect(field(pane, de, 'card_expiry_year')).toHaveValue('2030');
    await expect(field(pane, de, 'card_name')).toHaveValue('Alex Wilber');
    await expect(field(pane, de, 'card_address_line1')).toHaveValue('Kalverstraat 1');
    await expect(field(pane, de, 'card_country')).toHaveValue('NL');
    await expect(field(pane, de, 'licenses_label')).toHaveValue('2');

    await field(pane, de, 'card_number').fill('4242 4242 4242 4242');
    await buy.click();
    await expectDetailsPage(page, 'Project Plan 3', 2);
    expect(await subscriptionsOf(page, 'Project Plan 3')).toBe(1);
  });
});

test('a double click sends once, and a retry after a lost answer reuses the Idempotency-Key: one charge', async ({ page }) => {
  await openPurchase(page, 'en');
  const before = await subscriptionsOf(page, 'Power Automate Premium');
  const keys: string[] = [];
  await page.route('**/api/purchases', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length === 1) {
      // The purchase goes through on the server, but its answer never arrives
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  const pane = await openBuy(page, 'en', 'Power Automate Premium');
  await field(pane, 'en', 'licenses_label').fill('2');
  await expect(pane.locator('.price-lines')).toContainText(await money(page, 'en', 2 * 14 * 1.21));
  const buy = pane.getByRole('button', { name: text('en', 'purchase', 'buy'), exact: true });
  await buy.dblclick();
  await expect(pane.getByRole('alert')).toHaveText(text('en', 'errors', 'network'));
  expect(keys).toHaveLength(1);

  await buy.click();
  await expectDetailsPage(page, 'Power Automate Premium', 2);
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/\S+/);
  expect(keys[1]).toBe(keys[0]);
  expect(await subscriptionsOf(page, 'Power Automate Premium')).toBe(before + 1);
});

test('buy with the keyboard alone: Tab, Enter, Space and arrows', async ({ page }) => {
  await openPurchase(page, 'en');
  const opener = page.getByRole('button', { name: 'Buy Power Apps Premium' });
  for (let i = 0; i < 80 && !(await opener.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(opener).toBeFocused();
  await page.keyboard.press('Enter');
  const pane = page.getByRole('dialog', { name: 'Buy Power Apps Premium' });
  const count = field(pane, 'en', 'licenses_label');
  await expect(count).toBeFocused();

  // Escape closes the pane and returns to the button; Space opens it again
  await page.keyboard.press('Escape');
  await expect(pane).toBeHidden();
  await expect(opener).toBeFocused();
  await page.keyboard.press('Space');
  await expect(count).toBeFocused();

  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(count).toHaveValue('3');
  await expect(pane.locator('.price-lines')).toContainText(await money(page, 'en', 3 * 19 * 1.21));

  // Tab into the payment method group, on to Buy
  await page.keyboard.press('Tab');
  await expect(pane.getByRole('radio', { checked: true })).toBeFocused();
  const buy = pane.getByRole('button', { name: 'Buy', exact: true });
  for (let i = 0; i < 10 && !(await buy.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(buy).toBeFocused();
  await page.keyboard.press('Enter');
  await expectDetailsPage(page, 'Power Apps Premium', 3);
});
