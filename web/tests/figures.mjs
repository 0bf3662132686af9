// How the WebAssembly build's report compares with the native one.
//
// Natively `f64::exp` and `ln` (which the samplers and the Student-t
// quantile call) come from the platform's math library (glibc); on wasm32
// from the one compiled into Rust's standard library (a port of FreeBSD's
// msun). They differ in the last bit for about one argument in ten, so the
// two builds' figures can differ in their last digits. What holds instead
// of byte equality, and what `agree` checks: the same keys, the same events
// (the same trajectory length), and every statistic's wasm mean inside the
// native 95% interval (mean ± ci95); statistics without an interval (one
// replication) must be equal.
import assert from 'node:assert/strict';

/** Asserts that report `wasm` agrees with `native` (both JSON text) as above; returns how they differ. */
export function agree(wasm, native) {
  const w = JSON.parse(wasm);
  const n = JSON.parse(native);
  let leaves = 0;
  let differing = 0;
  let maxRelative = 0;
  let worst = '';
  const walk = (a, b, path) => {
    if (typeof b === 'number') {
      assert.equal(typeof a, 'number', `${path}: a number natively`);
      leaves++;
      if (a !== b) {
        differing++;
        const r = Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
        if (r > maxRelative) [maxRelative, worst] = [r, path];
      }
      return;
    }
    if (b === null || typeof b !== 'object') {
      assert.deepEqual(a, b, path);
      return;
    }
    assert.deepEqual(Object.keys(a), Object.keys(b), `${path}: the same keys in the same order`);
    if (typeof b.mean === 'number' && 'ci95' in b) {
      if (b.ci95 === null) assert.equal(a.mean, b.mean, `${path}: no interval, so equal`);
      else assert.ok(Math.abs(a.mean - b.mean) <= b.ci95, `${path}: wasm ${a.mean} outside native ${b.mean} ± ${b.ci95}`);
    }
    for (const k of Object.keys(b)) walk(a[k], b[k], `${path}.${k}`);
  };
  walk(w, n, '');
  assert.equal(w.events, n.events, 'the same events');
  return { identical: wasm === native, leaves, differing, maxRelative, worst };
}
