// Bills & payments > Payment methods in all five languages: edit a card's expiry and name (a
// past expiry and an empty name are said at their fields and keep what was typed); Add a
// payment method from the seed's drop-down, a declined card first; remove the added card
// after its confirmation; axe on the page, the drop-down and every pane; and the keyboard
// alone adding a card. Each language is its own team lead, so nothing is shared.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  ApiRequests,
  BROWSER_LOCALE,
  LANGUAGES,
  PaymentMethodsTab,
  TEAM_LEADS,
  expectNoAxeViolations,
  filled,
  signIn,
  text,
  typeCard,
  type Language,
} from '../support/portal';

const field = (pane: Locator, language: Language, key: string) =>
  pane.getByLabel(text(language, 'purchase', key), { exact: true });

/** The signed-in person's cards, straight from the API. */
const cards = (page: Page) =>
  page.evaluate(async () => {
    const list = await (await fetch('/api/payment-methods')).json();
    return (list.payment_methods as { id: string }[]).map((c) => c.id);
  });

/** Types a Danish card with `number` in `name`'s name. */
const typeDanishCard = (pane: Locator, language: Language, number: string, name: string) =>
  typeCard(pane, language, {
    number,
    month: '11',
    year: '2031',
    securityCode: '321',
    name,
    line1: 'Strøget 1',
    city: 'København',
    postalCode: '1160',
    country: 'DK',
  });

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });

    test("edit a card's expiry and name; mistakes are said at the field and keep what was typed", async ({ page }) => {
      const requests = new ApiRequests(page);
      await signIn(page, language, TEAM_LEADS[language], '/billing/bills/payment-methods');
      const tab = new PaymentMethodsTab(page, language);
      const visa = tab.cardName('Visa', '4242');
      const opener = tab.table().getByRole('button', { name: visa });
      await expect(opener).toBeVisible();
      await expectNoAxeViolations(page);

      let mark = requests.count();
      await opener.click();
      const pane = page.getByRole('dialog', { name: visa });
      await expect(pane).toBeVisible();
      await expect(pane.getByRole('heading', { name: visa })).toBeFocused();
      await expectNoAxeViolations(page);
      await pane.getByRole('button', { name: text(language, 'bills_and_payments', 'edit') }).click();
      const edit = page.getByRole('dialog', { name: filled(language, 'bills_and_payments', 'edit_title', { card: visa }) });
      const code = edit.getByLabel(text(language, 'bills_and_payments', 'security_code_optional'), { exact: true });
      await expect(code).toBeFocused();
      await expect(code).toHaveValue('');
      await expectNoAxeViolations(page);

      // A past expiry and a wrong-length code: said at the field, nothing sent, nothing lost
      const name = field(edit, language, 'card_name');
      await field(edit, language, 'card_expiry_month').fill('01');
      await field(edit, language, 'card_expiry_year').fill('2020');
      await code.fill('12');
      const save = edit.getByRole('button', { name: text(language, 'bills_and_payments', 'save') });
      await save.click();
      await expect(edit.locator('#card-security-code-error')).toHaveText(text(language, 'errors', 'security_code_invalid'));
      await expect(code).toBeFocused();
      await code.fill('');
      await save.click();
      await expect(edit.locator('#card-expiry-error')).toHaveText(text(language, 'errors', 'card_expired'));
      await expect(field(edit, language, 'card_expiry_year')).toHaveValue('2020');
      await field(edit, language, 'card_expiry_year').fill('2031');
      await name.fill('');
      await save.click();
      await expect(edit.locator('#card-name-error')).toHaveText(text(language, 'errors', 'required'));
      await expect(name).toBeFocused();
      await expect(field(edit, language, 'card_expiry_month')).toHaveValue('01');
      expect(requests.since(mark, /^PUT /)).toEqual([]);
      await expectNoAxeViolations(page);

      const newName = `${language.toUpperCase()} Card Holder`;
      await name.fill(newName);
      await field(edit, language, 'card_expiry_month').fill('09');
      await save.click();
      await expect(pane.getByRole('status')).toHaveText(filled(language, 'bills_and_payments', 'card_saved', { card: visa }));
      await expect(pane).toContainText('09/2031');
      await expect(pane).toContainText(newName);
      await expect(pane.getByRole('button', { name: text(language, 'bills_and_payments', 'edit') })).toBeFocused();
      test.info().annotations.push({ type: 'requests: open a card, edit and save', description: requests.since(mark).join(', ') });
      expect(requests.since(mark, /^PUT \/api\/payment-methods\//)).toHaveLength(1);

      await page.keyboard.press('Escape');
      await expect(pane).toBeHidden();
      await expect(opener).toBeFocused();
      await expect(tab.row(newName)).toContainText('09/2031');
    });

    test('add a card from the drop-down: a declined card saves nothing; a good one is added, then removed', async ({ page }) => {
      const requests = new ApiRequests(page);
      await signIn(page, language, TEAM_LEADS[language], '/billing/bills/payment-methods');
      const tab = new PaymentMethodsTab(page, language);
      await expect(tab.table()).toBeVisible();
      const before = await cards(page);

      await tab.addButton().click();
      const menu = page.getByRole('menu');
      await expect(menu.getByRole('menuitem', { name: text(language, 'bills_and_payments', 'add_payment_method') })).toBeFocused();
      await expectNoAxeViolations(page);
      await menu.getByRole('menuitem').click();
      const pane = page.getByRole('dialog', { name: text(language, 'bills_and_payments', 'add_payment_method') });
      await expect(field(pane, language, 'card_number')).toBeFocused();
      await expectNoAxeViolations(page);

      const holder = `${language.toUpperCase()} Travel Card`;
      await typeDanishCard(pane, language, '4000 0000 0000 0002', holder);
      const add = pane.getByRole('button', { name: text(language, 'bills_and_payments', 'add'), exact: true });
      let mark = requests.count();
      await add.click();
      await expect(pane.getByRole('alert')).toHaveText(text(language, 'errors', 'card_declined'));
      await expect(field(pane, language, 'card_number')).toHaveValue('4000 0000 0000 0002');
      await expect(field(pane, language, 'card_name')).toHaveValue(holder);
      await expect(field(pane, language, 'card_country')).toHaveValue('DK');
      expect(await cards(page)).toEqual(before);
      await expectNoAxeViolations(page);

      mark = requests.count();
      await field(pane, language, 'card_number').fill('5555 5555 5555 4444');
      await add.click();
      await expect(pane).toBeHidden();
      const mastercard = tab.cardName('Mastercard', '4444');
      await expect(page.getByRole('status').filter({ hasText: mastercard })).toHaveText(
        filled(language, 'bills_and_payments', 'card_added', { card: mastercard }),
      );
      await expect(tab.addButton()).toBeFocused();
      await expect(tab.row(holder)).toContainText(text(language, 'bills_and_payments', 'not_used'));
      test.info().annotations.push({ type: 'requests: add a card', description: requests.since(mark).join(', ') });
      expect(requests.since(mark)).toHaveLength(1);

      // Remove it again, after the confirmation
      mark = requests.count();
      await tab.row(holder).getByRole('button', { name: mastercard }).click();
      const details = page.getByRole('dialog', { name: mastercard });
      await details.getByRole('button', { name: text(language, 'bills_and_payments', 'remove') }).click();
      const confirm = details.getByRole('group', { name: filled(language, 'bills_and_payments', 'remove_title', { card: mastercard }) });
      await expect(confirm.getByRole('button', { name: text(language, 'bills_and_payments', 'cancel') })).toBeFocused();
      await expectNoAxeViolations(page);
      await confirm.getByRole('button', { name: text(language, 'bills_and_payments', 'remove') }).click();
      await expect(details).toBeHidden();
      await expect(page.getByRole('status').filter({ hasText: mastercard })).toHaveText(
        filled(language, 'bills_and_payments', 'card_removed', { card: mastercard }),
      );
      await expect(tab.row(holder)).toHaveCount(0);
      expect(await cards(page)).toEqual(before);
      test.info().annotations.push({ type: 'requests: remove a card', description: requests.since(mark).join(', ') });
    });
  });
}

