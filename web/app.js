// The callsim playground: two scenario editors validated on every edit,
// Run and Compare in a Web Worker (worker.js) with progress and Stop, the
// decision report with its charts, downloads, and a share link that keeps
// the scenario in the URL fragment (nothing leaves the browser).
import init, { bundled, validate } from './pkg/callsim_web.js';

const $ = (id) => document.getElementById(id);
const LINE_PX = 18;
const SAVED_KEY = 'callsim.saved';
/** Validation slower than this (ms) waits for a pause in typing of SLOW_PAUSE_MS. */
const SLOW_MS = 40;
const SLOW_PAUSE_MS = 250;

/** A TOML editor: a textarea with line numbers, problems marked beside their lines and listed below. */
class Editor {
  constructor(root, list, label, onChange) {
    this.label = label;
    this.textarea = root.querySelector('textarea');
    this.gutter = root.querySelector('.gutter');
    this.notes = root.querySelector('.notes');
    this.list = list;
    this.file = '';
    this.result = { ok: false, problems: [] };
    this.onChange = onChange;
    this.timer = 0;
    this.pending = false;
    this.slow = false;
    this.textarea.addEventListener('input', () => this.edited());
    this.textarea.addEventListener('scroll', () => this.scroll());
  }

  get text() {
    return this.textarea.value;
  }

  load(text, file) {
    this.textarea.value = text;
    this.file = file;
    this.label.textContent = file;
    this.textarea.scrollTop = 0;
    this.check();
  }

  /** Validates after each edit: at once, or once typing pauses when validating takes long (large designs). */
  edited() {
    clearTimeout(this.timer);
    if (this.slow) {
      this.pending = true;
      this.timer = setTimeout(() => this.check(), SLOW_PAUSE_MS);
    } else {
      this.check();
    }
  }

  /** Validates an edit still waiting for a pause in typing. */
  flush() {
    if (this.pending) this.check();
  }

  /** Validates the text, then redraws the gutter, the notes and the list. */
  check() {
    clearTimeout(this.timer);
    this.pending = false;
    const began = performance.now();
    this.result = JSON.parse(validate(this.text, this.file));
    this.slow = performance.now() - began > SLOW_MS;
    const byLine = new Map();
    for (const p of this.result.problems) {
      if (p.line) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
    }
    const lines = this.text.split('\n').length;
    const gutter = document.createDocumentFragment();
    for (let i = 1; i <= lines; i++) {
      const d = document.createElement('div');
      d.textContent = String(i);
      if (byLine.has(i)) {
        d.className = 'bad';
        d.title = byLine.get(i).map(describe).join('\n');
      }
      gutter.append(d);
    }
    this.gutter.replaceChildren(gutter);
    this.notes.replaceChildren(
      ...[...byLine].map(([line, ps]) => {
        const d = document.createElement('div');
        d.className = 'note';
        d.dataset.line = String(line);
        d.style.top = `${(line - 1) * LINE_PX}px`;
        d.textContent = ps.map(describe).join('; ');
        return d;
      }),
    );
    this.list.replaceChildren(
      ...this.result.problems.map((p) => {
        const li = document.createElement('li');
        const where = p.line ? `line ${p.line}: ` : '';
        li.append(where);
        if (p.path) {
          const code = document.createElement('code');
          code.textContent = p.path;
          li.append(code, ': ');
        }
        li.append(p.message);
        if (p.line) li.onclick = () => this.goTo(p.line);
        return li;
      }),
    );
    this.scroll();
    this.onChange();
  }

  /** Puts the cursor at the start of 1-based `line` and scrolls it into view. */
  goTo(line) {
    const lines = this.text.split('\n');
    const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    this.textarea.focus();
    this.textarea.setSelectionRange(at, at);
    this.textarea.scrollTop = Math.max(0, (line - 3) * LINE_PX);
    this.scroll();
  }

