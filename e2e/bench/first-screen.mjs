// Figures, not a test: how fast a product's Licenses page shows its first 50 rows, for the app
// and for a floor: a hand-written DOM page that fetches the same JSON from the same server and
// paints the same 50 rows, with no framework and no wasm. The ratio is the figure to watch
// (target: the app within 2x the floor); both run in one browser, one after the other, so the
// machine's load affects both alike.
//
//   trunk build --release && cargo build -p portal-server && node e2e/bench/first-screen.mjs
//
// BENCH_PORT (default 18291) and RUNS (default 9) can be set.
import { chromium } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, MEGAN, median, root, startPortal } from './portal.mjs';

const port = Number(process.env.BENCH_PORT ?? 18291);
const runs = Number(process.env.RUNS ?? 9);
const product = 'prd_power_bi_pro_eur';

// The floor page lives in a copy of dist/ so the server hosts it beside the app, same origin.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-first-screen-'));
const dist = path.join(dir, 'dist');
fs.cpSync(path.join(root, 'dist'), dist, { recursive: true });
// Its script is a file of its own: the server's Content-Security-Policy allows only index.html's inline scripts.
fs.writeFileSync(path.join(dist, 'floor.html'), `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title><link rel="stylesheet" href="/${fs.readdirSync(dist).find((f) => /^main-.*\.css$/.test(f))}"></head>
<body><main class="content"><h1>Power BI Pro</h1><table class="data-table people-table"><tbody></tbody></table></main>
<script type="module" src="/floor.js"></script></body></html>`);
fs.writeFileSync(path.join(dist, 'floor.js'), `
const get = (p) => fetch('/api' + p, { credentials: 'include' }).then((r) => r.json());
const [product, page] = await Promise.all([get('/licenses/${product}'), get('/licenses/${product}/people?sort=name&order=asc&offset=0&limit=50')]);
document.querySelector('h1').textContent = product.product_name;
const body = document.querySelector('tbody');
for (const person of page.people) {
  const row = body.insertRow();
  row.insertCell().textContent = person.display_name;
  row.insertCell().textContent = person.email;
  row.insertCell().textContent = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(person.assigned_at));
}
`);

const { base, ready } = startPortal({ port, database: path.join(dir, 'bench.db'), dist });
await ready();

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const context = await browser.newContext({ baseURL: base, locale: 'en-US' });
const signIn = await context.request.post('/api/session', { data: MEGAN });
if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);

/** Milliseconds from navigation start to `rows` rows painted, cold cache each time. */
async function rowsPainted(url, rows) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction((n) => document.querySelectorAll('table.people-table tbody tr').length >= n, rows, { polling: 'raf', timeout: 30_000 });
  const ms = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))));
  await page.close();
  return ms;
}

const app = [], floor = [];
const expected = Math.min(50, (await (await context.request.get(`/api/licenses/${product}/people?offset=0&limit=50`)).json()).people.length);
for (let run = 0; run < runs; run++) {
  app.push(await rowsPainted(`/billing/licenses/${product}`, expected));
  floor.push(await rowsPainted('/floor.html', expected));
}
console.log(`A product's Licenses page, navigation start -> ${expected} rows painted (${runs} runs each, cold cache, Chromium headless):`);
console.log(`  app   median ${median(app).toFixed(0).padStart(5)} ms  (min ${Math.min(...app).toFixed(0)}, max ${Math.max(...app).toFixed(0)})`);
console.log(`  floor median ${median(floor).toFixed(0).padStart(5)} ms  (min ${Math.min(...floor).toFixed(0)}, max ${Math.max(...floor).toFixed(0)})`);
console.log(`  app / floor = ${(median(app) / median(floor)).toFixed(2)}x (target <= 2x)`);
await browser.close();
process.exit(0);
