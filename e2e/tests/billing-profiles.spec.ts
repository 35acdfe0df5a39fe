// Billing accounts and billing profiles in all five languages: Overview → an account → its
// Billing profile tab → a profile; Replace its payment method (the same card is refused, a new
// card replaces it); Edit the card in use; invoice email recipients; and the older path, Bills
// & payments > Billing profiles, reaching the same page. Each language signs in as one of the
// Licenses team (whose tests buy with an explicit card), so no test shares a profile.
import { expect, test, type Page } from '@playwright/test';
import {
  ApiRequests,
  BROWSER_LOCALE,
  LANGUAGES,
  SignInPage,
  cardField,
  expectNoAxeViolations,
  filled,
  text,
  typeCard,
  type Language,
} from '../support/portal';

const PEOPLE: Record<Language, string> = {
  en: 'patti.fernandez@contoso.example',
  da: 'pradeep.gupta@contoso.example',
  de: 'johanna.lorenz@contoso.example',
  nl: 'grady.archie@contoso.example',
  sv: 'miriam.graham@contoso.example',
};

const card = (language: Language, brand: string, last4: string) =>
  filled(language, 'bills_and_payments', 'card', { brand, last4 });

/** Billing accounts > Overview > the first account > Billing profile > the first profile. */
async function openProfileFromAccounts(page: Page, language: Language, requests: ApiRequests) {
  await page.goto('/billing/accounts');
  await new SignInPage(page, language).signInAndWait(PEOPLE[language]);
  const start = requests.count();
  const overview = page.getByRole('navigation', { name: text(language, 'billing_accounts', 'sections') });
  await expect(overview.getByRole('link', { name: text(language, 'billing_accounts', 'overview') })).toHaveAttribute('aria-current', 'page');
  const accounts = page.getByRole('table', { name: text(language, 'billing_accounts', 'overview') });
  await expect(accounts.locator('tbody tr')).toHaveCount(1);
  await expectNoAxeViolations(page);
  await accounts.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/billing\/accounts\/[^/]+$/);
  const profilesTab = page.getByRole('tab', { name: text(language, 'billing_accounts', 'billing_profile') });
  await profilesTab.click();
  await expect(profilesTab).toHaveAttribute('aria-selected', 'true');
  await expectNoAxeViolations(page);
  const profiles = page.getByRole('table', { name: text(language, 'bills_and_payments', 'billing_profiles') });
  const profile = profiles.getByRole('link').first();
  const name = await profile.innerText();
  await profile.click();
  await expect(page).toHaveURL(/\/billing\/accounts\/[^/]+\/profiles\/[^/?]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('heading', { level: 2, name: text(language, 'billing_accounts', 'notifications') })).toBeVisible();
  test.info().annotations.push({ type: 'requests: accounts → account → profile', description: requests.since(start).join(', ') });
  return name;
}

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });

    test("Replace a billing profile's payment method, reached through Billing accounts", async ({ page }) => {
      const requests = new ApiRequests(page);
      const profileName = await openProfileFromAccounts(page, language, requests);
      const method = page.locator('p.payment-method');
      await expect(method).toContainText(card(language, 'Visa', '4242'));
      await expectNoAxeViolations(page);

      const replace = page.getByRole('button', { name: text(language, 'billing_accounts', 'replace'), exact: true });
      await replace.click();
      const pane = page.getByRole('dialog', { name: text(language, 'billing_accounts', 'replace_title') });
      await expect(pane).toBeVisible();
      await expect(pane.getByRole('radio').first()).toBeVisible();
      await expectNoAxeViolations(page);
      const submit = pane.getByRole('button', { name: text(language, 'billing_accounts', 'replace_submit'), exact: true });

      // The card in use again changes nothing and says so
      await pane.getByRole('radio', { name: /4242/ }).check();
      await submit.click();
      await expect(pane.getByRole('alert')).toHaveText(text(language, 'billing_accounts', 'choose_other_card'));

      // A new card
      await pane.getByRole('radio', { name: text(language, 'purchase', 'new_card') }).check();
      await typeCard(pane, language, {
        number: '5555 5555 5555 4444',
        month: '08',
        year: '2032',
        securityCode: '456',
        name: 'Contoso Purchasing',
        line1: 'Königstraße 10',
        city: 'Stuttgart',
        postalCode: '70173',
        country: 'DE',
      });
      await expectNoAxeViolations(page);
      const mark = requests.count();
      await submit.click();
      await expect(pane).toBeHidden();
      const mastercard = card(language, 'Mastercard', '4444');
      await expect(page.getByRole('status').filter({ hasText: mastercard })).toHaveText(
        filled(language, 'billing_accounts', 'replaced', { profile: profileName, card: mastercard }),
      );
      await expect(method).toContainText(mastercard);
      await expect(method).toContainText('08/2032');
      await expect(replace).toBeFocused();
      expect(requests.since(mark, /^PUT \/api\/billing-profiles\/[^/]+\/payment-method$/)).toHaveLength(1);
      test.info().annotations.push({ type: 'requests: Replace', description: requests.since(mark).join(', ') });

      // The card's Edit pane, from the profile
      await page.getByRole('button', { name: text(language, 'billing_accounts', 'edit'), exact: true }).click();
      const edit = page.getByRole('dialog', { name: filled(language, 'bills_and_payments', 'edit_title', { card: mastercard }) });
      await expect(edit).toBeVisible();
      await expectNoAxeViolations(page);
      await cardField(edit, language, 'card_name').fill('Contoso Purchasing Dept');
      await edit.getByRole('button', { name: text(language, 'bills_and_payments', 'save') }).click();
      await expect(edit).toBeHidden();
      await expect(page.getByRole('status').filter({ hasText: mastercard })).toHaveText(
        filled(language, 'bills_and_payments', 'card_saved', { card: mastercard }),
      );
    });

    test('invoice email recipients: add one, a duplicate is refused, remove it', async ({ page }) => {
      const requests = new ApiRequests(page);
      await openProfileFromAccounts(page, language, requests);
      const email = page.getByLabel(text(language, 'billing_accounts', 'recipient_email'), { exact: true });
      const add = page.getByRole('button', { name: text(language, 'billing_accounts', 'add_recipient'), exact: true });
      const address = `ap-${language}@contoso.example`;
      await email.fill('not an address');
      await add.click();
      await expect(page.locator('#recipient-email-error')).toHaveText(text(language, 'errors', 'email_invalid'));
      await email.fill(address);
      await add.click();
      const list = page.getByRole('list', { name: text(language, 'billing_accounts', 'recipients') });
      await expect(list.getByText(address)).toBeVisible();
      await expect(email).toHaveValue('');
      await email.fill(address.toUpperCase());
      await add.click();
      await expect(page.locator('#recipient-email-error')).toHaveText(text(language, 'billing_accounts', 'recipient_duplicate'));
      await expectNoAxeViolations(page);
      await list.getByRole('button', { name: filled(language, 'billing_accounts', 'remove_recipient', { email: address }) }).click();
      await expect(list.getByText(address)).toHaveCount(0);
    });
  });
}

