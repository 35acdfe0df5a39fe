// Billing > Your products for an admin, in all five languages: every self-service purchase of
// the organization in the seed's six columns, sorted by a header, searched, filtered, paged and
// exported, its state in the address (reload and Back keep it); a purchase's details page,
// read-only, with who holds its licenses, its invoices and its timeline. Read only: the
// languages share nothing they change.
import { expect, test, type Page } from '@playwright/test';
import {
  ApiRequests,
  BROWSER_LOCALE,
  LANGUAGES,
  MEGAN,
  SignInPage,
  expectNoAxeViolations,
  text,
  type Language,
} from '../support/portal';

const ADELE = 'adele.vance@contoso.example';
const COLUMNS = ['column_product', 'column_purchaser', 'column_licenses', 'column_expiry_date', 'column_price', 'column_assigned_users'];

const table = (page: Page, language: Language) => page.getByRole('table', { name: text(language, 'admin', 'purchases') });

async function openAsAdele(page: Page, language: Language, path = '/billing/products') {
  await page.goto(path);
  await new SignInPage(page, language).signInAndWait(ADELE);
  await expect(table(page, language)).toBeVisible();
}

/** The whole numbers of one column, top to bottom (grouping marks dropped). */
async function numbersIn(page: Page, language: Language, column: number): Promise<number[]> {
  const cells = await table(page, language).locator(`tbody tr > :nth-child(${column})`).allInnerTexts();
  return cells.map((c) => Number(c.replace(/\D/g, '')));
}

