// Bills & payments > Invoices in all five languages: Past 3 months → Past 6 months → a date
// range changes the list; a range the server would refuse is said on the page and never sent;
// the empty state in the seed's words; an invoice's page and its PDF (a download with a real
// PDF in the page's language). Read only, so the languages share nothing they change.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import {
  ApiRequests,
  BROWSER_LOCALE,
  InvoicesTab,
  LANGUAGES,
  SignInPage,
  TEAM_LEADS,
  expectNoAxeViolations,
  filled,
  text,
  type Language,
} from '../support/portal';

/** `YYYY-MM-DD` of today less `months` months, by the browser's calendar (as the app counts). */
const monthsAgo = (page: Page, months: number) =>
  page.evaluate((m) => {
    const d = new Date();
    const day = d.getDate();
    d.setDate(1);
    d.setMonth(d.getMonth() - m);
    const last = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
    d.setDate(Math.min(day, last));
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, months);

async function openInvoices(page: Page, language: Language) {
  await page.goto('/billing/bills/invoices');
  await new SignInPage(page, language).signInAndWait(TEAM_LEADS[language]);
  await expect(page.getByRole('heading', { level: 2, name: text(language, 'bills_and_payments', 'invoices') })).toBeVisible();
}

const numbers = async (tab: InvoicesTab) => tab.rows().locator('th').allInnerTexts();

for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });

    test('Past 3 months, then Past 6 months, then a date range: the list changes each time', async ({ page }) => {
      const requests = new ApiRequests(page);
      await openInvoices(page, language);
      const tab = new InvoicesTab(page, language);
      const options = await tab.period().locator('option').allInnerTexts();
      expect(options).toEqual(['past_3_months', 'past_6_months', 'date_range'].map((k) => text(language, 'bills_and_payments', k)));
      await expect(tab.period().locator('option:checked')).toHaveText(text(language, 'bills_and_payments', 'past_3_months'));
      await expect(tab.rows().first()).toBeVisible();
      const three = await numbers(tab);
      await expectNoAxeViolations(page);

      let mark = requests.count();
      await tab.choose('past_6_months');
      await expect.poll(async () => (await numbers(tab)).length).toBeGreaterThan(three.length);
      const six = await numbers(tab);
      expect(six.slice(0, three.length)).toEqual(three);
      expect(requests.since(mark, /^GET \/api\/invoices\?/)).toHaveLength(1);
      test.info().annotations.push({ type: 'requests: Past 6 months', description: String(requests.since(mark).length) });

      // Amounts are the browser's Intl in the page's language and the invoice's own currency
      const expected = await page.evaluate(async (l) => {
        const list = await (await fetch('/api/invoices?period=past_6_months&limit=1')).json();
        const { amount_minor, currency } = list.invoices[0].amount;
        return new Intl.NumberFormat(l, { style: 'currency', currency }).format(amount_minor / 100);
      }, language);
      await expect(tab.rows().first().locator('td.number')).toHaveText(expected);

      // Specify a date range: two date inputs, nothing asked for until Show invoices
      mark = requests.count();
      await tab.choose('date_range');
      await expect(tab.start()).toBeVisible();
      await expectNoAxeViolations(page);
      const [from, to] = [await monthsAgo(page, 13), await monthsAgo(page, 7)];
      await tab.showRange(from, to);
      // (while the new page loads the table is gone: wait for rows of the range)
      await expect
        .poll(async () => {
          const shown = await numbers(tab);
          return shown.length > 0 && shown[0] !== six[0];
        })
        .toBe(true);
      const older = await numbers(tab);
      expect(older.length).toBeGreaterThan(0);
      expect(older.some((n) => six.includes(n))).toBe(false);
      expect(requests.since(mark, /^GET \/api\/invoices\?/)).toHaveLength(1);
      expect(requests.since(mark, /^GET \/api\/invoices\?/)[0]).toContain(`period=date_range&from=${from}&to=${to}`);
    });

    test('a range the server would refuse is said at its field and never sent; an empty period says what to do', async ({ page }) => {
      const requests = new ApiRequests(page);
      await openInvoices(page, language);
      const tab = new InvoicesTab(page, language);
      await expect(tab.rows().first()).toBeVisible();
      await tab.choose('date_range');

      const mark = requests.count();
      await tab.showRange('2026-03-05', '2026-03-04');
      await expect(page.locator('#invoices-from-error')).toHaveText(text(language, 'bills_and_payments', 'range_reversed'));
      await expect(tab.start()).toHaveAttribute('aria-invalid', 'true');
      await expect(tab.start()).toBeFocused();
      await expect(tab.start()).toHaveValue('2026-03-05');
      await expectNoAxeViolations(page);

      await tab.showRange(await monthsAgo(page, 30), await monthsAgo(page, 0));
      await expect(page.locator('#invoices-to-error')).toHaveText(text(language, 'bills_and_payments', 'range_too_long'));
      await expect(tab.end()).toBeFocused();

      await tab.start().fill('');
      await tab.showRange('', '2026-03-04');
      await expect(page.locator('#invoices-from-error')).toHaveText(text(language, 'bills_and_payments', 'range_required'));
      expect(requests.since(mark, /\/api\/invoices/)).toEqual([]);

      await tab.showRange('2015-01-01', '2015-06-30');
      await expect(page.getByText(text(language, 'bills_and_payments', 'invoices_empty'))).toBeVisible();
      expect(requests.since(mark, /\/api\/invoices/)).toHaveLength(1);
      await expectNoAxeViolations(page);
    });

    test('open an invoice and download its PDF in the page language', async ({ page }) => {
      const requests = new ApiRequests(page);
      await openInvoices(page, language);
      const tab = new InvoicesTab(page, language);
      const first = tab.rows().first().getByRole('link');
      const number = await first.innerText();
      const mark = requests.count();
      await first.click();
      await expect(page).toHaveURL(/\/billing\/bills\/invoices\/[^/]+$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        filled(language, 'bills_and_payments', 'invoice_title', { number }),
      );
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      const lines = page.getByRole('table', { name: text(language, 'bills_and_payments', 'lines') });
      await expect(lines.locator('tbody tr').first()).toBeVisible();
      await expect(page.locator('.invoice-totals')).toContainText(text(language, 'bills_and_payments', 'subtotal'));
      await expect(page.locator('.invoice-totals')).toContainText(text(language, 'bills_and_payments', 'total'));
      expect(requests.since(mark)).toHaveLength(1);
      test.info().annotations.push({ type: 'requests: open an invoice', description: String(requests.since(mark).length) });
      await expectNoAxeViolations(page);

      const link = page.getByRole('link', { name: text(language, 'bills_and_payments', 'download_pdf') });
      await expect(link).toHaveAttribute('href', new RegExp(`/api/invoices/[^/]+\\.pdf\\?lang=${language}$`));
      await expect(link).toHaveAttribute('download', `${number}.pdf`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const bytes = fs.readFileSync((await download.path())!);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(1000);

      await page.getByRole('link', { name: text(language, 'bills_and_payments', 'back_to_invoices') }).click();
      await expect(tab.rows().first()).toBeVisible();
    });
  });
}
