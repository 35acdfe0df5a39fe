// The first download's budget, and what a page's code costs: byte counts are deterministic
// (the same build gives the same figures), so this test may fail the build; times are the
// bench's (./tasks.sh bench).
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DEMO_PASSWORD, MEGAN, SignInPage, text } from '../support/portal';

/**
 * Everything a signed-in person downloads before Your products' table shows, brotli. The
 * target is 150 KB (issue 10, open); this ceiling is what the build has reached so far and may
 * only come down: a change that grows the first load past it fails here. It was 425 KB with
 * issue 9's pages; Leptos' erase_components took it to 402 KB, and Your products' action panes
 * as their own chunk (checkout, the card form, price lines: fetched when a pane opens) to 294 KB;
 * issue 12's shared components, landed beside it, put 4.8 KB back into the main module (300 KB).
 * Your products in the main module instead of a chunk of its own took it to 259 KB; integer
 * fallbacks in format.rs (no float formatting), minified JS glue and relative source paths to 249 KB;
 * sign-in as a chunk (a signed-in visit never shows it) to 237 KB.
 */
const FIRST_LOAD_BUDGET = 238_000;
const FIRST_LOAD_TARGET = 150_000;

const dist = path.resolve(__dirname, '../../dist');

/** The brotli size of a file of the build: its .br copy, or compressed here (index.html). */
function brotliBytes(urlPath: string): number {
  const file = path.join(dist, urlPath === '/' || !path.extname(urlPath) ? 'index.html' : urlPath);
  if (fs.existsSync(`${file}.br`)) return fs.statSync(`${file}.br`).size;
  const bytes = fs.readFileSync(file);
  return zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

/** The app's own files (not the API) the page requests from now on, by path. */
function recordAppFiles(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/config.json') files.push(url.pathname);
  });
  return files;
}

function report(label: string, files: string[]): number {
  const unique = [...new Set(files)];
  const total = unique.reduce((sum, file) => sum + brotliBytes(file), 0);
  console.log(`${label}: ${total} bytes brotli (${unique.map((f) => `${path.basename(f)} ${brotliBytes(f)}`).join(', ')})`);
  return total;
}

test('a signed-in first visit to Your products downloads at most the budget before the table shows', async ({ page }) => {
  const signIn = await page.request.post('/api/session', { data: { email: MEGAN, password: DEMO_PASSWORD } });
  expect(signIn.ok()).toBeTruthy();
  const files = recordAppFiles(page);
  await page.goto('/billing/products');
  await expect(page.getByRole('table', { name: text('en', 'your_products', 'products_tab') })).toBeVisible();
  const total = report('first load of /billing/products', files);
  console.log(`first load: ${total} B; ceiling ${FIRST_LOAD_BUDGET} B; target ${FIRST_LOAD_TARGET} B`);
  expect(files.filter((f) => f.includes('split_')), 'Your products is in the main module: no page chunk before its table').toEqual([]);
  expect(total, `first load ${total} B is over the ${FIRST_LOAD_BUDGET} B budget`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
});

test('every other area loads its own chunk when first opened, and a deep link preloads it beside the main module', async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page).signInAndWait();
  await expect(page.getByRole('table', { name: text('en', 'your_products', 'products_tab') })).toBeVisible();
  for (const [entry, chunk] of [['licenses', 'licenses'], ['bills_and_payments', 'bills_and_payments'],
    ['billing_accounts', 'billing_accounts'], ['purchase_services', 'purchase'], ['help', 'help']]) {
    const files = recordAppFiles(page);
    await page.getByRole('navigation', { name: text('en', 'shell', 'main_navigation') })
      .getByRole('link', { name: text('en', 'shell', entry), exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(files.some((f) => f.includes(`split_${chunk}`)), `${entry} loads split_${chunk}`).toBeTruthy();
    report(`chunk for ${entry}`, files);
  }

  // A reload on a deep link asks for its chunk from index.html, before the app runs.
  await page.goto('/billing/licenses');
  const preloads = await page.locator('link[rel="preload"][as="fetch"]').evaluateAll((links) =>
    links.map((link) => (link as HTMLLinkElement).href));
  expect(preloads.some((href) => href.includes('split_licenses'))).toBeTruthy();
});

test('a chunk that cannot load says so in the language with Retry, and Retry loads it', async ({ page }) => {
  await page.goto('/billing/products');
  await new SignInPage(page).signInAndWait();
  await expect(page.getByRole('table', { name: text('en', 'your_products', 'products_tab') })).toBeVisible();
  await page.route('**/split_help*.wasm', (route) => route.abort('connectionrefused'));
  await page.getByRole('navigation', { name: text('en', 'shell', 'main_navigation') })
    .getByRole('link', { name: text('en', 'shell', 'help'), exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(text('en', 'errors', 'network'));
  await page.unroute('**/split_help*.wasm');
  await page.getByRole('button', { name: text('en', 'shell', 'retry') }).click();
  await expect(page.getByRole('heading', { level: 1, name: text('en', 'help', 'title') })).toBeVisible();
  // and the app is not left broken: another page still opens
  await page.getByRole('navigation', { name: text('en', 'shell', 'main_navigation') })
    .getByRole('link', { name: text('en', 'shell', 'your_products'), exact: true }).click();
  await expect(page.getByRole('table', { name: text('en', 'your_products', 'products_tab') })).toBeVisible();
});