  scroll() {
    this.gutter.scrollTop = this.textarea.scrollTop;
    for (const d of this.notes.children) {
      d.style.top = `${(Number(d.dataset.line) - 1) * LINE_PX - this.textarea.scrollTop}px`;
    }
  }
}

function describe(p) {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

// ---- share links: the scenario, deflated, in base64url, in the fragment ----

function toBase64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const s = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

async function shareFragment(text, file) {
  const deflated = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return `#f=${encodeURIComponent(file)}&s=${toBase64url(deflated)}`;
}

async function fromFragment(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (!params.has('s')) return null;
  const text = new TextDecoder().decode(await pipe(fromBase64url(params.get('s')), new DecompressionStream('deflate-raw')));
  return { text, file: params.get('f') ?? 'shared.toml' };
}

// ---- the page ----

let scenarios = [];
let worker = null;
let running = null; // {kind, total, done}
let last = null; // the last result
let booted = false; // the first worker has said it is ready
const a = new Editor($('editor-a'), $('problems-a'), $('file-a'), refresh);
const b = new Editor($('editor-b'), $('problems-b'), $('file-b'), refresh);

function comparing() {
  return $('compare-mode').checked;
}

function setStatus(text, bad = false) {
  $('status').textContent = text;
  $('status').classList.toggle('bad', bad);
}

/** Enables Run only when every design in use is valid and nothing runs. */
function refresh() {
  const valid = a.result.ok && (!comparing() || b.result.ok);
  $('run').disabled = !valid || running !== null || worker === null;
  $('run').textContent = comparing() ? 'Compare' : 'Run';
  $('stop').disabled = running === null;
  if (running === null && worker !== null) {
    if (!a.result.ok) setStatus('Design A has problems: fix them to run.', true);
    else if (comparing() && !b.result.ok) setStatus('Design B has problems: fix them to compare.', true);
    else if ($('status').classList.contains('bad')) setStatus('Ready.');
  }
}

function options(select, entries) {
  select.replaceChildren(
    ...entries.map(({ value, label }) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label;
      return o;
    }),
  );
}

function saved() {
  try {
    return JSON.parse(localStorage.getItem(SAVED_KEY));
  } catch {
    return null;
  }
}

function fillPickers() {
  const entries = scenarios.map((s, i) => ({ value: String(i), label: s.file }));
  options($('pick-a'), [{ value: '', label: 'Bundled scenarios…' }, ...entries]);
  const s = saved();
  const bEntries = s ? [{ value: 'saved', label: `Saved design: ${s.file}` }, ...entries] : entries;
  options($('pick-b'), [{ value: '', label: 'Bundled or saved…' }, ...bEntries]);
}

function startWorker() {
  worker = new Worker('worker.js', { type: 'module' });
  worker.onmessage = (event) => onMessage(event.data);
  worker.onerror = (event) => {
    running = null;
    $('progress').hidden = true;
    setStatus(`The worker failed: ${event.message}`, true);
    refresh();
  };
}

function onMessage(m) {
  if (m.type === 'ready') {
    // Only the first worker's: a fresh one after Stop or a failure keeps the status that says why.
    if (!booted && running === null) setStatus('Ready.');
    booted = true;
    refresh();
  } else if (m.type === 'progress') {
    if (!running) return;
    running.done = m.done;
    $('progress').max = m.total;
    $('progress').value = m.done;
    setStatus(`Running: ${m.done} of ${m.total} replications…`);
  } else if (m.type === 'result') {
    running = null;
    $('progress').hidden = true;
    show(m);
    refresh();
  } else if (m.type === 'error') {
    running = null;
    $('progress').hidden = true;
    setStatus(`Refused: ${m.problems.map(describe).join('; ')}`, true);
    // A module that failed mid-run may hold half-updated state: the next run gets a fresh one.
    worker.terminate();
    startWorker();
    refresh();
  }
}

