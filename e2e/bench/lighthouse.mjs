// Figures, not a test: Lighthouse (mobile preset: a mid-range phone on a slow 4G link, simulated)
// on Your products and on a product's Licenses page, signed in as Megan, in Debian's Chromium.
// Targets (issue 10): performance >= 95 and accessibility 100 on each.
//
//   trunk build --release && cargo build -p portal-server && node e2e/bench/lighthouse.mjs
//
// Lighthouse is not one of the test suite's packages (CI's `npm ci` stays small): the first run
// installs the pinned version into target/bench-tools. BENCH_PORT (default 18292) can be set.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, MEGAN, root, startPortal } from './portal.mjs';

const LIGHTHOUSE = '12.8.2'; // the last release that runs on Node 20 (13 needs Node 22)
const tools = path.join(root, 'target/bench-tools');
const lighthouse = path.join(tools, 'node_modules/.bin/lighthouse');
const installed = path.join(tools, 'node_modules/lighthouse/package.json');
if (!fs.existsSync(installed) || JSON.parse(fs.readFileSync(installed, 'utf8')).version !== LIGHTHOUSE) {
  fs.mkdirSync(tools, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', tools, `lighthouse@${LIGHTHOUSE}`], { stdio: 'inherit' });
}

const port = Number(process.env.BENCH_PORT ?? 18292);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-lighthouse-'));
const { base, ready } = startPortal({ port, database: path.join(dir, 'bench.db') });
await ready();
const signIn = await fetch(`${base}/api/session`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(MEGAN),
});
if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

const pages = [['Your products', '/billing/products'], ["A product's Licenses page", '/billing/licenses/prd_power_bi_pro_eur']];
console.log(`Lighthouse ${LIGHTHOUSE}, mobile preset, signed in (Chromium headless):`);
for (const [name, route] of pages) {
  const report = path.join(dir, 'report.json');
  execFileSync(lighthouse, [`${base}${route}`, '--quiet', '--output=json', `--output-path=${report}`,
    '--only-categories=performance,accessibility', `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    `--chrome-flags=--headless=new ${CHROMIUM_ARGS.join(' ')}`], { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: 'inherit' });
  const { categories, audits } = JSON.parse(fs.readFileSync(report, 'utf8'));
  const score = (c) => Math.round(categories[c].score * 100);
  console.log(`  ${name.padEnd(28)} performance ${String(score('performance')).padStart(3)} (target >= 95)  accessibility ${String(score('accessibility')).padStart(3)} (target 100)`
    + `  FCP ${audits['first-contentful-paint'].displayValue}  LCP ${audits['largest-contentful-paint'].displayValue}`
    + `  TBT ${audits['total-blocking-time'].displayValue}  CLS ${audits['cumulative-layout-shift'].displayValue}`);
}
process.exit(0);
