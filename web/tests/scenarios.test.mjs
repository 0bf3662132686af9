// Every bundled scenario run by the WebAssembly build against the native
// CLI (`callsim run SCENARIO --format json`): byte for byte where the math
// libraries agree, else every figure within its native interval (see
// figures.mjs); each test prints which. The wasm module runs here in Node's
// V8, the engine of Chromium: WebAssembly's arithmetic is deterministic, so
// this is what the page computes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import init, { Session, bundled, validate } from '../pkg/callsim_web.js';
import { agree } from './figures.mjs';
import { ROOT, callsim } from './harness.mjs';

await init({ module_or_path: readFileSync(new URL('../pkg/callsim_web_bg.wasm', import.meta.url)) });

/** The report of `text` (named `file`) as the page computes it. */
function wasmJson(text, file) {
  const session = new Session(text, file);
  try {
    while (session.done() < session.total()) session.step();
    return session.json();
  } finally {
    session.free();
  }
}

const scenarios = JSON.parse(bundled());

test('the bundled list is the default then every file of scenarios/', () => {
  assert.equal(scenarios[0].file, 'scenarios/tollfree-vs-did.toml (bundled)');
  assert.equal(scenarios[0].text, readFileSync(`${ROOT}scenarios/tollfree-vs-did.toml`, 'utf8'));
  for (const s of scenarios.slice(1)) assert.equal(s.text, readFileSync(`${ROOT}${s.file}`, 'utf8'), s.file);
  assert.equal(scenarios.length, 10);
});

/** Replications each scenario runs here (its own when fewer): CI time. */
const REPLICATIONS = 3;

/** `text` with at most `REPLICATIONS` replications, and the CLI flags that do the same. */
function shortened(file, text) {
  const own = Number(/^replications = (\d+)/m.exec(text)?.[1] ?? 10);
  // large.toml has one replication, so no intervals: it runs two here.
  const n = file === 'scenarios/large.toml' ? 2 : Math.min(own, REPLICATIONS);
  let edited = text.replace(/^replications = \d+/m, `replications = ${n}`);
  const flags = ['--replications', String(n)];
  // It takes minutes a replication: both builds run 1 hour of it.
  if (file === 'scenarios/large.toml') {
    edited = edited.replace('horizon = "7d"', 'horizon = "1h"');
    flags.push('--horizon', '1h');
  }
  return { edited, flags };
}

for (const { file, text } of scenarios) {
  test(`${file}: the wasm report agrees with the native one`, (t) => {
    const args = file.endsWith('(bundled)') ? [] : [file];
    const { edited, flags } = shortened(file, text);
    const wasm = wasmJson(edited, file);
    const native = callsim('run', ...args, ...flags, '--format', 'json', '--quiet');
    const d = agree(wasm, native);
    t.diagnostic(
      d.identical
        ? 'byte for byte identical'
        : `${d.differing} of ${d.leaves} figures differ, at most ${d.maxRelative.toExponential(2)} relative (${d.worst}); all within their intervals`,
    );
  });
}

test('validation names the TOML path and the line of each problem', () => {
  const text = scenarios[0].text.replace(/channels = \d+/, 'channels = 0').replace('horizon = "28d"', 'horizon = "soon"');
  const result = JSON.parse(validate(text, 'x.toml'));
  assert.equal(result.ok, false);
  const lines = text.split('\n');
  const horizon = result.problems.find((p) => p.path === 'simulation.horizon');
  assert.ok(horizon, JSON.stringify(result.problems));
  assert.match(lines[horizon.line - 1], /^horizon = "soon"/);
  assert.ok(JSON.parse(validate(scenarios[0].text, 'x.toml')).ok);
  const empty = JSON.parse(validate('', 'x.toml'));
  assert.equal(empty.ok, false);
  assert.match(empty.problems[0].message, /empty/);
  assert.throws(() => new Session('[simulation]\nhorizon = 3', 'x.toml'), (e) => JSON.parse(e).problems[0].line === 2);
});
