// Billing > Licenses, in all five languages: find people by typing part of their name (the
// server folds accents, so "bjorn" finds "Bjørn"), add three, assign, see them listed; select
// two and unassign them after confirming; the 21st person is refused and too few licenses
// point to Buy licenses; assign by keyboard only; axe on the page, the pane and the dialog.
// Each language signs in as its own person (seeded with a card and nothing bought), who buys
// what the test works on through the API first; people are assigned per product across the
// organization, so every language assigns different people.
import { expect, test, type Page } from '@playwright/test';
import {
  BROWSER_LOCALE,
  LANGUAGES,
  type Language,
  buyThroughApi,
  escapeRegex,
  expectNoAxeViolations,
  filled,
  signIn,
  text,
} from '../support/portal';

type Find = { type: string; name: string };

const PEOPLE: Record<Language, { email: string; card: string; assign: Find[]; keyboard: Find[] }> = {
  en: {
    email: 'patti.fernandez@contoso.example',
    card: 'pm_patti_visa',
    assign: [
      { type: 'soren', name: 'Søren Ørsted' },
      { type: 'anna mul', name: 'Anna Müller' },
      { type: 'henrik ab', name: 'Henrik Åberg' },
    ],
    keyboard: [
      { type: 'bjorn ek', name: 'Bjørn Ek' },
      { type: 'ingrid mul', name: 'Ingrid Müller' },
    ],
  },
  da: {
    email: 'pradeep.gupta@contoso.example',
    card: 'pm_pradeep_visa',
    assign: [
      { type: 'jakob ab', name: 'Jakob Åberg' },
      { type: 'hanna mol', name: 'Hanna Møller' },
      { type: 'frida mul', name: 'Frida Müller' },
    ],
    keyboard: [
      { type: 'bjorn rich', name: 'Bjørn Richter' },
      { type: 'mathilde scha', name: 'Mathilde Schäfer' },
    ],
  },
  de: {
    email: 'johanna.lorenz@contoso.example',
    card: 'pm_johanna_visa',
    assign: [
      { type: 'gustav mul', name: 'Gustav Müller' },
      { type: 'julia mul', name: 'Julia Müller' },
      { type: 'camille jor', name: 'Camille Jørgensen' },
    ],
    keyboard: [
      { type: 'nora sor', name: 'Nora Sørensen' },
      { type: 'rasmus scha', name: 'Rasmus Schäfer' },
    ],
  },
  nl: {
    email: 'grady.archie@contoso.example',
    card: 'pm_grady_visa',
    assign: [
      { type: 'thijs ode', name: 'Thijs Ødegaard' },
      { type: 'karin sor', name: 'Karin Sørensen' },
      { type: 'lotte mul', name: 'Lotte Müller' },
    ],
    keyboard: [
      { type: 'zoe ab', name: 'Zoë Åberg' },
      { type: 'anna mul', name: 'Anna Müller' },
    ],
  },
  sv: {
    email: 'miriam.graham@contoso.example',
    card: 'pm_miriam_visa',
    assign: [
      { type: 'linnea ab', name: 'Linnea Åberg' },
      { type: 'mads sor', name: 'Mads Sørensen' },
      { type: 'mia mol', name: 'Mia Møller' },
    ],
    keyboard: [
      { type: 'linnea ab', name: 'Linnea Åberg' },
      { type: 'julia mul', name: 'Julia Müller' },
    ],
  },
};
/** 21 first names: each finds people the others do not. */
const FIRST_NAMES = [
  'anna', 'astrid', 'bjorn', 'camille', 'daan', 'emma', 'eva', 'finn', 'frida', 'gustav', 'hanna',
  'henrik', 'ida', 'ingrid', 'jakob', 'jens', 'julia', 'kai', 'karin', 'lena', 'liam',
];

function pane(page: Page, language: Language) {
  return page.getByRole('dialog', { name: text(language, 'licenses', 'assign_title') });
}

/** Types part of a name into the directory search and picks the person from the results. */
async function find(page: Page, language: Language, person: Find) {
  const combobox = pane(page, language).getByRole('combobox', { name: text(language, 'licenses', 'find_label') });
  await combobox.fill(person.type);
  const option = page.getByRole('option', { name: new RegExp(`^${escapeRegex(person.name)}`) });
  await expect(combobox).toHaveAttribute('aria-expanded', 'true');
  await option.click();
  await expect(pane(page, language).getByRole('listitem').filter({ hasText: person.name })).toBeVisible();
}

