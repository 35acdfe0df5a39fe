// The product details page a page at a time: 55 people assigned (through the API) show as 50
// and 5; "Select all 55 that match" reaches past the page shown, and unassigns everyone after
// the confirmation; Export downloads every one of them. English only: the words are the same
// keys the five-language spec checks.
import { expect, test } from '@playwright/test';
import { SignInPage, buyThroughApi, expectNoAxeViolations, text } from '../support/portal';

const FIRST_NAMES = ['pieter', 'sanne', 'stefan', 'thijs', 'tobias', 'ulla', 'wiebke', 'oskar', 'noah', 'niels', 'max', 'mette'];

test('55 people show a page at a time; select all that match and unassign them; export them all', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/sign-in');
  await new SignInPage(page, 'en').signInAndWait('patti.fernandez@contoso.example');
  const product = 'prd_power_apps_premium_eur';
  await buyThroughApi(page.request, product, 60, 'pm_patti_visa');

  // 55 people of the organization who have no Power Apps Premium license yet.
  const ids = new Set<string>();
  for (const name of FIRST_NAMES) {
    const found = await (await page.request.get(`/api/directory?search=${name}&product_id=${product}`)).json();
    for (const p of found.people) if (!p.has_license && ids.size < 55) ids.add(p.user_id);
  }
  expect(ids.size).toBe(55);
  const all = [...ids];
  for (let i = 0; i < all.length; i += 20) {
    const response = await page.request.post(`/api/licenses/${product}/assignments`, {
      data: { user_ids: all.slice(i, i + 20) },
    });
    expect(response.status()).toBe(200);
  }

  await page.goto(`/billing/licenses/${product}`);
  const table = page.getByRole('table', { name: text('en', 'licenses', 'people_heading') });
  await expect(table.locator('tbody tr')).toHaveCount(50);
  const pager = page.getByRole('navigation', { name: text('en', 'licenses', 'pages') });
  await expect(pager).toContainText('1–50 of 55');
  await expect(pager.getByRole('button', { name: text('en', 'licenses', 'previous_page') })).toBeDisabled();
  await pager.getByRole('button', { name: text('en', 'licenses', 'next_page') }).click();
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await expect(pager).toContainText('51–55 of 55');
  await expect(pager.getByRole('button', { name: text('en', 'licenses', 'next_page') })).toBeDisabled();
  await pager.getByRole('button', { name: text('en', 'licenses', 'previous_page') }).click();
  await expect(table.locator('tbody tr')).toHaveCount(50);

  const csv = await page.request.get(await page.getByRole('link', { name: text('en', 'licenses', 'export') }).getAttribute('href') ?? '');
  expect(csv.status()).toBe(200);
  expect((await csv.text()).trim().split('\r\n')).toHaveLength(56);

  await page.getByRole('checkbox', { name: text('en', 'licenses', 'select_page') }).check();
  await page.getByRole('button', { name: 'Select all 55 that match' }).click();
  await expect(page.getByText('All 55 that match are selected.')).toBeVisible();
  await expect(page.getByText('Selected: 55')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: text('en', 'licenses', 'unassign_licenses') }).click();
  const dialog = page.getByRole('alertdialog', { name: text('en', 'licenses', 'unassign_licenses') });
  await expect(dialog).toContainText('(55)');
  await dialog.getByRole('button', { name: text('en', 'licenses', 'unassign'), exact: true }).click();
  await expect(page.locator('.status-line')).toContainText('Licenses unassigned: 55.');
  await expect(page.getByText(text('en', 'licenses', 'no_people'))).toBeVisible();
});
