// The first screen: on a phone the page's heading is in view and the navigation folds behind
// Menu (a WAI-ARIA disclosure); on any screen nothing moves while the app starts.
import { expect, test, type Page } from '@playwright/test';
import { SignInPage, expectNoAxeViolations, text } from '../support/portal';

/** The layout shift score of everything the page did so far (CLS without session windows). */
async function layoutShift(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) total += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 100);
  }));
}

test.describe('on a 390 × 844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' });

  test('the heading is in the first screen, the navigation opens from Menu and Escape closes it', async ({ page }) => {
    await page.goto('/billing/products');
    await new SignInPage(page, 'sv').signInAndWait();
    const heading = page.getByRole('heading', { level: 1, name: text('sv', 'your_products', 'title') });
    await expect(heading).toBeVisible();
    const box = await heading.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(844);
    const navigation = page.getByRole('navigation', { name: text('sv', 'shell', 'main_navigation') });
    await expect(navigation).toBeHidden();

    const menu = page.getByRole('button', { name: text('sv', 'shell', 'menu') });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(navigation).toBeVisible();
    await expectNoAxeViolations(page);
    await navigation.getByRole('link', { name: text('sv', 'shell', 'licenses'), exact: true }).focus();
    await page.keyboard.press('Escape');
    await expect(navigation).toBeHidden();
    await expect(menu).toBeFocused();

    // choosing a page closes the menu
    await menu.click();
    await navigation.getByRole('link', { name: text('sv', 'shell', 'licenses'), exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: text('sv', 'licenses', 'title') })).toBeVisible();
    await expect(navigation).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
  });

  test('nothing is cut off: wide tables scroll inside their own box, not the page', async ({ page }) => {
    await page.goto('/billing/licenses');
    await new SignInPage(page, 'sv').signInAndWait();
    await expect(page.getByRole('table')).toBeVisible();
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    await expectNoAxeViolations(page);
  });
});

test('a signed-in visit paints the shell frame first and nothing shifts as the app takes over', async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page).signInAndWait();
  await expect(page.getByRole('table', { name: text('en', 'your_products', 'products_tab') })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('table', { name: text('en', 'your_products', 'products_tab') })).toBeVisible();
  const shift = await layoutShift(page);
  console.log(`layout shift on a reload of /billing/products: ${shift.toFixed(4)}`);
  expect(shift).toBeLessThanOrEqual(0.02);
});