for (const language of LANGUAGES) {
  test.describe(`${language}`, () => {
    test.use({ locale: BROWSER_LOCALE[language] });
    const person = PEOPLE[language];

    test('find three people by part of their name, assign them, then unassign two after confirming', async ({
      page,
    }) => {
      await signIn(page, language, person.email);
      await buyThroughApi(page.request, 'prd_visio_plan_2_eur', 25, person.card);

      await page.goto('/billing/licenses');
      const row = page.getByRole('row', { name: /Visio Plan 2/ });
      await expect(row.getByRole('cell')).toHaveText(['0', '25', '25']);
      await expectNoAxeViolations(page);
      await row.getByRole('link', { name: 'Visio Plan 2' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Visio Plan 2' })).toBeVisible();
      await expect(page.getByText(text(language, 'licenses', 'no_people'))).toBeVisible();

      await page.getByRole('button', { name: text(language, 'licenses', 'assign_licenses') }).first().click();
      const assignPane = pane(page, language);
      const combobox = assignPane.getByRole('combobox', { name: text(language, 'licenses', 'find_label') });
      await expect(combobox).toBeFocused();
      // Jürgen already has a Visio Plan 2 license (Megan's): shown as such, and not to be added.
      await combobox.fill('jurgen');
      const jurgen = page.getByRole('option', { name: /^Jürgen Groß/ });
      await expect(jurgen).toHaveAttribute('aria-disabled', 'true');
      await expect(jurgen).toContainText(text(language, 'licenses', 'has_license'));
      await combobox.fill(person.assign[0].type);
      await expect(page.getByRole('option', { name: new RegExp(`^${escapeRegex(person.assign[0].name)}`) })).toBeVisible();
      await expectNoAxeViolations(page);
      for (const someone of person.assign) await find(page, language, someone);
      await expectNoAxeViolations(page);

      await assignPane.getByRole('button', { name: text(language, 'licenses', 'assign'), exact: true }).click();
      await expect(assignPane.getByText(filled(language, 'licenses', 'assigned_done', {
        product: 'Visio Plan 2',
        people: person.assign.map((p) => p.name).join(', '),
      }))).toBeVisible();
      const close = assignPane.locator('.pane-actions').getByRole('button', { name: text(language, 'shell', 'close') });
      await expect(close).toBeFocused();
      await close.click();
      await expect(assignPane).toBeHidden();

      const table = page.getByRole('table', { name: text(language, 'licenses', 'people_heading') });
      for (const someone of person.assign) await expect(table.getByRole('row', { name: new RegExp(escapeRegex(someone.name)) })).toBeVisible();
      await expect(page.locator('.license-counts dd').first()).toHaveText('3');
      await expectNoAxeViolations(page);

      for (const someone of person.assign.slice(0, 2)) {
        await page.getByRole('checkbox', { name: filled(language, 'licenses', 'select_person', { name: someone.name }) }).check();
      }
      const unassignButton = page.getByRole('button', { name: text(language, 'licenses', 'unassign_licenses') });
      await unassignButton.click();
      const dialog = page.getByRole('alertdialog', { name: text(language, 'licenses', 'unassign_licenses') });
      await expect(dialog.getByRole('button', { name: text(language, 'licenses', 'cancel') })).toBeFocused();
      await expectNoAxeViolations(page);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(unassignButton).toBeFocused();
      await unassignButton.click();
      await dialog.getByRole('button', { name: text(language, 'licenses', 'unassign'), exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(page.locator('.status-line')).toContainText(filled(language, 'licenses', 'unassigned_done', { count: 2 }));
      await expect(table.getByRole('row')).toHaveCount(2); // the header and the one still assigned
      await expect(table).toContainText(person.assign[2].name);
      await expect(page.locator('.license-counts dd').first()).toHaveText('1');
    });

    test('too few licenses point to Buy licenses, and the 21st person is refused', async ({ page }) => {
      test.setTimeout(120_000);
      await signIn(page, language, person.email);
      await buyThroughApi(page.request, 'prd_project_plan_3_eur', 3, person.card);
      await page.goto('/billing/licenses/prd_project_plan_3_eur');
      await page.getByRole('button', { name: text(language, 'licenses', 'assign_licenses') }).first().click();
      const assignPane = pane(page, language);
      const combobox = assignPane.getByRole('combobox', { name: text(language, 'licenses', 'find_label') });
      const chips = assignPane.locator('.chips li');
      for (const [i, first] of FIRST_NAMES.entries()) {
        await combobox.fill(first);
        await expect(combobox).toHaveAttribute('aria-expanded', 'true');
        await page.locator('[role=option]:not([aria-disabled])').first().click();
        if (i < 20) await expect(chips).toHaveCount(i + 1);
        if (i === 3) {
          const warning = assignPane.getByText(filled(language, 'licenses', 'not_enough', { available: 3, count: 4 }));
          await expect(warning).toBeVisible();
          await expect(assignPane.getByRole('link', { name: text(language, 'licenses', 'buy_licenses') })).toHaveAttribute(
            'href',
            '/billing/products',
          );
        }
      }
      await expect(chips).toHaveCount(20);
      await expect(assignPane.getByRole('alert').filter({ hasText: text(language, 'errors', 'too_many_people').replace('{{ max }}', '20') })).toBeVisible();
      // Removing one makes room again.
      await chips.first().getByRole('button').click();
      await expect(chips).toHaveCount(19);
      await expect(combobox).toBeFocused();
    });

    test('assign licenses by keyboard only', async ({ page }) => {
      await signIn(page, language, person.email);
      await buyThroughApi(page.request, 'prd_power_automate_premium_eur', 5, person.card);
      await page.goto('/billing/licenses/prd_power_automate_premium_eur');
      await expect(page.getByRole('heading', { level: 1, name: 'Power Automate Premium' })).toBeVisible();
      const assign = page.locator('#assign-licenses');
      for (let i = 0; i < 40 && !(await assign.evaluate((e) => e === document.activeElement)); i++) {
        await page.keyboard.press('Tab');
      }
      await expect(assign).toBeFocused();
      await page.keyboard.press('Enter');
      const assignPane = pane(page, language);
      const combobox = assignPane.getByRole('combobox');
      await expect(combobox).toBeFocused();
      for (const someone of person.keyboard) {
        await page.keyboard.type(someone.type);
        const option = page.getByRole('option', { name: new RegExp(`^${escapeRegex(someone.name)}`) });
        await expect(option).toBeVisible();
        // Move down to the person, then Enter adds them.
        for (let i = 0; i < 10 && (await option.getAttribute('aria-selected')) !== 'true'; i++) {
          await page.keyboard.press('ArrowDown');
        }
        await expect(combobox).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id')) ?? '');
        await page.keyboard.press('Enter');
        await expect(assignPane.locator('.chips')).toContainText(someone.name);
        await expect(combobox).toHaveValue('');
      }
      // Escape closes the results, not the pane.
      await page.keyboard.type('a');
      await expect(combobox).toHaveAttribute('aria-expanded', 'true');
      await page.keyboard.press('Escape');
      await expect(combobox).toHaveAttribute('aria-expanded', 'false');
      await expect(assignPane).toBeVisible();
      await page.keyboard.press('Backspace');

      const assignButton = assignPane.getByRole('button', { name: text(language, 'licenses', 'assign'), exact: true });
      for (let i = 0; i < 10 && !(await assignButton.evaluate((e) => e === document.activeElement)); i++) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      const close = assignPane.locator('.pane-actions').getByRole('button', { name: text(language, 'shell', 'close') });
      await expect(close).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(assignPane).toBeHidden();
      await expect(assign).toBeFocused();
      const table = page.getByRole('table', { name: text(language, 'licenses', 'people_heading') });
      for (const someone of person.keyboard) await expect(table).toContainText(someone.name);
    });
  });
}

test("an admin reads another person's licenses but cannot assign or unassign them", async ({ page }) => {
  await signIn(page, 'en', 'adele.vance@contoso.example');
  await page.goto('/billing/licenses?purchaser_id=usr_megan');
  await page.getByRole('row', { name: /Power BI Pro/ }).getByRole('link', { name: 'Power BI Pro' }).click();
  await expect(page).toHaveURL(/\/billing\/licenses\/prd_power_bi_pro_eur\?purchaser_id=usr_megan$/);
  await expect(page.getByText(text('en', 'licenses', 'read_only_note'))).toBeVisible();
  await page.getByLabel(text('en', 'licenses', 'search_label')).fill('soren');
  const table = page.getByRole('table', { name: text('en', 'licenses', 'people_heading') });
  await expect(table.getByRole('row', { name: /Søren Ørsted/ })).toBeVisible();
  await expect(page.getByRole('button', { name: text('en', 'licenses', 'assign_licenses') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: text('en', 'licenses', 'unassign_licenses') })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expectNoAxeViolations(page);
});
