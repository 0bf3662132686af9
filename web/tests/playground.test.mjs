// The playground in headless Chromium: it loads, runs the default scenario
// and downloads the JSON of `callsim run --format json` (the same keys,
// events and booleans, every figure within its native interval: see
// figures.mjs for why not byte for byte); bad edits are
// shown with their TOML path and block the run; Stop ends a long run and the
// page stays usable; a share link reloads the scenario; the charts render;
// Compare downloads the JSON of `callsim compare --format json`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { agree } from './figures.mjs';
import { ARTIFACTS, ROOT, callsim, downloaded, runAndWait, setText, start } from './harness.mjs';

const DEFAULT_TOML = readFileSync(`${ROOT}scenarios/tollfree-vs-did.toml`, 'utf8');

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h.close();
  assert.deepEqual(h.errors, [], 'no uncaught error in any page');
});

test('the default scenario runs and its JSON download agrees with the native CLI', async (t) => {
  const page = await h.page();
  const text = await page.inputValue('#editor-a textarea');
  assert.equal(text, DEFAULT_TOML, 'the embedded default is loaded at start');
  const { events } = await runAndWait(page);
  const json = await downloaded(page, '#download-json');
  const native = callsim('run', '--format', 'json');
  const d = agree(json, native);
  t.diagnostic(d.identical ? 'byte for byte identical' : `${d.differing} of ${d.leaves} figures differ, at most ${d.maxRelative.toExponential(2)} relative`);
  assert.equal(events, JSON.parse(native).events);
  const verdict = await page.textContent('#verdict');
  assert.match(verdict, /callers find a route/, 'the verdict sentence is shown');
  const html = await downloaded(page, '#download-html');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.equal((html.match(/<svg /g) ?? []).length, 2, 'the HTML report carries the two charts');
  await page.screenshot({ path: `${ARTIFACTS}playground-run.png`, fullPage: true });
  // The README's picture: the editor, the verdict and the top of the report.
  await page.screenshot({ path: `${ARTIFACTS}playground.png` });
  await page.close();
});

test('the charts render: non-blank SVG of their declared size', async () => {
  const page = await h.page();
  await setText(page, 'editor-a', DEFAULT_TOML.replace('replications = 10', 'replications = 2'));
  await runAndWait(page);
  const frame = page.frameLocator('#report');
  const charts = frame.locator('figure svg');
  assert.equal(await charts.count(), 2, 'concurrency and outage timeline');
  for (let i = 0; i < 2; i++) {
    const chart = charts.nth(i);
    const width = Number(await chart.getAttribute('width'));
    const height = Number(await chart.getAttribute('height'));
    assert.equal(width, 900);
    assert.ok(height >= 100, `chart ${i} height ${height}`);
    const box = await chart.boundingBox();
    assert.ok(Math.abs(box.width - width) < 1 && Math.abs(box.height - height) < 1, `chart ${i} shown at ${box.width}x${box.height}`);
    // Rasterised by the browser: how many pixels are not the white background.
    const inked = await chart.evaluate(async (svg) => {
      const img = new Image();
      img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(new XMLSerializer().serializeToString(svg))))}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let n = 0;
      for (let p = 0; p < data.length; p += 4) if (data[p] < 200 || data[p + 1] < 200 || data[p + 2] < 200) n++;
      return n / (img.width * img.height);
    });
    assert.ok(inked > 0.01, `chart ${i}: ${(inked * 100).toFixed(2)}% of its pixels drawn`);
  }
  await page.close();
});

test('a bad edit shows its TOML path beside its line and no run starts', async () => {
  const page = await h.page();
  const bad = DEFAULT_TOML.replace(/channels = \d+/, 'channels = -5');
  const line = bad.split('\n').findIndex((l) => l.includes('channels = -5')) + 1;
  await setText(page, 'editor-a', bad);
  const problems = await page.textContent('#problems-a');
  assert.match(problems, new RegExp(`line ${line}: link\\[0\\]\\.channels: `));
  const note = page.locator(`#editor-a .notes div[data-line="${line}"]`);
  assert.match(await note.textContent(), /link\[0\]\.channels/);
  assert.equal(await page.getAttribute(`#editor-a .gutter div:nth-child(${line})`, 'class'), 'bad');
  // A click on the problem puts the cursor on its line.
  await page.click('#problems-a li');
  const cursorLine = await page.evaluate(() => {
    const t = document.querySelector('#editor-a textarea');
    return t.value.slice(0, t.selectionStart).split('\n').length;
  });
  assert.equal(cursorLine, line);
  assert.ok(await page.isDisabled('#run'));
  await page.click('#run', { force: true });
  assert.ok(await page.isHidden('#progress'), 'no run started');
  assert.doesNotMatch(await page.textContent('#status'), /Running/);
  assert.ok(await page.isHidden('#results'));
  // A syntax error is placed on its line too.
  await setText(page, 'editor-a', DEFAULT_TOML.replace('[simulation]', '[simulation'));
  assert.match(await page.textContent('#problems-a'), /line \d+: /);
  assert.ok(await page.isDisabled('#run'));
  // Fixed, it runs again.
  await setText(page, 'editor-a', DEFAULT_TOML);
  assert.equal(await page.textContent('#problems-a'), '');
  assert.ok(!(await page.isDisabled('#run')));
  await page.close();
});

