#!/usr/bin/env bash
# Builds, serves and tests the yibao estimator.
#
#   ./build.sh           build the deployable site into dist/ (copy that folder to any static host)
#   ./build.sh serve     build, then serve dist/ at http://127.0.0.1:8080 (PORT=... to change)
#   ./build.sh test      everything: fmt, clippy, the Rust tests, then dist/ and the browser tests
#   ./build.sh budgets   build, then measure the page budgets (size, Lighthouse, recompute time)
#                        and record them in docs/PERFORMANCE.md
#   ./build.sh bench-batch [WORKDIR]
#                        the batch against OpenFisca and numpy on the same million persons
#                        (../shared/bench/run_anchors.sh first); prints one table (PERFORMANCE.md)
#   ./build.sh fuzz [SECONDS]
#                        run each fuzz target of fuzz/ for SECONDS (default 60), one after another;
#                        fails if any crashes (not part of `test`; docs/RELIABILITY.md)
#
# Whatever is missing is installed first (each step is skipped quickly when already present): the
# wasm32 target, the wasm-bindgen CLI matching Cargo.lock, Debian's chromium (for the tests), and
# the npm dev dependencies of package.json (binaryen for wasm-opt, playwright-core, lighthouse).
# `fuzz` also needs a nightly toolchain and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"

WASM_TARGET=wasm32-unknown-unknown
CHROMIUM=/usr/bin/chromium
# The WebAssembly is built with this nightly when it can be installed: building the standard
# library with the `immediate-abort` panic strategy leaves out panic formatting, about 9 KB gzip of
# every first visit (DESIGN.md). Pinned, so every build compiles the same way; without it, the
# stable toolchain builds a working (larger) site.
NIGHTLY=nightly-2026-05-20

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

ensure_twiggy() {
  # For the budgets' breakdown of the engine by part; the budgets run without it if it fails.
  if ! command -v twiggy >/dev/null 2>&1; then
    say "Installing twiggy (size profiles)"
    cargo install twiggy || true
  fi
}

ensure_nightly() {
  # Succeeds when the pinned nightly with its standard-library source is there (installing it if
  # it can); the caller falls back to stable otherwise.
  if [ "${YIBAO_STABLE_WASM:-}" = 1 ]; then return 1; fi
  if rustup run "$NIGHTLY" rustc --version >/dev/null 2>&1 &&
    rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
    return 0
  fi
  say "Installing $NIGHTLY with rust-src (for a smaller WebAssembly)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src >&2 || return 1
}

# Builds one variant of the engine's WebAssembly and puts it in dist/pkg/<name>.js and
# <name>_bg.wasm. Extra arguments go to cargo (features).
build_wasm() {
  local name=$1 dir file
  shift
  # OPT=speed builds for speed rather than size (the batch page's build; DESIGN.md).
  # For size (DESIGN.md, "Why talc, and why these flags?"): LLVM inlines nothing it is not asked
  # to (-inline-threshold=0, −1 KB gzip on the page's engine), and JS values are kept in
  # wasm-bindgen's JS-side table rather than as `externref` (−0.6 KB, glue included).
  local opt=z wopt=-Oz size="-Cllvm-args=-inline-threshold=0 -Ctarget-feature=-reference-types"
  # The standard library, built here from source, in its own smaller variants
  # (optimize_for_size: −1.7 KB on the page's engine).
  local std_features=optimize_for_size
  if [ "${OPT:-size}" = speed ]; then opt=3 wopt=-O3 size= std_features=; fi
  if ensure_nightly; then
    dir=target/wasm-nightly-$name
    # No panic locations either (-Zlocation-detail=none): nothing would ever print them.
    CARGO_PROFILE_WASM_OPT_LEVEL=$opt \
      RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none $size" \
      cargo "+$NIGHTLY" build -p yibao-wasm \
      --target "$WASM_TARGET" --profile wasm -Z build-std=std,panic_abort \
      ${std_features:+-Z build-std-features=$std_features} --target-dir "$dir" "$@"
  else
    dir=target/wasm-stable-$name
    CARGO_PROFILE_WASM_OPT_LEVEL=$opt RUSTFLAGS="$size" \
      cargo build -p yibao-wasm --target "$WASM_TARGET" --profile wasm --target-dir "$dir" "$@"
  fi
  file="$dir/$WASM_TARGET/wasm/yibao_wasm.wasm"
  wasm-bindgen --target web --no-typescript --out-dir dist/pkg --out-name "$name" "$file"
  # binaryen from npm (pinned in package.json); Debian's wasm-opt corrupts this module. Functions
  # with one caller are not inlined: the copies compress worse than the calls (DESIGN.md).
  local features="--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
  local wasm="dist/pkg/${name}_bg.wasm"
  # shellcheck disable=SC2086 # $features is a list of flags
  node_modules/.bin/wasm-opt "$wopt" --one-caller-inline-max-function-size 0 --converge $features \
    --strip-debug --strip-producers "$wasm" -o "$wasm"
  if [ "${OPT:-size}" != speed ]; then
    # The imports from the glue under short names, in both files (scripts/short-imports.mjs;
    # −0.7 KB on the page's engine).
    node scripts/short-imports.mjs "$wasm" "dist/pkg/$name.js"
    # Functions and data segments in an order gzip compresses better (scripts/order-wasm.mjs;
    # −2.7 KB on the page's engine). wasm-opt moves the bodies and renumbers the calls.
    node scripts/order-wasm.mjs names "$wasm" "$wasm.named"
    # shellcheck disable=SC2086
    node_modules/.bin/wasm-opt --reorder-functions-by-name $features --strip-debug --strip-producers \
      "$wasm.named" -o "$wasm"
    rm -f "$wasm.named"
    node scripts/order-wasm.mjs data "$wasm"
  fi
}

