// The playground's glue to the callsim WebAssembly module (web/wasm/src/abi.rs
// states the protocol): text crosses as UTF-8 in the module's memory, answers
// come back through one output buffer, refusals are thrown as their JSON text
// (a string), as the page and the worker expect. web/build.sh copies this
// file beside the module, as web/pkg/callsim_web.js.
//
// The module is plain WebAssembly: no bindings generator runs on it. Some
// of its dependencies (plotters on wasm32) link browser bindings it never
// calls; their imports are filled with functions that throw, so that a call
// would be an error, never a silent wrong answer.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** The instance's exports, once `init` has run. */
let wasm = null;
/** The progress callback of the comparison running, if any. */
let progressCallback = null;

/** Imports for `module`: callsim's own, and throwing stand-ins for any other. */
function importsFor(module) {
  const imports = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') throw new Error(`callsim: the module imports a ${kind} (${from}.${name}), which this glue does not provide`);
    imports[from] ??= {};
    imports[from][name] = () => {
      throw new Error(`callsim: ${from}.${name} is not available in the playground`);
    };
  }
  imports.env ??= {};
  imports.env.callsim_progress = (done) => {
    // A failing callback does not stop the run (an exception thrown through
    // the module would leave it midway).
    try {
      progressCallback?.(done >>> 0);
    } catch {
      // ignored
    }
  };
  return imports;
}

/**
 * Loads the module: from `options.module_or_path` (a URL, a path, a
 * `Response`, bytes or a compiled `WebAssembly.Module`), or `options`
 * itself as one of those, or by default `callsim_web_bg.wasm` beside this
 * file. Resolves once the module is ready; later calls do nothing.
 */
export default async function init(options) {
  if (wasm) return;
  let source = options !== null && typeof options === 'object' && 'module_or_path' in options ? options.module_or_path : options;
  source ??= new URL('callsim_web_bg.wasm', import.meta.url);
  if (typeof source === 'string' || source instanceof URL) source = fetch(source);
  source = await source;
  let module;
  if (source instanceof WebAssembly.Module) module = source;
  else if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw new Error(`callsim: the module could not be fetched (${source.status} ${source.statusText})`);
    module = await WebAssembly.compile(await source.arrayBuffer());
  } else module = await WebAssembly.compile(source);
  const instance = await WebAssembly.instantiate(module, importsFor(module));
  wasm = instance.exports;
}

/** The loaded module's exports (an error before `init`). */
function exports() {
  if (!wasm) throw new Error('callsim: call init() first');
  return wasm;
}

/** Copies `text` into the module's memory: [address, length] for an export, which frees it. */
function pass(text) {
  const w = exports();
  const bytes = encoder.encode(String(text));
  const ptr = w.callsim_alloc(bytes.length) >>> 0;
  if (ptr === 0) throw new Error('callsim: out of memory');
  new Uint8Array(w.memory.buffer, ptr, bytes.length).set(bytes);
  return [ptr, bytes.length];
}

/** The text the last export left (copied out of the module's memory). */
function out() {
  const w = exports();
  const ptr = w.callsim_out_ptr() >>> 0;
  const len = w.callsim_out_len() >>> 0;
  return decoder.decode(new Uint8Array(w.memory.buffer, ptr, len));
}

/** The text out of an export that returned `status`: the answer, or its refusal thrown. */
function answer(status) {
  const text = out();
  if (status !== 0) throw text;
  return text;
}

/** The bundled scenarios as JSON `[{"file", "text"}]`, the embedded default first. */
export function bundled() {
  exports().callsim_bundled();
  return out();
}

/** Every problem of scenario `text` named `file`, as JSON (see web/wasm/src/lib.rs, `validate`). */
export function validate(text, file) {
  const [tp, tl] = pass(text);
  const [fp, fl] = pass(file);
  exports().callsim_validate(tp, tl, fp, fl);
  return out();
}

/** Frees the sessions the page drops without `free()`. */
const sessions = typeof FinalizationRegistry === 'undefined' ? null : new FinalizationRegistry((ptr) => wasm?.callsim_session_free(ptr));

/** One run of a scenario, a replication at a time (web/wasm/src/lib.rs, `Session`). */
export class Session {
  #ptr = 0;

  /** A run of scenario `text` named `file`; throws its refusal (JSON text). */
  constructor(text, file) {
    const [tp, tl] = pass(text);
    const [fp, fl] = pass(file);
    const ptr = exports().callsim_session_new(tp, tl, fp, fl) >>> 0;
    if (ptr === 0) throw out();
    this.#ptr = ptr;
    sessions?.register(this, ptr, this);
  }

  /** The session's address (an error once freed). */
  #live() {
    if (this.#ptr === 0) throw new Error('callsim: this session has been freed');
    return this.#ptr;
  }

  /** Replications the run has. */
  total() {
    return exports().callsim_session_total(this.#live()) >>> 0;
  }

  /** Replications run so far. */
  done() {
    return exports().callsim_session_done(this.#live()) >>> 0;
  }

  /** Runs the next replication: the events it processed (0 once all have run); throws a refusal. */
  step() {
    const events = exports().callsim_session_step(this.#live());
    if (events < 0) throw out();
    return events;
  }

  /** The report as `callsim run --format json` prints it. */
  json() {
    return answer(exports().callsim_session_json(this.#live()));
  }

  /** The report as `callsim run --format table` prints it. */
  table() {
    return answer(exports().callsim_session_table(this.#live()));
  }

  /** The report as `callsim run --format html` writes it. */
  html() {
    return answer(exports().callsim_session_html(this.#live()));
  }

  /** Frees the session (again: nothing). */
  free() {
    if (this.#ptr !== 0) {
      sessions?.unregister(this);
      exports().callsim_session_free(this.#ptr);
      this.#ptr = 0;
    }
  }
}

/**
 * Compares design B (`textB`, `fileB`) with the baseline A on common random
 * numbers, calling `progress(done)` after each replication: JSON
 * `{"json", "table", "html", "events"}`; throws a refusal.
 */
export function compare(textA, fileA, textB, fileB, progress) {
  const texts = [textA, fileA, textB, fileB].flatMap(pass);
  progressCallback = typeof progress === 'function' ? progress : null;
  try {
    return answer(exports().callsim_compare(...texts));
  } finally {
    progressCallback = null;
  }
}
