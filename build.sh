#!/usr/bin/env bash
# Builds, serves and tests the yibao estimator.
#
#   ./build.sh           build the deployable site into dist/ (copy that folder to any static host)
#   ./build.sh serve     build, then serve dist/ at http://127.0.0.1:8080 (PORT=... to change)
#   ./build.sh test      everything: fmt, clippy, the Rust tests, then dist/ and the browser tests
#   ./build.sh budgets   build, then measure the page budgets (size, Lighthouse, recompute time)
#                        and record them in docs/PERFORMANCE.md
#
# Whatever is missing is installed first (each step is skipped quickly when already present): the
# wasm32 target, the wasm-bindgen CLI matching Cargo.lock, Debian's chromium (for the tests), and
# the npm dev dependencies of package.json (binaryen for wasm-opt, playwright-core, lighthouse).
set -euo pipefail
cd "$(dirname "$0")"

WASM_TARGET=wasm32-unknown-unknown
WASM_FILE="target/$WASM_TARGET/wasm/yibao_wasm.wasm"
CHROMIUM=/usr/bin/chromium

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    say "Installing the Rust target $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
}

ensure_wasm_bindgen() {
  local want have
  # The version the wasm crate is locked to; the CLI must match it exactly.
  want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ -z "$want" ]; then
    echo "build.sh: cannot find wasm-bindgen in Cargo.lock" >&2
    exit 1
  fi
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want (found: ${have:-none})"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_chromium() {
  if [ ! -x "$CHROMIUM" ]; then
    say "Installing Debian's chromium"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
}

ensure_npm() {
  # Reinstall only when package.json or the lock file changed since the last install.
  local stamp=node_modules/.yibao-stamp sum
  sum=$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -x node_modules/.bin/wasm-opt ]; then
    return
  fi
  say "Installing npm dev dependencies"
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
  echo "$sum" >"$stamp"
}

build_dist() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm
  say "Building the engine for WebAssembly (profile wasm)"
  cargo build -p yibao-wasm --target "$WASM_TARGET" --profile wasm
  say "Assembling dist/"
  rm -rf dist
  mkdir -p dist/pkg
  wasm-bindgen --target web --no-typescript --out-dir dist/pkg --out-name yibao "$WASM_FILE"
  # binaryen from npm (pinned in package.json); Debian's wasm-opt corrupts this module.
  node_modules/.bin/wasm-opt -Oz \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    --strip-debug --strip-producers \
    dist/pkg/yibao_bg.wasm -o dist/pkg/yibao_bg.wasm
  node scripts/build-site.mjs dist
}

build_cli() {
  say "Building the command line (release)"
  cargo build --release
}

run_tests() {
  say "cargo fmt --check"
  cargo fmt --all -- --check
  say "cargo clippy"
  cargo clippy --workspace --all-targets -- -D warnings
  say "cargo test"
  cargo test --workspace
  build_dist
  build_cli
  ensure_chromium
  say "Browser tests (Chromium)"
  node --test --test-concurrency=1 tests/e2e/
}

cmd=${1:-build}
case "$cmd" in
  build | "")
    build_dist
    ;;
  serve)
    build_dist
    say "Serving dist/"
    exec node scripts/serve.mjs dist "${PORT:-8080}"
    ;;
  test)
    run_tests
    ;;
  budgets)
    build_dist
    build_cli
    ensure_chromium
    say "Measuring the page budgets"
    node scripts/budgets.mjs
    ;;
  -h | --help | help)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    echo "build.sh: unknown command '$cmd' (try: ./build.sh help)" >&2
    exit 2
    ;;
esac
