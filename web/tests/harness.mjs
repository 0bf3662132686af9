// What the browser tests share: the static server, headless Chromium
// (Debian's, driven by playwright-core), and the native `callsim` binary
// whose output the page must reproduce.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';

/** The repository's root (the CLI runs from there, so files are named as in the README). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where screenshots go (gitignored but for the README's). */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** The native command line, built by `cargo build --release` (or CALLSIM_BIN). */
export const CALLSIM = process.env.CALLSIM_BIN ?? `${ROOT}target/release/callsim`;

/** Chromium (CHROMIUM to override). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Runs the native CLI from the repository's root; its standard output. */
export function callsim(...args) {
  if (!existsSync(CALLSIM)) throw new Error(`${CALLSIM} not found: run cargo build --release first`);
  return execFileSync(CALLSIM, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Starts the server and the browser; `page()` opens the playground, `close()` ends both. */
export async function start() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await serve(0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  const errors = [];
  return {
    base,
    errors,
    /** A new tab on the playground (at `hash`), once the simulator is ready. */
    async page(hash = '') {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(base + hash);
      await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 60_000 });
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Replaces editor `id`'s text (as typing would: an input event follows). */
export async function setText(page, id, text) {
  await page.evaluate(
    ([id, text]) => {
      const t = document.querySelector(`#${id} textarea`);
      t.value = text;
      t.dispatchEvent(new Event('input'));
    },
    [id, text],
  );
}

/** Clicks Run (or Compare) and waits for the report to show; the run's {events, seconds}. */
export async function runAndWait(page, timeout = 300_000) {
  await page.evaluate(() => delete document.body.dataset.report);
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.report === 'shown', null, { timeout });
  return page.evaluate(() => {
    const d = document.getElementById('speed').dataset;
    return { events: Number(d.events), seconds: Number(d.seconds) };
  });
}

/** The text of the file a click on `selector` downloads. */
export async function downloaded(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const { readFile } = await import('node:fs/promises');
  return readFile(await download.path(), 'utf8');
}