/** Whether the numbers go up (`direction` 1) or down (-1), ties allowed, with more than one. */
const sorted = (numbers: number[], direction: 1 | -1) =>
  numbers.length > 1 && numbers.every((n, i) => i === 0 || (n - numbers[i - 1]) * direction >= 0);

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });

    test("Adele sees Megan's purchases in the seed's six columns, sorts, searches and filters them", async ({ page }) => {
      const requests = new ApiRequests(page);
      await openAsAdele(page, language);
      const list = table(page, language);
      await expect(list.locator('thead th')).toHaveText(COLUMNS.map((key) => text(language, 'admin', key)));
      const powerBi = list.getByRole('row', { name: /Power BI Pro/ }).filter({ hasText: 'Megan Bowen' }).first();
      await expect(powerBi).toBeVisible();
      await expect(powerBi.getByRole('cell').nth(0)).toHaveText('Megan Bowen');
      // Self-service is on at first: Adele's own admin-managed Microsoft 365 E3 is not listed
      await expect(list).not.toContainText('Microsoft 365 E3');
      // once signed in, the admin's list alone is asked for (the user's list only before, signed out)
      const signedIn = requests.seen.indexOf('POST /api/session');
      expect(requests.since(signedIn, /^GET \/api\/admin\/subscriptions/)).toHaveLength(1);
      expect(requests.since(signedIn, /^GET \/api\/subscriptions$/)).toHaveLength(0);
      await expectNoAxeViolations(page);

      // a header sorts: ascending, then descending, in the address too
      let mark = requests.count();
      const licensesHeader = list.locator('thead th').nth(2);
      await licensesHeader.getByRole('button').click();
      await expect(licensesHeader).toHaveAttribute('aria-sort', 'ascending');
      await expect(page).toHaveURL(/sort=licenses/);
      await expect(list).toHaveAttribute('aria-busy', 'false');
      await expect.poll(async () => sorted(await numbersIn(page, language, 3), 1)).toBe(true);
      await licensesHeader.getByRole('button').click();
      await expect(licensesHeader).toHaveAttribute('aria-sort', 'descending');
      await expect(page).toHaveURL(/sort=licenses&order=desc/);
      await expect(licensesHeader.getByRole('button')).toBeFocused();
      await expect(list).toHaveAttribute('aria-busy', 'false');
      await expect.poll(async () => sorted(await numbersIn(page, language, 3), -1)).toBe(true);
      await expect(list.locator('thead th').nth(0)).not.toHaveAttribute('aria-sort', /.+/);
      expect(requests.since(mark, /^GET \/api\/admin\/subscriptions\?/)).toHaveLength(2);

      // search by product, debounced: one request for the word, kept in the address
      mark = requests.count();
      await page.getByLabel(text(language, 'admin', 'search_label')).pressSequentially('visio');
      await expect(page).toHaveURL(/search=visio/);
      // the rows of the earlier query stay until the search's answer replaces them
      await expect(list).toHaveAttribute('aria-busy', 'false');
      await expect
        .poll(async () => {
          const rows = await list.locator('tbody tr th').allInnerTexts();
          return rows.length > 0 && rows.every((row) => row.includes('Visio'));
        })
        .toBe(true);
      expect(requests.since(mark, /^GET \/api\/admin\/subscriptions\?/)).toHaveLength(1);
      await page.reload();
      await expect(page.getByLabel(text(language, 'admin', 'search_label'))).toHaveValue('visio');
      await expect(list.locator('thead th').nth(2)).toHaveAttribute('aria-sort', 'descending');
      await expect(list.getByRole('row', { name: /Visio Plan 2/ }).first()).toBeVisible();

      // search by purchaser
      await page.getByLabel(text(language, 'admin', 'search_label')).fill('megan');
      await expect(page).toHaveURL(/search=megan/);
      await expect(list.getByRole('row', { name: /Power BI Pro/ }).first()).toBeVisible();
      for (const cell of await list.locator('tbody tr > :nth-child(2)').allInnerTexts()) expect(cell).toBe('Megan Bowen');

      // Export: the same search and sort, the person's language
      const exportLink = page.getByRole('link', { name: text(language, 'admin', 'export') });
      const href = await exportLink.getAttribute('href');
      expect(href).toMatch(/\/api\/admin\/subscriptions\/export\?search=megan&sort=licenses&order=desc&self_service=true&language=/);
      expect(href).toContain(`language=${language}`);
      const csv = await page.request.get(href!);
      expect(csv.ok()).toBeTruthy();
      const firstLine = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n')[0];
      expect(firstLine).toBe(COLUMNS.map((key) => text(language, 'admin', key)).join(','));

      // the filter: Self-service off lists what admins bought too
      await page.getByLabel(text(language, 'admin', 'search_label')).fill('');
      await expect(page).not.toHaveURL(/search=/);
      await page.getByRole('button', { name: text(language, 'your_products', 'filter') }).click();
      const filter = page.getByRole('group', { name: text(language, 'your_products', 'filter') });
      await expect(filter.getByLabel(text(language, 'your_products', 'self_service'))).toBeChecked();
      await expectNoAxeViolations(page);
      await filter.getByLabel(text(language, 'your_products', 'self_service')).uncheck();
      await expect(page).toHaveURL(/self_service=false/);
      const m365 = list.getByRole('row', { name: /Microsoft 365 E3/ }).filter({ hasText: 'Adele Vance' }).first();
      await expect(m365).toContainText(text(language, 'admin', 'admin_managed'));
      // Back: Self-service is on again
      await page.goBack();
      await expect(page).not.toHaveURL(/self_service=false/);
      await expect(list).not.toContainText('Microsoft 365 E3');
      console.log(`[${language}] admin list flow: ${requests.count()} API requests: ${requests.seen.join(' | ')}`);
    });

    test("a purchase's details are read-only for Adele: the facts, its people, its invoices and its timeline", async ({ page }) => {
      const requests = new ApiRequests(page);
      await openAsAdele(page, language, '/billing/products?search=megan');
      await table(page, language).getByRole('link', { name: 'Power BI Pro' }).first().click();
      await expect(page).toHaveURL('/billing/products/sub_megan_power_bi');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Power BI Pro');
      const mark = requests.count();
      await expect(page.getByRole('definition').filter({ hasText: 'Megan Bowen' })).toBeVisible();
      await expect(page.getByText(text(language, 'admin', 'read_only_admin'))).toBeVisible();
      for (const key of ['buy_licenses', 'remove_licenses', 'cancel_subscription']) {
        await expect(page.getByRole('button', { name: text(language, 'your_products', key) })).toHaveCount(0);
      }
      await expect(page.getByRole('button', { name: text(language, 'admin', 'take_control') })).toBeVisible();
      const people = page.getByRole('table', { name: text(language, 'admin', 'people_heading') });
      await expect(people.locator('tbody tr')).toHaveCount(25);
      await expect(page.getByRole('navigation', { name: text(language, 'admin', 'people_heading') })).toContainText(/40/);
      await page.getByRole('navigation', { name: text(language, 'admin', 'people_heading') })
        .getByRole('button', { name: text(language, 'licenses', 'next_page') }).click();
      await expect(people.locator('tbody tr')).toHaveCount(15);
      const invoices = page.getByRole('table', { name: text(language, 'admin', 'invoices_heading') });
      await expect(invoices.locator('tbody tr').first()).toBeVisible();
      const timeline = page.getByRole('region', { name: text(language, 'admin', 'timeline_heading') });
      await expect(timeline).toBeVisible();
      await expect(timeline.getByRole('heading', { level: 3 }).first().or(timeline.getByText(text(language, 'admin', 'timeline_empty')))).toBeVisible();
      await expectNoAxeViolations(page);
      // an invoice opens on its own page (an admin reads the organization's invoices)
      const invoiceLink = invoices.locator('tbody tr').first().getByRole('link');
      const number = await invoiceLink.innerText();
      await invoiceLink.click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
      await page.goBack();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Power BI Pro');
      // Back keeps the list as it was
      await page.goBack();
      await expect(page).toHaveURL('/billing/products?search=megan');
      await expect(page.getByLabel(text(language, 'admin', 'search_label'))).toHaveValue('megan');
      console.log(`[${language}] details flow: ${requests.since(mark).length} API requests after the page opened: ${requests.since(mark).join(' | ')}`);
    });
  });
}

