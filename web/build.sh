#!/usr/bin/env bash
# Builds the playground: the callsim library compiled to WebAssembly
# (web/wasm, release, opt-level "z") and its JavaScript bindings in web/pkg/.
# Needs the Rust target and the wasm-bindgen CLI of the lockfile's version:
#   rustup target add wasm32-unknown-unknown
#   cargo install --locked wasm-bindgen-cli --version "$(web/build.sh --wasm-bindgen-version)"
# Then serve web/ (node web/serve.mjs) and open http://127.0.0.1:8080/.
set -euo pipefail
cd "$(dirname "$0")"

# The wasm-bindgen version web/wasm/Cargo.lock pins (the CLI must match it exactly).
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' wasm/Cargo.lock)
if [[ "${1:-}" == "--wasm-bindgen-version" ]]; then
  echo "$version"
  exit 0
fi

if ! command -v wasm-bindgen >/dev/null 2>&1; then
  echo "wasm-bindgen not found: cargo install --locked wasm-bindgen-cli --version $version" >&2
  exit 1
fi
have=$(wasm-bindgen --version | awk '{ print $2 }')
if [[ "$have" != "$version" ]]; then
  echo "wasm-bindgen $have found, web/wasm/Cargo.lock needs $version: cargo install --locked wasm-bindgen-cli --version $version" >&2
  exit 1
fi

cargo build --locked --manifest-path wasm/Cargo.toml --target wasm32-unknown-unknown --release
rm -rf pkg
wasm-bindgen --target web --no-typescript --out-dir pkg wasm/target/wasm32-unknown-unknown/release/callsim_web.wasm
# wasm-opt (binaryen) shrinks the module further when it is installed; the page works without it.
# (binaryen 108, Debian 12's, cannot read what Rust 1.95 emits: then the module is kept as built.)
if command -v wasm-opt >/dev/null 2>&1; then
  if wasm-opt --all-features -Oz -o pkg/callsim_web_bg.opt.wasm pkg/callsim_web_bg.wasm; then
    mv pkg/callsim_web_bg.opt.wasm pkg/callsim_web_bg.wasm
  else
    rm -f pkg/callsim_web_bg.opt.wasm
    echo "wasm-opt failed: the module is kept as cargo and wasm-bindgen built it" >&2
  fi
fi
bytes=$(wc -c < pkg/callsim_web_bg.wasm)
gzipped=$(gzip -9 -c pkg/callsim_web_bg.wasm | wc -c)
echo "web/pkg/callsim_web_bg.wasm: $bytes bytes ($gzipped gzipped)"