test('a card in use cannot be removed: the pane says so and offers no Remove', async ({ page }) => {
  await signIn(page, 'en', TEAM_LEADS.en, '/billing/bills/payment-methods');
  const tab = new PaymentMethodsTab(page, 'en');
  const visa = tab.cardName('Visa', '4242');
  await tab.table().getByRole('button', { name: visa }).click();
  const pane = page.getByRole('dialog', { name: visa });
  await expect(pane).toContainText(text('en', 'bills_and_payments', 'in_use_note'));
  await expect(pane.getByRole('button', { name: text('en', 'bills_and_payments', 'remove') })).toHaveCount(0);
});

test('keyboard only: add a payment method from the drop-down', async ({ page }) => {
  await signIn(page, 'en', 'miriam.graham@contoso.example', '/billing/bills/payment-methods');
  const tab = new PaymentMethodsTab(page, 'en');
  await expect(tab.table()).toBeVisible();
  const opener = tab.addButton();
  for (let i = 0; i < 40 && !(await opener.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(opener).toBeFocused();
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitem', { name: 'Add a payment method' });
  await expect(item).toBeFocused();
  // Escape closes the menu and returns to its button; ArrowDown opens it again
  await page.keyboard.press('Escape');
  await expect(item).toBeHidden();
  await expect(opener).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item).toBeFocused();
  await page.keyboard.press('Enter');

  const pane = page.getByRole('dialog', { name: 'Add a payment method' });
  await expect(field(pane, 'en', 'card_number')).toBeFocused();
  for (const value of ['3782 822463 10005', '10', '2032', '4321', 'Miriam Graham', 'Herengracht 182']) {
    await page.keyboard.type(value);
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Tab'); // address line 2 stays empty
  await page.keyboard.type('Amsterdam');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1016 BR');
  await page.keyboard.press('Tab');
  await expect(field(pane, 'en', 'card_country')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(pane.getByRole('button', { name: 'Add', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pane).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(tab.table().getByRole('button', { name: tab.cardName('American Express', '0005') })).toBeVisible();
});
