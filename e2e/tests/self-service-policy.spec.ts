// Self-service policy, in all five languages: Adele (admin) sets Microsoft Teams Premium to Do
// not allow on Settings > Self-service (the confirmation lists the change and says existing
// subscriptions are untouched); a team lead then sees Request licenses instead of Buy on the
// Purchase page and requests licenses for two colleagues (removing themselves); Adele opens the
// request from her notice, approves one and declines the other; the team lead sees Partly
// approved, each person's status and Adele's message, and their notice count goes down when
// they mark the answer read. Microsoft Clipchamp (Allow for trials only) shows only Start free
// trial. Axe on every page, pane and dialog; the request pane by keyboard only in English.
//
// Teams Premium is the demo product for this spec alone (crates/server/src/seed/self_service.rs):
// the policy flow changes it organization-wide, so its five languages run one after another and
// each puts it back to Allow at the end.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import {
  ADELE,
  ApiRequests,
  BROWSER_LOCALE,
  LANGUAGES,
  type Language,
  SignInPage,
  TEAM_LEADS,
  escapeRegex,
  expectNoAxeViolations,
  filled,
  postPurchase,
  signIn,
  text,
} from '../support/portal';

const TEAMS = { id: 'prd_teams_premium_eur', name: 'Microsoft Teams Premium' };
const CLIPCHAMP = 'Microsoft Clipchamp';
/** The team leads' saved cards (crates/server/src/seed/billing.rs). */
const CARDS: Record<Language, string> = { en: 'pm_lee_visa', da: 'pm_diego_visa', de: 'pm_isaiah_visa', nl: 'pm_lynne_visa', sv: 'pm_nestor_visa' };

type Find = { type: string; name: string };
/** Per language: the team lead's name, who gets approved, who gets declined (nobody twice). */
const PEOPLE: Record<Language, { name: string; approve: Find; decline: Find }> = {
  en: { name: 'Lee Gu', approve: { type: 'soren ors', name: 'Søren Ørsted' }, decline: { type: 'jurgen gro', name: 'Jürgen Groß' } },
  da: { name: 'Diego Siciliani', approve: { type: 'asa obe', name: 'Åsa Öberg' }, decline: { type: 'maarten de v', name: 'Maarten de Vries' } },
  de: { name: 'Isaiah Langer', approve: { type: 'patti fer', name: 'Patti Fernandez' }, decline: { type: 'pradeep gup', name: 'Pradeep Gupta' } },
  nl: { name: 'Lynne Robbins', approve: { type: 'grady arc', name: 'Grady Archie' }, decline: { type: 'miriam gra', name: 'Miriam Graham' } },
  sv: { name: 'Nestor Wilke', approve: { type: 'alex wil', name: 'Alex Wilber' }, decline: { type: 'megan bow', name: 'Megan Bowen' } },
};

async function signedIn(browser: Browser, language: Language, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: BROWSER_LOCALE[language] });
  const page = await context.newPage();
  await signIn(page, language, email);
  return page;
}

/** "3 unread notices" (or "1 unread notice") as the navigation says it. */
function unreadLabel(language: Language, count: number) {
  return count === 1 ? text(language, 'self_service', 'unread_single') : filled(language, 'self_service', 'unread_count', { count });
}

async function unreadOnServer(page: Page): Promise<number> {
  const response = await page.request.get('/api/notices');
  expect(response.ok()).toBeTruthy();
  return (await response.json()).unread;
}

function noticesLink(page: Page, language: Language) {
  return page
    .getByRole('navigation', { name: text(language, 'shell', 'main_navigation') })
    .getByRole('link', { name: new RegExp(`^${escapeRegex(text(language, 'self_service', 'nav_notices'))}`) });
}

async function expectUnreadCount(page: Page, language: Language, count: number) {
  const link = noticesLink(page, language);
  if (count === 0) {
    await expect(link).toHaveAccessibleName(text(language, 'self_service', 'nav_notices'));
  } else {
    await expect(link).toHaveAccessibleName(`${text(language, 'self_service', 'nav_notices')} ${unreadLabel(language, count)}`);
  }
}

async function setTeamsPremium(page: Page, policy: 'allow' | 'do_not_allow') {
  const response = await page.request.put('/api/self-service/policies', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { products: [{ product_id: TEAMS.id, policy }] },
  });
  expect(response.ok()).toBeTruthy();
}

