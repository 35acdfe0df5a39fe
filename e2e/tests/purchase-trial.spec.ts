// Purchase services > Start free trial: the trial's days and licenses, whether a card is
// needed, what happens when it ends (with the price), declined cards, and one trial per person
// and product. A trial is once per person and product, so each test has its own: Alex tries
// Power BI Pro (he never buys it), Lars (Fabrikam, SEK) tries Project Plan 3 and Visio Plan 2.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SignInPage, expectNoAxeViolations, filled, money, text, typeCard, type Language } from '../support/portal';

const ALEX = 'alex.wilber@contoso.example';
const LARS = 'lars.nystrom@fabrikam.example';

/** The day a trial started today ends, written the way the app writes dates. */
const trialEnd = (page: Page, language: Language, days: number) =>
  page.evaluate(
    ([l, d]) =>
      new Intl.DateTimeFormat(l as string, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
        new Date(new Date(Date.now() + (d as number) * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z'),
      ),
    [language, days] as const,
  );

async function openTrial(page: Page, language: Language, product: string): Promise<Locator> {
  await page
    .getByRole('list', { name: text(language, 'purchase', 'catalog_label') })
    .getByRole('listitem', { name: product })
    .getByRole('button', { name: `${text(language, 'purchase', 'start_free_trial')} ${product}` })
    .click();
  const pane = page.getByRole('dialog', { name: filled(language, 'purchase', 'trial_title', { product }) });
  await expect(pane).toBeVisible();
  return pane;
}

const startButton = (pane: Locator, language: Language) =>
  pane.getByRole('button', { name: text(language, 'purchase', 'start_trial'), exact: true });

async function expectTrialStarted(page: Page, language: Language, product: string) {
  await expect(page).toHaveURL(/\/billing\/products\/sub_[\w-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(product);
  await expect(page.getByRole('main')).toContainText(text(language, 'your_products', 'status_trial'));
  await expect(page.getByRole('definition').filter({ hasText: '0 / 25' })).toBeVisible();
}

test.describe('in Danish', () => {
  test.use({ locale: 'da-DK' });

  test('a trial that needs no card starts free, and a second one of the same product is refused', async ({ page }) => {
    await page.goto('/purchase');
    await new SignInPage(page, 'da').signInAndWait(ALEX);
    const pane = await openTrial(page, 'da', 'Power BI Pro');
    await expect(pane).toContainText(filled('da', 'purchase', 'trial_summary', { days: '30', licenses: '25' }));
    await expect(pane).toContainText(text('da', 'purchase', 'trial_no_card'));
    await expect(pane.getByRole('radio', { name: text('da', 'purchase', 'no_payment_method') })).toBeChecked();
    await expect(pane).toContainText(filled('da', 'purchase', 'trial_ends', { date: await trialEnd(page, 'da', 30) }));
    await expectNoAxeViolations(page);
    await startButton(pane, 'da').click();
    await expectTrialStarted(page, 'da', 'Power BI Pro');

    await page.goto('/purchase');
    const again = await openTrial(page, 'da', 'Power BI Pro');
    // the payment choice is in (Start before it says "choose a payment method", as it should)
    await expect(again.getByRole('radio', { name: text('da', 'purchase', 'no_payment_method') })).toBeChecked();
    await startButton(again, 'da').click();
    await expect(again.getByRole('alert')).toHaveText(text('da', 'errors', 'trial_already_used'));
  });
});

test.describe('in Swedish', () => {
  test.use({ locale: 'sv-SE' });

  test('a trial that needs a card says it becomes paid when it ends, and for how much', async ({ page }) => {
    await page.goto('/purchase');
    await new SignInPage(page, 'sv').signInAndWait(LARS);
    const pane = await openTrial(page, 'sv', 'Project Plan 3');
    await expect(pane).toContainText(filled('sv', 'purchase', 'trial_summary', { days: '30', licenses: '25' }));
    await expect(pane).toContainText(text('sv', 'purchase', 'trial_needs_card'));
    // a card is needed, so "no payment method" is not offered; Lars's saved card is chosen
    await expect(pane.getByRole('radio', { name: text('sv', 'purchase', 'no_payment_method') })).toHaveCount(0);
    await expect(pane.getByRole('radio', { name: /Visa.*4242/ })).toBeChecked();
    // 25 licenses × 280 kr a month × 12 months, plus Fabrikam's 25 % Swedish tax
    await expect(pane).toContainText(
      filled('sv', 'purchase', 'trial_converts_annual', {
        date: await trialEnd(page, 'sv', 30),
        licenses: '25',
        total: await money(page, 'sv', 25 * 280 * 12 * 1.25, 'SEK'),
      }),
    );
    await expectNoAxeViolations(page);
    await startButton(pane, 'sv').click();
    await expectTrialStarted(page, 'sv', 'Project Plan 3');
  });
});

test.describe('in Dutch', () => {
  test.use({ locale: 'nl-NL' });

  test('a declined card is said in Dutch and nothing starts; without a card the trial starts', async ({ page }) => {
    await page.goto('/purchase');
    await new SignInPage(page, 'nl').signInAndWait(LARS);
    const pane = await openTrial(page, 'nl', 'Visio Plan 2');
    const field = (key: string) => pane.getByLabel(text('nl', 'purchase', key), { exact: true });
    await pane.getByRole('radio', { name: text('nl', 'purchase', 'new_card') }).check();
    await typeCard(pane, 'nl', {
      number: '4000 0000 0000 0002',
      month: '07',
      year: '31',
      securityCode: '321',
      name: 'Lars Nyström',
      line1: 'Drottninggatan 12',
      city: 'Stockholm',
      postalCode: '111 51',
      country: 'SE',
    });
    await expect(pane).toContainText(text('nl', 'purchase', 'trial_converts_annual').split('{{')[0]);
    await expectNoAxeViolations(page);
    await startButton(pane, 'nl').click();
    await expect(pane.getByRole('alert')).toHaveText(text('nl', 'errors', 'card_declined'));
    await expect(page).toHaveURL(/\/purchase$/);
    await expect(field('card_number')).toHaveValue('4000 0000 0000 0002');
    await expect(field('card_name')).toHaveValue('Lars Nyström');

    await pane.getByRole('radio', { name: text('nl', 'purchase', 'no_payment_method') }).check();
    await expect(pane).toContainText(filled('nl', 'purchase', 'trial_ends', { date: await trialEnd(page, 'nl', 30) }));
    await startButton(pane, 'nl').click();
    await expectTrialStarted(page, 'nl', 'Visio Plan 2');
  });
});