test('Megan still sees her own Your products, without the admin columns', async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page, 'en').signInAndWait(MEGAN);
  await expect(page.getByRole('table', { name: text('en', 'your_products', 'products_tab') })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: text('en', 'admin', 'column_purchaser') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: text('en', 'admin', 'take_control') })).toHaveCount(0);
});

test('keyboard only: search, sort by a header, page and open a purchase', async ({ page }) => {
  await openAsAdele(page, 'en');
  const search = page.getByLabel(text('en', 'admin', 'search_label'));
  await search.focus();
  await page.keyboard.type('power');
  await expect(page).toHaveURL(/search=power/);
  // Tab from the search box: Filter, Export, then the first header's sort button
  const priceButton = table(page, 'en').locator('thead th').nth(4).getByRole('button');
  for (let i = 0; i < 12 && !(await priceButton.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(priceButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(table(page, 'en').locator('thead th').nth(4)).toHaveAttribute('aria-sort', 'ascending');
  await expect(priceButton).toBeFocused();
  // the sorted rows have arrived (the earlier order stays until they do)
  await expect(page).toHaveURL(/sort=price/);
  await expect(table(page, 'en')).toHaveAttribute('aria-busy', 'false');
  await expect
    .poll(async () => sorted(await numbersIn(page, 'en', 5), 1))
    .toBe(true);
  const firstLink = table(page, 'en').locator('tbody tr').first().getByRole('link');
  const name = await firstLink.innerText();
  // past the last header's button to the first row's link
  for (let i = 0; i < 3 && !(await firstLink.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(firstLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the list fits a 390 px screen: the heading first, the table scrolls in its own box', async ({ page }) => {
    await openAsAdele(page, 'en');
    await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    await expect(page.getByLabel(text('en', 'admin', 'search_label'))).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test("the admin's list is its own chunk, and a reload preloads it once an admin has signed in here", async ({ page }) => {
  const files: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('.wasm')) files.push(url.pathname);
  });
  await openAsAdele(page, 'en');
  expect(files.some((f) => f.includes('split_admin')), 'the list comes from split_admin').toBeTruthy();
  files.length = 0;
  await page.reload();
  await expect(table(page, 'en')).toBeVisible();
  const preloads = await page.locator('link[rel="preload"][as="fetch"]').evaluateAll((links) =>
    links.map((link) => (link as HTMLLinkElement).href));
  expect(preloads.some((href) => href.includes('split_admin'))).toBeTruthy();
  expect(files.some((f) => f.includes('split_your_products')), "a user's page is not loaded first").toBeFalsy();
});
