// The playground's Web Worker: runs scenarios with the callsim library
// compiled to WebAssembly, so the page stays responsive. A run goes one
// replication at a time, with a progress message after each; the page
// stops a run by terminating this worker.
import init, { Session, compare } from './pkg/callsim_web.js';

const ready = init();

/** A refusal thrown by the wasm module (JSON text) or any other error, as {problems}. */
function problemsOf(error) {
  if (typeof error === 'string') {
    try {
      return JSON.parse(error).problems;
    } catch {
      return [{ path: '', message: error, line: null }];
    }
  }
  return [{ path: '', message: `internal error: ${error && error.message ? error.message : error}`, line: null }];
}

function run({ text, file }) {
  const session = new Session(text, file);
  try {
    const total = session.total();
    postMessage({ type: 'progress', done: 0, total });
    let events = 0;
    const start = performance.now();
    for (let k = 0; k < total; k++) {
      events += session.step();
      postMessage({ type: 'progress', done: k + 1, total });
    }
    const seconds = (performance.now() - start) / 1000;
    const json = session.json();
    const html = session.html();
    postMessage({ type: 'result', kind: 'run', json, html, events, seconds });
  } finally {
    session.free();
  }
}

function compareRun({ a, b, total }) {
  postMessage({ type: 'progress', done: 0, total });
  const start = performance.now();
  const out = JSON.parse(compare(a.text, a.file, b.text, b.file, (done) => postMessage({ type: 'progress', done, total })));
  const seconds = (performance.now() - start) / 1000;
  postMessage({ type: 'result', kind: 'compare', json: out.json, html: out.html, events: out.events, seconds });
}

self.onmessage = async (event) => {
  try {
    await ready;
    const m = event.data;
    if (m.type === 'run') run(m);
    else if (m.type === 'compare') compareRun(m);
  } catch (error) {
    postMessage({ type: 'error', problems: problemsOf(error) });
  }
};

ready.then(
  () => postMessage({ type: 'ready' }),
  (error) => postMessage({ type: 'error', problems: problemsOf(error) }),
);
