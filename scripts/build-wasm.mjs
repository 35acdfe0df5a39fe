// Builds the app's wasm for Trunk (its post_build hook, see Trunk.toml) and finishes dist/.
//
// Release (`trunk build --release`): the wasm is cut into one chunk per billing area
// (src/chunks.rs), as cargo-leptos does it:
//   1. cargo build --features split, linked with --emit-relocs, in its own target dir;
//   2. wasm-split-cli cuts it at the split points (main module, split_<area>.wasm, shared chunk_N.wasm);
//   3. wasm-bindgen on the main module;
//   4. wasm-opt -Oz on every .wasm, and esbuild --minify on the two JS files;
// then everything goes into one folder named by a hash of its contents (pkg-<16 hex>/), so the
// CDN may cache it forever, index.html learns which files each page needs (a deep link preloads
// its page's chunks beside the main module), and every cacheable file gets .br and .gz beside it.
//
// Debug (`trunk serve`): one unsplit wasm, quickly, in the same layout.
//
// Trunk runs this with TRUNK_PROFILE and TRUNK_STAGING_DIR set; `node scripts/build-wasm.mjs
// <dir> release` runs it by hand.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
const release = (process.env.TRUNK_PROFILE ?? process.argv[3]) === 'release';
if (!staging) throw new Error('usage: node scripts/build-wasm.mjs <staging dir> [release|debug]');

const NAME = 'portal';
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');

function run(command, args, env = {}) {
  console.log(`build-wasm: ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

// A fresh clone has no target/ yet when the app is built first (`./tasks.sh run`).
fs.mkdirSync(target, { recursive: true });
const work = fs.mkdtempSync(path.join(target, 'build-wasm-'));
const pkg = path.join(work, 'pkg');
fs.mkdirSync(pkg);

/** Which files each split point needs, read from the loader wasm-split-cli writes. */
let chunks = {};

if (release) {
  // Its own target dir: the relocation flag would otherwise rebuild the normal target.
  // erase_components (Leptos 0.8) renders every component through AnyView instead of its own
  // nested view type: less generic code per component, 5 % less first load and 15-20 % smaller
  // page chunks (issue 10; the e2e suite runs on this build).
  // The source paths a panic message names are written relative (the project's, the registry's,
  // the standard library's), so the same commit builds the same bytes in any checkout.
  const splitTarget = path.join(target, 'split');
  const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { cwd: root, encoding: 'utf8' }).trim();
  const cargoHome = process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo');
  const remap = [[root, '.'], [cargoHome, 'cargo'], [sysroot, 'rust']]
    .map(([from, to]) => `--remap-path-prefix=${from}=${to}`).join(' ');
  run('cargo', ['build', '--locked', '--release', '--target', 'wasm32-unknown-unknown', '--bin', NAME,
    '--features', 'split', '--target-dir', splitTarget],
  { RUSTFLAGS: `-Clink-args=--emit-relocs --cfg erase_components ${remap}` });
  const built = path.join(splitTarget, 'wasm32-unknown-unknown/release', `${NAME}.wasm`);
  const split = path.join(work, 'split');
  fs.mkdirSync(split);
  run('wasm-split-cli', ['--target', 'web', '--out-name', NAME, built, split]);
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', pkg,
    '--out-name', NAME, path.join(split, `${NAME}.wasm`)]);
  for (const file of fs.readdirSync(split)) {
    if (file !== `${NAME}.wasm`) fs.copyFileSync(path.join(split, file), path.join(pkg, file));
  }
  for (const file of fs.readdirSync(pkg).filter((f) => f.endsWith('.wasm'))) {
    const wasm = path.join(pkg, file);
    run('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
      '--enable-reference-types', wasm, '-o', wasm]);
  }
  chunks = splitPoints(fs.readFileSync(path.join(pkg, '__wasm_split.js'), 'utf8'));
  // wasm-bindgen's and wasm-split's glue, minified: 2.4 KB brotli less on the first load.
  for (const file of [`${NAME}.js`, '__wasm_split.js']) {
    const js = path.join(pkg, file);
    fs.writeFileSync(js, esbuild.transformSync(fs.readFileSync(js, 'utf8'), { minify: true, format: 'esm' }).code);
  }
} else {
  run('cargo', ['build', '--target', 'wasm32-unknown-unknown', '--bin', NAME]);
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', pkg, '--out-name', NAME,
    path.join(target, 'wasm32-unknown-unknown/debug', `${NAME}.wasm`)]);
}

// One folder named by the hash of everything in it: a new build never reuses an old name.
const hash = createHash('sha256');
for (const file of fs.readdirSync(pkg).sort()) hash.update(file).update(fs.readFileSync(path.join(pkg, file)));
const folder = `pkg-${hash.digest('hex').slice(0, 16)}`;
for (const old of fs.readdirSync(staging).filter((f) => f.startsWith('pkg-'))) {
  fs.rmSync(path.join(staging, old), { recursive: true });
}
fs.cpSync(pkg, path.join(staging, folder), { recursive: true });
fs.rmSync(work, { recursive: true });

// index.html: the loader's folder, and the files of each chunk for the deep-link preload.
const indexPath = path.join(staging, 'index.html');
const index = fs.readFileSync(indexPath, 'utf8');
if (!index.includes('__PKG__')) throw new Error('index.html has no __PKG__ placeholder');
fs.writeFileSync(indexPath, index.replaceAll('__PKG__', folder).replace('__CHUNKS__', JSON.stringify(chunks)));

if (release) precompress(staging);
console.log(`build-wasm: ${folder} (${release ? `split: ${Object.keys(chunks).join(', ')}` : 'unsplit'})`);

/**
 * `{ area: ["split_area.wasm", "chunk_3.wasm", …] }` from __wasm_split.js, which declares
 * `const __chunk_N = makeLoad(() => { … "./chunk_N.wasm" … }, []);` for shared chunks and
 * `export const __wasm_split_load_area = wrapAsyncCb(makeLoad(… "./split_area.wasm" …, [__chunk_N, …]));`.
 */
function splitPoints(loader) {
  const chunkFile = {};
  for (const m of loader.matchAll(/const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/(chunk_\d+\.wasm)"/g)) {
    chunkFile[m[1]] = m[2];
  }
  const points = {};
  const exports = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\);/g;
  for (const m of loader.matchAll(exports)) {
    const own = /"\.\/(split_\w+\.wasm)"/.exec(m[2]);
    const deps = m[3].split(',').map((d) => d.trim()).filter(Boolean).map((d) => chunkFile[d]);
    if (deps.includes(undefined)) throw new Error(`unknown chunk in ${m[0]}`);
    points[m[1]] = [...(own ? [own[1]] : []), ...deps];
  }
  if (Object.keys(points).length === 0) throw new Error('no split points found in __wasm_split.js');
  return points;
}

/** Writes .br (quality 11) and .gz (level 9) beside every file a CDN may cache for long. */
function precompress(dir) {
  for (const entry of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    if (!fs.statSync(file).isFile() || !/\.(wasm|js|css|svg)$/.test(file)) continue;
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
  }
}
