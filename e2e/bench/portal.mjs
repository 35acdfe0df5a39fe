// What the browser benches share: the real server on a fresh SQLite database, Chromium's
// flags for this machine, and the median.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = process.env.PORTAL_SERVER_BIN ?? path.join(root, 'target/debug/portal-server');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Chromium on a closed network: no background connections that the machine would refuse. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const MEGAN = { email: 'megan.bowen@contoso.example', password: 'Portal-demo-2026' };

/**
 * Starts the portal on `port` with `database` (a file path), hosting `dist`, seeded with `seed`
 * (demo or large); stopped when this process exits. `ready()` resolves once /api/health answers.
 */
export function startPortal({ port, database, dist = path.join(root, 'dist'), seed = 'demo' }) {
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(bin, [], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite://${database}`, PORTAL_DIST: dist, PORTAL_SEED: seed, RUST_LOG: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => server.kill();
  process.on('exit', stop);
  async function ready() {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the server did not start');
  }
  return { base, ready, stop };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
