// Playwright against the real server (a fresh SQLite database with demo data) serving the
// release build in dist/, in Debian's Chromium. `./tasks.sh test` builds both first.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 18090);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-'));
const server = process.env.PORTAL_SERVER_BIN ?? path.join(root, 'target/debug/portal-server');

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: server,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      PORTAL_DIST: path.join(root, 'dist'),
      PORTAL_SEED: 'demo',
      RUST_LOG: 'warn',
    },
  },
});