test('the older path, Bills & payments > Billing profiles, opens the same details page', async ({ page }) => {
  const requests = new ApiRequests(page);
  await page.goto('/billing/bills/billing-profiles');
  await new SignInPage(page, 'en').signInAndWait(PEOPLE.en);
  const profiles = page.getByRole('table', { name: text('en', 'bills_and_payments', 'billing_profiles') });
  const link = profiles.getByRole('link').first();
  await expect(link).toBeVisible();
  await expectNoAxeViolations(page);
  const name = await link.innerText();
  const mark = requests.count();
  await link.click();
  await expect(page).toHaveURL(/\/billing\/accounts\/[^/]+\/profiles\/[^/?]+\?from=bills$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('heading', { level: 3, name: text('en', 'billing_accounts', 'payment_method') })).toBeVisible();
  await expect(page.getByRole('button', { name: text('en', 'billing_accounts', 'replace'), exact: true })).toBeVisible();
  test.info().annotations.push({ type: 'requests: Billing profiles → profile', description: requests.since(mark).join(', ') });
  await expectNoAxeViolations(page);
  const samePage = page.url().replace('?from=bills', '');
  await page.getByRole('link', { name: text('en', 'billing_accounts', 'back_to_profiles') }).click();
  await expect(page).toHaveURL(/\/billing\/bills\/billing-profiles$/);
  await page.goto(samePage);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});
