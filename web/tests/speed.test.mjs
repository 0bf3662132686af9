// In-browser speed against native on one core, on the default scenario
// (4 of its replications, for CI time): events per second of the page's run
// (its replications, in the worker) and of `callsim run --threads 1`. Each is measured three times, taking
// turns, and the best of each is compared (the machine may be shared).
// The playground must reach at least half the native speed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { ARTIFACTS, CALLSIM, ROOT, runAndWait, setText, start } from './harness.mjs';

const REPLICATIONS = 4;

const ROUNDS = 3;

/** Events per second of one native run of the default scenario on one thread. */
function native() {
  const begin = process.hrtime.bigint();
  const out = execFileSync(CALLSIM, ['run', '--replications', String(REPLICATIONS), '--format', 'json', '--threads', '1', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  return JSON.parse(out).events / seconds;
}

test('the browser runs the default scenario at least half as fast as native on one core', async () => {
  const h = await start();
  try {
    const page = await h.page();
    const text = await page.inputValue('#editor-a textarea');
    await setText(page, 'editor-a', text.replace(/^replications = \d+/m, `replications = ${REPLICATIONS}`));
    const browser = [];
    const cli = [];
    for (let i = 0; i < ROUNDS; i++) {
      cli.push(native());
      const { events, seconds } = await runAndWait(page);
      browser.push(events / seconds);
    }
    const best = (xs) => Math.max(...xs);
    const ratio = best(browser) / best(cli);
    const line =
      `default scenario (${REPLICATIONS} replications), best of ${ROUNDS}: browser ${Math.round(best(browser))} events/s, ` +
      `native (1 thread) ${Math.round(best(cli))} events/s, ratio ${ratio.toFixed(3)}`;
    console.log(line);
    writeFileSync(`${ARTIFACTS}speed.txt`, `${line}\nbrowser: ${browser.join(' ')}\nnative: ${cli.join(' ')}\n`);
    assert.ok(ratio >= 0.5, line);
  } finally {
    await h.close();
  }
});
