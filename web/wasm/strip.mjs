// Removes the custom sections of a WebAssembly module in place (node
// wasm/strip.mjs FILE): the browser bindings some dependencies link leave
// a large one (`__wasm_bindgen_unstable`) that only a bindings generator
// reads, and the page needs none. Code, data, imports and exports are kept
// byte for byte.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const bytes = readFileSync(file);
const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
if (bytes.length < 8 || header.some((b, i) => bytes[i] !== b)) throw new Error(`${file}: not a WebAssembly module (version 1)`);

/** The unsigned LEB128 at `at`: [value, the offset after it]. */
function leb(at) {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const b = bytes[at++];
    if (b === undefined) throw new Error(`${file}: truncated section size`);
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, at];
  }
  throw new Error(`${file}: section size too long`);
}

const kept = [bytes.subarray(0, 8)];
let removed = 0;
for (let at = 8; at < bytes.length; ) {
  const id = bytes[at];
  const [size, body] = leb(at + 1);
  const end = body + size;
  if (end > bytes.length) throw new Error(`${file}: section ${id} runs past the end`);
  if (id === 0) removed += end - at;
  else kept.push(bytes.subarray(at, end));
  at = end;
}
writeFileSync(file, Buffer.concat(kept));
console.log(`${file}: ${removed} bytes of custom sections removed`);