test('Stop ends a long run and the page stays usable', async () => {
  const page = await h.page();
  await setText(page, 'editor-a', DEFAULT_TOML.replace('replications = 10', 'replications = 500'));
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('progress').value >= 1, null, { timeout: 120_000 });
  // The page answers while the worker runs.
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  assert.ok(await page.isDisabled('#run'));
  await page.click('#stop');
  assert.match(await page.textContent('#status'), /Stopped after \d+ of 500 replications/);
  assert.ok(await page.isHidden('#progress'));
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await page.waitForTimeout(500);
  assert.match(await page.textContent('#status'), /Stopped after/, 'the fresh worker keeps the status');
  // A fresh worker takes the next run.
  await setText(page, 'editor-a', DEFAULT_TOML.replace('replications = 10', 'replications = 2').replace('horizon = "28d"', 'horizon = "2d"'));
  const { events } = await runAndWait(page);
  assert.ok(events > 0);
  assert.match(await page.textContent('#status'), /Done/);
  await page.close();
});

test('the share link reloads the same scenario', async () => {
  const page = await h.page();
  const edited = DEFAULT_TOML.replace('seed = 2026', 'seed = 77') + '\n# shared from the playground: ünïcode kept\n';
  await setText(page, 'editor-a', edited);
  await page.click('#share');
  await page.waitForFunction(() => location.hash.includes('s='));
  const url = page.url();
  assert.ok(!url.includes('seed'), 'the scenario is compressed, not spelled out');
  await page.close();
  const again = await h.page(url.slice(h.base.length));
  assert.equal(await again.inputValue('#editor-a textarea'), edited);
  await again.close();
});

test('Compare downloads the JSON of callsim compare', async (t) => {
  const page = await h.page();
  const a = 'scenarios/migration/forwarding.toml';
  const b = 'scenarios/migration/ported.toml';
  await page.check('#compare-mode');
  await page.selectOption('#pick-a', { label: a });
  await page.selectOption('#pick-b', { label: b });
  // Two replications (the baseline's count applies to both), for CI time.
  const text = await page.inputValue('#editor-a textarea');
  await setText(page, 'editor-a', text.replace(/^replications = \d+/m, 'replications = 2'));
  await runAndWait(page);
  const json = await downloaded(page, '#download-json');
  const d = agree(json, callsim('compare', a, b, '--replications', '2', '--format', 'json'));
  t.diagnostic(d.identical ? 'byte for byte identical' : `${d.differing} of ${d.leaves} figures differ, at most ${d.maxRelative.toExponential(2)} relative`);
  const bars = page.frameLocator('#report').locator('figure svg');
  assert.equal(await bars.count(), 1, 'the compare bars');
  assert.match(await page.textContent('#verdict'), /Against/);
  await page.screenshot({ path: `${ARTIFACTS}playground-compare.png`, fullPage: true });
  await page.close();
});

test('the current design compares against a saved one', async () => {
  const page = await h.page();
  const saved = DEFAULT_TOML.replace('replications = 10', 'replications = 2').replace('horizon = "28d"', 'horizon = "2d"');
  await setText(page, 'editor-a', saved);
  await page.click('#save');
  const edited = saved.replace('channels = 150', 'channels = 60');
  await setText(page, 'editor-a', edited);
  await page.check('#compare-mode');
  await page.selectOption('#pick-b', { label: 'Saved design: scenarios/tollfree-vs-did.toml (bundled)' });
  assert.equal(await page.inputValue('#editor-b textarea'), saved);
  assert.equal(await page.inputValue('#editor-a textarea'), edited);
  await runAndWait(page);
  assert.match(await page.textContent('#verdict'), /Against/);
  const json = JSON.parse(await downloaded(page, '#download-json'));
  assert.equal(json.designs.length, 2);
  await page.close();
});
