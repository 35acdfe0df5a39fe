#!/usr/bin/env bash
# The billing portal's one task entry point (README and .ci/run use it).
#
#   ./tasks.sh run    install what is missing, build the app, start the portal (SQLite, demo data)
#   ./tasks.sh test   install what is missing, run every test: native, browser (wasm), end-to-end
#   ./tasks.sh bench  print figures: the app's download size, the API's latency
#
# Both are idempotent: tools already installed and builds already done are skipped.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The OpenAPI fuzzer of the API contract test (crates/server/tests/contract/).
SCHEMATHESIS_VERSION=4.32.5

# Trunk 0.22 needs a newer rustc than this project's; see ../shared/TOOLCHAIN.md.
TRUNK_VERSION=0.21.14
# The wasm splitter (scripts/build-wasm.mjs); it must match the wasm_split_helpers in Cargo.lock.
WASM_SPLIT_VERSION=0.2.4

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# wasm-bindgen-cli must match the wasm-bindgen crate exactly; Cargo.lock says which that is.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
    step "Installing Trunk $TRUNK_VERSION (about 10 minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
    step "Installing wasm-bindgen-cli $wbg (a few minutes, once)"
    # Without --locked: its own lockfile asks for a crate version the registry does not serve.
    cargo install wasm-bindgen-cli --version "=$wbg"
  fi
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    step "Installing wasm-split-cli $WASM_SPLIT_VERSION (a few minutes, once)"
    cargo install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
  fi
}

# npm: binaryen's wasm-opt (Debian's breaks the module), esbuild (minifies the JS glue), Playwright and axe.
setup_npm() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing npm packages"
    npm ci --no-fund --no-audit
  fi
}

# Debian's Chromium and its driver; browsers are never downloaded.
setup_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    step "Installing Chromium and ChromeDriver from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
}

# The server suite once more on PostgreSQL: Debian's, installed when missing, in a throwaway
# cluster of its own on loopback (trust auth, no fsync: nothing in it outlives the run), so
# every behaviour is proven on both backends. PORTAL_TEST_POSTGRES_PORT picks the port.
test_server_on_postgres() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    step "Installing PostgreSQL from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  fi
  local bin dir port="${PORTAL_TEST_POSTGRES_PORT:-55432}"
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  dir="$(mktemp -d /tmp/portal-test-pg.XXXXXX)"
  local as_owner=()
  # PostgreSQL refuses to run as root: the cluster then belongs to the postgres user.
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_owner=(runuser -u postgres --); fi
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U portal --auth=trust -E UTF8 --no-sync >/dev/null
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
  local status=0
  step "Native tests: the server over real HTTP and PostgreSQL $("$bin/postgres" --version | awk '{print $3}')"
  PORTAL_TEST_POSTGRES_URL="postgres://portal@127.0.0.1:$port/postgres" \
    cargo test --locked -p portal-server --test api || status=$?
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -w -s -m fast stop || true
  rm -rf "$dir"
  return "$status"
}

# The API contract test: schemathesis, pinned, in a venv of its own, against the real server on
# a fresh demo database, every check on (crates/server/tests/contract/run.py says how).
test_api_contract() {
  local venv="$ROOT/target/contract-venv"
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION\$"; then
    step "Installing schemathesis $SCHEMATHESIS_VERSION (PyPI, once)"
    if ! python3 -m venv --clear "$venv" 2>/dev/null; then
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      python3 -m venv --clear "$venv"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  step "API contract: schemathesis $SCHEMATHESIS_VERSION against the server's OpenAPI document"
  cargo build --locked -p portal-server
  "$venv/bin/python" crates/server/tests/contract/run.py "$ROOT/target/debug/portal-server" \
    --max-examples "${PORTAL_CONTRACT_EXAMPLES:-25}"
}

build_app() {
  step "Building the app (release: one wasm chunk per area, wasm-opt -Oz, precompressed)"
  trunk build --release
}

cmd_run() {
  setup_rust
  setup_npm
  build_app
  step "Building the server (optimized)"
  cargo build --profile server --locked -p portal-server
  step "Starting the portal"
  PORTAL_DIST="${PORTAL_DIST:-$ROOT/dist}" exec "$ROOT/target/server/portal-server"
}

cmd_test() {
  setup_rust
  setup_npm
  setup_chromium
  step "Formatting and lints"
  cargo fmt --all --check
  cargo clippy --locked --workspace --all-targets -- -D warnings
  step "Native tests: shared types, server over real HTTP and SQLite, app logic"
  cargo test --locked --workspace
  test_server_on_postgres
  test_api_contract
  step "Browser tests: wasm-bindgen-test in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --locked --target wasm32-unknown-unknown -p portal --test web
  build_app
  step "End-to-end tests: Playwright against the real server and the release build"
  cargo build --locked -p portal-server
  playwright test --config e2e/playwright.config.ts
  step "All tests passed"
}

# Figures, not pass/fail: the app's transfer size, the API's latency, the Licenses page with 10,000 assigned.
cmd_bench() {
  setup_rust
  setup_npm
  build_app
  step "App size: every file of the build (raw, and the .gz / .br the build wrote beside it)"
  local total_raw=0 total_gz=0 total_br=0 raw gz br
  printf '%-60s %10s %10s %10s\n' file raw gzip brotli
  for f in $(find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) | sort); do
    raw=$(stat -c %s "$f"); gz=$(stat -c %s "$f.gz"); br=$(stat -c %s "$f.br")
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
    printf '%-60s %10d %10d %10d\n' "${f#dist/}" "$raw" "$gz" "$br"
  done
  printf '%-60s %10d %10d %10d\n' "total (all chunks, js, css)" "$total_raw" "$total_gz" "$total_br"
  step "First-load bytes per route (signed in, brotli), from the browser's requests"
  setup_chromium
  cargo build --locked -p portal-server
  playwright test --config e2e/playwright.config.ts e2e/tests/first-load.spec.ts --reporter=line
  step "API latency over real HTTP (server profile, SQLite)"
  cargo bench --profile server --locked -p portal-server --bench api_latency
  step "The admin's purchase list with 5,000 subscriptions (server profile, SQLite)"
  cargo bench --profile server --locked -p portal-server --bench admin_purchases
  step "Directory search and seat accounting on 100,000 people (server profile, SQLite)"
  cargo bench --profile server --locked -p portal-server --bench licenses
  step "Licenses: a product's details page with 10,000 people assigned, in Chromium"
  setup_chromium
  command -v sqlite3 >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3
  cargo build --locked -p portal-server
  node e2e/bench/licenses-10k.mjs
  step "First screen: a product's Licenses page, the app against a hand-written DOM page"
  node e2e/bench/first-screen.mjs
  step "Lighthouse, mobile preset: Your products and a product's Licenses page (installs Lighthouse into target/bench-tools once)"
  node e2e/bench/lighthouse.mjs
}

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  bench) cmd_bench ;;
  *)
    echo "usage: ./tasks.sh run | test | bench" >&2
    exit 2
    ;;
esac