test.describe('the policy flow', () => {
  test.describe.configure({ mode: 'serial' });

  for (const language of LANGUAGES) {
    test(`${language}: Do not allow, a request for two colleagues, one approved and one declined`, async ({ browser }) => {
      const t = (key: string) => text(language, 'self_service', key);
      const who = PEOPLE[language];
      const admin = await signedIn(browser, language, ADELE);
      const user = await signedIn(browser, language, TEAM_LEADS[language]);
      try {
        // The team lead has the Purchase page open while Teams Premium is still allowed.
        await user.goto('/purchase');
        const card = user.getByRole('listitem', { name: TEAMS.name });
        const buy = card.getByRole('button', { name: `${text(language, 'purchase', 'buy')} ${TEAMS.name}` });
        await expect(buy).toBeVisible();

        // The admin sets Teams Premium to Do not allow.
        const adminRequests = new ApiRequests(admin);
        await admin.goto('/settings/self-service');
        await expect(admin.getByRole('heading', { level: 1, name: t('settings_title') })).toBeVisible();
        await expect(admin.getByText(t('applies_note')).first()).toBeVisible();
        const teams = admin.getByRole('group', { name: TEAMS.name });
        await expect(teams.getByRole('radio', { name: t('policy_allow'), exact: true })).toBeChecked();
        await expectNoAxeViolations(admin);
        const loaded = adminRequests.count();
        await teams.getByRole('radio', { name: t('policy_do_not_allow'), exact: true }).check();
        await expect(admin.getByText(filled(language, 'self_service', 'unsaved', { count: 1 }))).toBeVisible();
        await admin.getByRole('button', { name: t('save'), exact: true }).click();
        const confirm = admin.getByRole('alertdialog', { name: t('confirm_title') });
        await expect(confirm).toBeVisible();
        await expect(confirm.getByRole('listitem')).toHaveText([
          filled(language, 'self_service', 'confirm_change', { product: TEAMS.name, from: t('policy_allow'), to: t('policy_do_not_allow') }),
        ]);
        await expect(confirm.getByText(t('applies_note'))).toBeVisible();
        await expectNoAxeViolations(admin);
        await confirm.getByRole('button', { name: t('save'), exact: true }).click();
        await expect(admin.getByText(t('saved'))).toBeVisible();
        await expect(confirm).toBeHidden();
        await expect(admin.getByRole('button', { name: t('save'), exact: true })).toBeFocused();
        await expect(teams.getByRole('radio', { name: t('policy_do_not_allow'), exact: true })).toBeChecked();
        await expect(teams.getByText(new RegExp(escapeRegex(filled(language, 'self_service', 'changed_by', { name: 'Adele Vance', date: 'X' })).replace('X', '.+')))).toBeVisible();
        const saving = adminRequests.since(loaded);
        expect(saving, 'Save sends one PUT and reads nothing more').toEqual(['PUT /api/self-service/policies']);
        console.log(`[${language}] settings: load ${loaded} requests (${adminRequests.seen.slice(0, loaded).join(', ')}), save ${saving.length}`);

        // Buy on the page loaded before: the server refuses, the page says why and reads the
        // catalog again, which now offers Request licenses.
        await buy.click();
        await expect(user.getByRole('alert').filter({ hasText: t('policy_changed') })).toHaveText(
          `${text(language, 'errors', 'not_allowed_for_self_service')} ${t('policy_changed')}`,
        );
        await expect(user.getByRole('dialog')).toHaveCount(0);

        // The team lead sees Request licenses, and only Start free trial where trials only.
        const userRequests = new ApiRequests(user);
        await user.goto('/purchase');
        await expect(card.getByText(t('do_not_allow_note'))).toBeVisible();
        await expect(card.getByRole('button', { name: new RegExp(`^${escapeRegex(text(language, 'purchase', 'buy'))} `) })).toHaveCount(0);
        const clipchamp = user.getByRole('listitem', { name: CLIPCHAMP });
        await expect(clipchamp.getByRole('button')).toHaveText([new RegExp(`^${escapeRegex(text(language, 'purchase', 'start_free_trial'))}`)]);
        await expect(clipchamp.getByText(t('trials_only_note'))).toBeVisible();
        const request = card.getByRole('button', { name: new RegExp(`^${escapeRegex(t('request_licenses'))}`) });
        const purchaseLoad = userRequests.count();

        const pane = user.getByRole('dialog', { name: filled(language, 'self_service', 'request_title', { product: TEAMS.name }) });
        const combobox = pane.getByRole('combobox', { name: text(language, 'licenses', 'find_label') });
        const chips = pane.getByRole('list', { name: filled(language, 'self_service', 'request_people', { count: 1, max: 20 }) });
        const keyboard = language === 'en';
        if (keyboard) {
          await request.focus();
          await user.keyboard.press('Enter');
        } else {
          await request.click();
        }
        await expect(pane).toBeVisible();
        await expect(combobox).toBeFocused();
        await expect(chips.getByRole('listitem')).toHaveText([new RegExp(`^${escapeRegex(who.name)}`)]);
        await expectNoAxeViolations(user);
        for (const person of [who.approve, who.decline]) {
          await combobox.fill(person.type);
          await expect(combobox).toHaveAttribute('aria-expanded', 'true');
          if (keyboard) {
            await user.keyboard.press('ArrowDown');
            await user.keyboard.press('Enter');
          } else {
            await user.getByRole('option', { name: new RegExp(`^${escapeRegex(person.name)}`) }).first().click();
          }
          await expect(pane.locator('.chip').filter({ hasText: person.name })).toBeVisible();
        }
        // They ask for their colleagues only: remove themselves.
        const removeSelf = pane.getByRole('button', { name: filled(language, 'licenses', 'remove_person', { name: who.name }) });
        if (keyboard) {
          await removeSelf.focus();
          await user.keyboard.press('Enter');
          await expect(combobox).toBeFocused();
        } else {
          await removeSelf.click();
        }
        await expect(pane.locator('.chip')).toHaveText([who.approve.name, who.decline.name].map((n) => new RegExp(escapeRegex(n))));
        const message = pane.getByRole('textbox', { name: t('message_label') });
        const note = `${who.name}: for the meetings team`;
        if (keyboard) {
          for (let i = 0; i < 6 && !(await message.evaluate((e) => e === document.activeElement)); i++) await user.keyboard.press('Tab');
          await expect(message).toBeFocused();
          await user.keyboard.type(note);
          await user.keyboard.press('Tab');
          await expect(pane.getByRole('button', { name: t('send') })).toBeFocused();
          await user.keyboard.press('Enter');
        } else {
          await message.fill(note);
          await expect(pane.getByText(filled(language, 'self_service', 'message_count', { count: note.length, max: 500 }))).toBeVisible();
          await pane.getByRole('button', { name: t('send') }).click();
        }
        await expect(pane.getByText(filled(language, 'self_service', 'request_sent', { product: TEAMS.name }))).toBeVisible();
        await expect(pane.locator('.pane-actions').getByRole('button', { name: text(language, 'shell', 'close') })).toBeFocused();
        expect(userRequests.since(purchaseLoad, /^(POST|PUT|DELETE)/), 'Send makes one request').toEqual(['POST /api/license-requests']);
        console.log(`[${language}] request: purchase page ${purchaseLoad} requests, pane ${userRequests.since(purchaseLoad).length} (${userRequests.since(purchaseLoad).join(', ')})`);
        await pane.getByRole('link', { name: t('see_requests') }).click();
        await expect(user).toHaveURL(/\/billing\/licenses\/requests$/);
        const mine = user.getByRole('row').filter({ has: user.getByRole('rowheader', { name: TEAMS.name }) });
        await expect(mine.getByText(t('status_pending'))).toBeVisible();
        await expectNoAxeViolations(user);

        // The admin opens the request from her notice, approves one, declines the other.
        const noticeText = filled(language, 'self_service', 'notice_license_request', { actor: who.name, product: TEAMS.name });
        await admin.goto('/notices');
        await expect(noticesLink(admin, language)).toHaveAccessibleName(
          new RegExp(`^${escapeRegex(t('nav_notices'))} (${escapeRegex(t('unread_single'))}|${escapeRegex(t('unread_count')).replace('\\{\\{ count \\}\\}', '\\d+')})$`),
        );
        const notice = admin.getByRole('listitem').filter({ hasText: noticeText }).first();
        await expect(notice.getByText(t('unread'), { exact: true })).toBeVisible();
        await expectNoAxeViolations(admin);
        const answerStart = adminRequests.count();
        await notice.getByRole('link', { name: t('open_request_link') }).click();
        await expect(admin).toHaveURL(/\/billing\/licenses\/requests\?request=/);
        const answer = admin.getByRole('dialog', { name: filled(language, 'self_service', 'answer_title', { product: TEAMS.name }) });
        await expect(answer.getByText(note)).toBeVisible();
        const approve = answer.getByRole('checkbox', { name: new RegExp(`^${escapeRegex(who.approve.name)}`) });
        const decline = answer.getByRole('checkbox', { name: new RegExp(`^${escapeRegex(who.decline.name)}`) });
        await expect(approve).toBeChecked();
        await expect(decline).toBeChecked();
        await expect(answer.getByText(new RegExp(escapeRegex(t('free_licenses')).replace('\\{\\{ count \\}\\}', '\\d+')))).toBeVisible();
        await expect(answer.getByText(filled(language, 'self_service', 'selected_count', { selected: 2, total: 2 }))).toBeVisible();
        await expectNoAxeViolations(admin);
        await decline.uncheck();
        await expect(answer.getByText(filled(language, 'self_service', 'selected_count', { selected: 1, total: 2 }))).toBeVisible();
        const answerText = `Approved for ${who.approve.name}; ${who.decline.name} next quarter.`;
        await answer.getByRole('textbox', { name: filled(language, 'self_service', 'answer_message_label', { name: who.name }) }).fill(answerText);
        await answer.getByRole('button', { name: t('approve_selected') }).click();
        const done = filled(language, 'self_service', 'answered_done', { approved: 1, declined: 1 });
        await expect(answer.getByText(done)).toBeVisible();
        await answer.locator('.pane-actions').getByRole('button', { name: text(language, 'shell', 'close') }).click();
        await expect(answer).toBeHidden();
        await expect(admin.getByRole('status').getByText(done)).toBeVisible();
        const answering = adminRequests.since(answerStart);
        expect(answering.filter((r) => r.startsWith('POST'))).toEqual([expect.stringMatching(/^POST \/api\/admin\/license-requests\/[^/]+\/answer$/)]);
        console.log(`[${language}] answer: ${answering.length} requests (${answering.join(', ')})`);

        // The team lead sees the answer, and their notice count follows Mark as read.
        await user.reload();
        await expect(mine.getByText(t('status_partly_approved'))).toBeVisible();
        await expect(mine.getByText(filled(language, 'self_service', 'person_status', { name: who.approve.name, status: t('status_approved') }))).toBeVisible();
        await expect(mine.getByText(filled(language, 'self_service', 'person_status', { name: who.decline.name, status: t('status_declined') }))).toBeVisible();
        await expect(mine.getByText(answerText)).toBeVisible();
        const unread = await unreadOnServer(user);
        expect(unread).toBeGreaterThan(0);
        await expectUnreadCount(user, language, unread);
        await user.goto('/notices');
        const answered = filled(language, 'self_service', 'notice_request_answered', { actor: 'Adele Vance', product: TEAMS.name });
        const item = user.getByRole('listitem').filter({ hasText: answered });
        await expect(item).toHaveCount(1);
        await expectNoAxeViolations(user);
        await item.getByRole('button', { name: filled(language, 'self_service', 'mark_read_label', { what: answered }) }).click();
        await expect(item.getByText(t('unread'), { exact: true })).toHaveCount(0);
        await expect(item).toBeFocused();
        await expectUnreadCount(user, language, unread - 1);
      } finally {
        await setTeamsPremium(admin, 'allow');
        await admin.context().close();
        await user.context().close();
      }
    });
  }
});

