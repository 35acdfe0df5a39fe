// Figures, not a test: the Licenses product details page with 10,000 people assigned.
// Starts the server on a fresh SQLite database seeded large (100,000 people), gives Megan's
// Power BI Pro 10,040 licenses and assigns 10,000 people directly in SQL (bench-only: the
// product allows at most a few hundred licenses per purchase), then in Chromium measures
// navigation to the list painted, paging, searching, selecting all that match and a scroll.
//
//   trunk build --release && cargo build -p portal-server && node e2e/bench/licenses-10k.mjs
//
// Needs the sqlite3 command-line tool. BENCH_PORT (default 18290) and RUNS (default 5) can be set.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bin, CHROMIUM, CHROMIUM_ARGS, MEGAN, median, root, startPortal } from './portal.mjs';

const port = Number(process.env.BENCH_PORT ?? 18290);
const runs = Number(process.env.RUNS ?? 5);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-licenses-'));
const db = path.join(dir, 'bench.db');
const product = 'prd_power_bi_pro_eur';

const { base, ready: waitForServer, stop } = startPortal({ port, database: db, seed: 'large' });

function line(label, values) {
  console.log(`${label.padEnd(58)} median ${median(values).toFixed(0).padStart(5)} ms   (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`);
}

/** Milliseconds from `action` until `done(arg)` holds in the page and a frame has painted. */
async function timeUntil(page, action, done, arg = null) {
  const start = await page.evaluate(() => performance.now());
  await action();
  await page.waitForFunction(done, arg, { polling: 'raf', timeout: 30_000 });
  const end = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))));
  return end - start;
}

const started = Date.now();
await waitForServer();
console.log(`server seeded large and up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
execFileSync('sqlite3', [db], {
  input: `PRAGMA busy_timeout = 10000;
UPDATE subscriptions SET total_licenses = 10040 WHERE id = 'sub_megan_power_bi';
INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at)
  SELECT 'sub_megan_power_bi', id, 'org_contoso', 'usr_megan', 1790000000 + (abs(random()) % 5000000)
  FROM users WHERE organization_id = 'org_contoso' AND password_hash IS NULL
    AND id NOT IN (SELECT user_id FROM license_assignments WHERE subscription_id = 'sub_megan_power_bi')
  ORDER BY id LIMIT (10000 - (SELECT COUNT(*) FROM license_assignments WHERE subscription_id = 'sub_megan_power_bi'));
`,
});
const assigned = execFileSync('sqlite3', [db, "SELECT COUNT(*) FROM license_assignments WHERE subscription_id = 'sub_megan_power_bi'"]).toString().trim();
console.log(`Power BI Pro: ${assigned} people assigned`);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const context = await browser.newContext({ baseURL: base, locale: 'en-US', viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto('/sign-in');
await page.getByLabel('Email', { exact: true }).fill(MEGAN.email);
await page.getByLabel('Password', { exact: true }).fill(MEGAN.password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

const rows = 'table.people-table tbody tr';
const range = () => document.querySelector('.pager-range')?.textContent ?? '';
const figures = { load: [], inApp: [], next: [], search: [], sort: [], selectAll: [], scrollFrame: [], scroll: [] };
for (let run = 0; run < runs; run++) {
  // A full load: navigation start (wasm download and start-up included) to the first rows painted.
  await page.goto(`/billing/licenses/${product}`);
  await page.waitForSelector(rows);
  figures.load.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))));

  // In the app: Licenses page, select the product, rows painted.
  await page.goto('/billing/licenses');
  const link = page.getByRole('link', { name: 'Power BI Pro' });
  await link.waitFor();
  figures.inApp.push(await timeUntil(page, () => link.click(), (s) => document.querySelectorAll(s).length > 0, rows));

  let before = await page.evaluate(range);
  figures.next.push(await timeUntil(page, () => page.getByRole('button', { name: 'Next' }).click(), (b) => (document.querySelector('.pager-range')?.textContent ?? '') !== b && document.querySelector('table.people-table')?.getAttribute('aria-busy') === 'false', before));

  before = await page.evaluate(range);
  figures.sort.push(await timeUntil(page, () => page.getByLabel('Sort by').selectOption('date_desc'), () => document.querySelector('table.people-table')?.getAttribute('aria-busy') === 'false' && document.querySelector('.pager-range')?.textContent?.startsWith('1–')));

  // Search (includes the 250 ms pause the page waits for typing to stop).
  figures.search.push(await timeUntil(page, () => page.getByLabel('Search by name or email').fill('anna'), () => !(document.querySelector('.pager-range')?.textContent ?? '').includes('10,000') && document.querySelector('table.people-table')?.getAttribute('aria-busy') === 'false'));
  await page.getByLabel('Search by name or email').fill('');
  await page.waitForFunction(() => (document.querySelector('.pager-range')?.textContent ?? '').includes('10,000'));

  figures.selectAll.push(await timeUntil(page, async () => {
    await page.getByRole('checkbox', { name: 'Select everyone on this page' }).check();
    await page.getByRole('button', { name: /Select all 10,000 that match/ }).click();
  }, () => (document.querySelector('.selected-count')?.textContent ?? '').includes('10,000')));
  await page.getByRole('button', { name: 'Clear selection' }).click();

  // Scroll the page from top to bottom in 20 steps; the longest frame and the whole scroll.
  const scroll = await page.evaluate(async () => {
    window.scrollTo(0, 0);
    const frames = [];
    const start = performance.now();
    let last = start;
    const height = document.documentElement.scrollHeight - innerHeight;
    for (let i = 1; i <= 20; i++) {
      window.scrollTo(0, (height * i) / 20);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    return { longest: Math.max(...frames), total: performance.now() - start, rows: document.querySelectorAll('table.people-table tbody tr').length, nodes: document.getElementsByTagName('*').length };
  });
  figures.scrollFrame.push(scroll.longest);
  figures.scroll.push(scroll.total);
  if (run === 0) console.log(`rows in the DOM: ${scroll.rows}; elements on the page: ${scroll.nodes}`);
}

console.log(`\nProduct details with ${assigned} people assigned (${runs} runs, Chromium headless, server ${path.relative(root, bin)}):`);
line('full load: navigation start -> first rows painted', figures.load);
line('in app: select Power BI Pro on Licenses -> rows painted', figures.inApp);
line('Next page -> rows painted', figures.next);
line('sort by date (newest first) -> rows painted', figures.sort);
line('search "anna" -> rows painted (incl. 250 ms debounce)', figures.search);
line('select page + "Select all 10,000 that match"', figures.selectAll);
line('scroll top to bottom, 20 steps: longest frame', figures.scrollFrame);
line('scroll top to bottom, 20 steps: whole scroll', figures.scroll);
await browser.close();
stop();
process.exit(0);