build_dist() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm
  rm -rf dist
  mkdir -p dist/pkg
  say "Building the engine for WebAssembly: the public API (pkg/yibao.js)"
  build_wasm yibao
  say "Building the engine for WebAssembly: the resident's page build (pkg/resident.js)"
  build_wasm resident --no-default-features
  say "Building the engine for WebAssembly: the agencies' build (pkg/agency.js)"
  build_wasm agency --features agency
  say "Building the engine for WebAssembly: the batch page's build (pkg/batch.js)"
  OPT=speed build_wasm batch --features batch
  say "Assembling dist/"
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
  # The page's own engine is built with no default features (build_wasm resident): the same
  # lints for that set, natively, so an import only the full builds use cannot hide there.
  cargo clippy --lib --no-default-features -- -D warnings
  say "cargo test"
  cargo test --workspace
  build_dist
  build_cli
  ensure_chromium
  say "Browser tests (Chromium)"
  node --test --test-concurrency=1 tests/e2e/
}

FUZZ_TARGETS=(scenario_text js_values policy_toml)

ensure_cargo_fuzz() {
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    say "Installing the nightly toolchain (for cargo-fuzz)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    say "Installing cargo-fuzz"
    cargo install cargo-fuzz
  fi
}

# Runs each fuzz target for $1 seconds, one after another, each as one libFuzzer process. New
# inputs go to fuzz/target/corpus/<target> (kept between runs, not in git); the committed seeds in
# fuzz/corpus/<target> are only read. A crash leaves its input in fuzz/artifacts/<target>/.
run_fuzz() {
  local seconds=${1:-60} t failed=()
  if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "build.sh: fuzz takes a number of seconds, not '$seconds'" >&2
    exit 2
  fi
  ensure_cargo_fuzz
  for t in "${FUZZ_TARGETS[@]}"; do
    say "Fuzzing $t for ${seconds}s"
    mkdir -p "fuzz/target/corpus/$t"
    local args=(-max_total_time="$seconds" -jobs=1 -workers=1 -print_final_stats=1)
    if [ -f "fuzz/$t.dict" ]; then args+=("-dict=fuzz/$t.dict"); fi
    local corpora=("fuzz/target/corpus/$t")
    if [ -d "fuzz/corpus/$t" ]; then corpora+=("fuzz/corpus/$t"); fi
    if ! cargo +nightly fuzz run "$t" "${corpora[@]}" -- "${args[@]}"; then
      failed+=("$t")
    fi
    # With -jobs, libFuzzer also writes its output to fuzz-0.log here; keep it with the target.
    if [ -f fuzz-0.log ]; then mv -f fuzz-0.log "fuzz/target/$t.log"; fi
  done
  if [ "${#failed[@]}" -gt 0 ]; then
    echo "build.sh: fuzzing failed in: ${failed[*]} (a crash leaves its input in fuzz/artifacts/)" >&2
    exit 1
  fi
  say "No crash in ${FUZZ_TARGETS[*]} (${seconds}s each)"
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
    ensure_twiggy
    say "Measuring the page budgets"
    node scripts/budgets.mjs
    ;;
  bench-batch)
    say "Benchmarking the batch against the peers (../shared/bench)"
    node scripts/bench-batch.mjs "${2:-target/bench-batch}"
    ;;
  fuzz)
    run_fuzz "${2:-60}"
    ;;
  -h | --help | help)
    # The comment at the top, up to the first line that is not a comment.
    sed -n '2,/^[^#]/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    ;;
  *)
    echo "build.sh: unknown command '$cmd' (try: ./build.sh help)" >&2
    exit 2
    ;;
esac