for (const language of LANGUAGES) {
  test.describe(`${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });
    test(`${language}: a product allowed for trials only offers only Start free trial, and the server refuses buying it`, async ({ page }) => {
      await page.goto('/sign-in');
      await new SignInPage(page, language).signInAndWait(TEAM_LEADS[language]);
      await page.goto('/purchase');
      const card = page.getByRole('listitem', { name: CLIPCHAMP });
      await expect(card.getByText(text(language, 'self_service', 'trials_only_note'))).toBeVisible();
      await expect(card.getByRole('button')).toHaveCount(1);
      await expect(card.getByRole('button')).toHaveAccessibleName(`${text(language, 'purchase', 'start_free_trial')} ${CLIPCHAMP}`);
      // Whatever a page sends, buying it is refused.
      const bought = await postPurchase(page.request, 'prd_clipchamp_eur', 1, CARDS[language]);
      expect(bought.status()).toBe(403);
      expect((await bought.json()).error.code).toBe('trials_only');
    });
  });
}

test('an admin sees Settings > Self-service in the navigation, a user does not, and the page fits 390 px', async ({ browser }) => {
  const user = await signedIn(browser, 'en', TEAM_LEADS.en);
  await expect(user.getByRole('link', { name: text('en', 'self_service', 'nav_self_service') })).toHaveCount(0);
  await user.context().close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const admin = await context.newPage();
  await admin.goto('/settings/self-service');
  await new SignInPage(admin, 'en').signInAndWait(ADELE);
  await expect(admin.getByRole('group', { name: TEAMS.name })).toBeVisible();
  const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(admin);
  await admin.getByRole('button', { name: text('en', 'shell', 'menu') }).click();
  await expect(admin.getByRole('link', { name: text('en', 'self_service', 'nav_self_service') })).toBeVisible();
  await context.close();
});
