#!/usr/bin/env bash
# Builds the playground: the callsim library compiled to WebAssembly
# (web/wasm, release) as web/pkg/callsim_web_bg.wasm, beside its
# hand-written glue web/pkg/callsim_web.js (from web/wasm/callsim_web.js;
# the exports it calls are in web/wasm/src/abi.rs). Needs the Rust target
# and Node.js (which strips the module's custom sections):
#   rustup target add wasm32-unknown-unknown
# Then serve web/ (node web/serve.mjs) and open http://127.0.0.1:8080/.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1; then
  echo "node not found: the build strips the module with Node.js (20 or newer)" >&2
  exit 1
fi

cargo build --locked --manifest-path wasm/Cargo.toml --target wasm32-unknown-unknown --release
rm -rf pkg
mkdir pkg
cp wasm/target/wasm32-unknown-unknown/release/callsim_web.wasm pkg/callsim_web_bg.wasm
cp wasm/callsim_web.js pkg/callsim_web.js
node wasm/strip.mjs pkg/callsim_web_bg.wasm
# No wasm-opt: binaryen 108 (Debian 12's) rewrites this module with features
# V8 does not enable by default (typed function references), and the module
# is no larger than wasm-bindgen made it before.
bytes=$(wc -c < pkg/callsim_web_bg.wasm)
gzipped=$(gzip -9 -c pkg/callsim_web_bg.wasm | wc -c)
echo "web/pkg/callsim_web_bg.wasm: $bytes bytes ($gzipped gzipped)"