function start() {
  a.flush();
  b.flush();
  if (running !== null || !a.result.ok || (comparing() && !b.result.ok)) return;
  const total = comparing() ? 2 * a.result.replications : a.result.replications;
  running = { kind: comparing() ? 'compare' : 'run', total, done: 0 };
  $('progress').hidden = false;
  $('progress').max = total;
  $('progress').value = 0;
  setStatus(`Running: 0 of ${total} replications…`);
  if (comparing()) {
    worker.postMessage({ type: 'compare', a: { text: a.text, file: a.file }, b: { text: b.text, file: b.file }, total });
  } else {
    worker.postMessage({ type: 'run', text: a.text, file: a.file });
  }
  refresh();
}

function stop() {
  if (running === null) return;
  const { done, total } = running;
  worker.terminate();
  running = null;
  $('progress').hidden = true;
  setStatus(`Stopped after ${done} of ${total} replications.`);
  startWorker();
  refresh();
}

function show(m) {
  last = m;
  $('results').hidden = false;
  const rate = m.events / m.seconds;
  const speed = $('speed');
  speed.dataset.events = String(m.events);
  speed.dataset.seconds = String(m.seconds);
  speed.textContent =
    `${m.kind === 'run' ? 'Run' : 'Comparison'}: ${m.events.toLocaleString('en')} events in ${m.seconds.toFixed(2)} s ` +
    `(${Math.round(rate).toLocaleString('en')} events/s in this browser).`;
  setStatus(`Done: ${m.events.toLocaleString('en')} events in ${m.seconds.toFixed(2)} s.`);
  const frame = $('report');
  frame.onload = () => {
    const doc = frame.contentDocument;
    const items = [...doc.querySelectorAll('.verdict li')].map((li) => {
      const p = document.createElement('p');
      p.textContent = li.textContent;
      return p;
    });
    $('verdict').replaceChildren(...items);
    frame.style.height = `${doc.documentElement.scrollHeight + 20}px`;
    document.body.dataset.report = 'shown';
  };
  delete document.body.dataset.report;
  frame.srcdoc = m.html;
}

function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function share() {
  const url = new URL(location.href);
  url.hash = await shareFragment(a.text, a.file);
  history.replaceState(null, '', url);
  try {
    await navigator.clipboard.writeText(url.href);
    setStatus('Share link copied (it is also in the address bar).');
  } catch {
    setStatus('Share link: in the address bar.');
  }
}

async function main() {
  setStatus('Loading the simulator…');
  await init();
  scenarios = JSON.parse(bundled());
  fillPickers();
  let first = null;
  try {
    first = await fromFragment(location.hash);
  } catch {
    setStatus('The share link is damaged: the default scenario is loaded instead.', true);
  }
  const s = saved();
  b.load((s ?? scenarios[0]).text, (s ?? scenarios[0]).file);
  a.load((first ?? scenarios[0]).text, (first ?? scenarios[0]).file);

  $('pick-a').onchange = (e) => {
    const s = scenarios[Number(e.target.value)];
    if (e.target.value !== '' && s) a.load(s.text, s.file);
    e.target.value = '';
  };
  $('pick-b').onchange = (e) => {
    const s = e.target.value === 'saved' ? saved() : scenarios[Number(e.target.value)];
    if (e.target.value !== '' && s) b.load(s.text, s.file);
    e.target.value = '';
  };
  $('compare-mode').onchange = () => {
    $('design-b').hidden = !comparing();
    refresh();
  };
  $('save').onclick = () => {
    localStorage.setItem(SAVED_KEY, JSON.stringify({ text: a.text, file: a.file }));
    fillPickers();
    setStatus(`Saved design A (${a.file}): pick it as design B to compare against it.`);
  };
  $('run').onclick = start;
  $('stop').onclick = stop;
  $('share').onclick = share;
  $('download-json').onclick = () => last && download(last.json, last.kind === 'run' ? 'callsim-run.json' : 'callsim-compare.json', 'application/json');
  $('download-html').onclick = () => last && download(last.html, last.kind === 'run' ? 'callsim-run.html' : 'callsim-compare.html', 'text/html');
  startWorker();
  refresh();
}

main().catch((error) => setStatus(`The playground could not start: ${error}`, true));
