// Notices, in all five languages, read only: Adele (admin) has the count of unread notices in
// the navigation, and her Notices page lists the demo's license requests for Microsoft 365
// Copilot (crates/server/src/seed/self_service.rs) read and unread, newest first; a notice
// leads to its request, which opens to be answered (people preselected, free licenses). Marking
// read is in self-service-policy.spec.ts, on a team lead's own notices (Adele's change with
// every purchase other specs make, so nothing here counts on their number).
import { expect, test } from '@playwright/test';
import { ADELE, ApiRequests, BROWSER_LOCALE, LANGUAGES, SignInPage, escapeRegex, expectNoAxeViolations, filled, text } from '../support/portal';

const COPILOT = 'Microsoft 365 Copilot';

for (const language of LANGUAGES) {
  test.describe(`${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });
    const t = (key: string) => text(language, 'self_service', key);

    test('the navigation counts unread notices, and a request’s notice opens it to be answered', async ({ page }) => {
      await page.goto('/sign-in');
      await new SignInPage(page, language).signInAndWait(ADELE);
      const link = page
        .getByRole('navigation', { name: text(language, 'shell', 'main_navigation') })
        .getByRole('link', { name: new RegExp(`^${escapeRegex(t('nav_notices'))}`) });
      const count = `(${escapeRegex(t('unread_single'))}|${escapeRegex(t('unread_count')).replace('\\{\\{ count \\}\\}', '\\d+')})`;
      await expect(link).toHaveAccessibleName(new RegExp(`^${escapeRegex(t('nav_notices'))} ${count}$`));

      const requests = new ApiRequests(page);
      await link.click();
      await expect(page.getByRole('heading', { level: 1, name: t('notices_title') })).toBeVisible();
      await expect(link).toHaveAttribute('aria-current', 'page');
      const list = page.getByRole('list', { name: t('notices_title') });
      const lee = list.getByRole('listitem').filter({ hasText: filled(language, 'self_service', 'notice_license_request', { actor: 'Lee Gu', product: COPILOT }) });
      const lynne = list.getByRole('listitem').filter({ hasText: filled(language, 'self_service', 'notice_license_request', { actor: 'Lynne Robbins', product: COPILOT }) });
      await expect(lee.getByText(t('unread'), { exact: true })).toBeVisible();
      await expect(lee.getByRole('button', { name: filled(language, 'self_service', 'mark_read_label', { what: filled(language, 'self_service', 'notice_license_request', { actor: 'Lee Gu', product: COPILOT }) }) })).toBeVisible();
      await expect(lynne.getByText(t('unread'), { exact: true })).toHaveCount(0);
      await expect(lynne.getByRole('button')).toHaveCount(0);
      await expect(lee.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
      await expectNoAxeViolations(page);
      expect(requests.since(0, /notices/), 'the page reads its notices once').toEqual(['GET /api/notices']);

      await lee.getByRole('link', { name: t('open_request_link') }).click();
      await expect(page).toHaveURL(/\/billing\/licenses\/requests\?request=lrq_lee_copilot$/);
      const pane = page.getByRole('dialog', { name: filled(language, 'self_service', 'answer_title', { product: COPILOT }) });
      await expect(pane.getByRole('checkbox')).toHaveCount(3);
      for (const name of ['Lee Gu', 'Diego Siciliani', 'Isaiah Langer']) {
        await expect(pane.getByRole('checkbox', { name: new RegExp(`^${escapeRegex(name)}`) })).toBeChecked();
      }
      await expect(pane.getByText(filled(language, 'self_service', 'free_licenses', { count: 18 }))).toBeVisible();
      await expect(pane.getByText('Our team drafts the quarterly reports; Copilot would save us days.')).toBeVisible();
      await expectNoAxeViolations(page);
      await pane.getByRole('button', { name: t('cancel') }).click();
      await expect(pane).toBeHidden();
      console.log(`[${language}] notices → request: ${requests.seen.length} requests (${requests.seen.join(', ')})`);
    });
  });
}
