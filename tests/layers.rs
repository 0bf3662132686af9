//! The house's plan, checked: the library's modules import one another in
//! one direction only, and in the layer order the crate documentation gives.
//!
//! The check reads the sources under `src/` (the library from `lib.rs`, the
//! binary's `cli` from `main.rs`), strips comments and string literals, and
//! collects every path that names a module of the crate: `use` trees
//! (`use crate::{a::B, c}`), paths in code (`crate::sim::run_replication`),
//! `super::` and `self::` paths, and the binary's `callsim::` paths. A path
//! goes to the deepest module it names; a name a module re-exports from a
//! child (`pub use child::Name`) goes on to that child.
//!
//! Two rules:
//! 1. **No import circle at any level.** An import between two modules is
//!    lifted to the two siblings under their common parent that contain them
//!    (`experiment::compare` -> `report::table` is `experiment` -> `report`
//!    at the top; `experiment::compare` -> `experiment::decision` is
//!    `compare` -> `decision` inside `experiment`). A parent using its own
//!    child (or a child its parent) is containment, not an import. Each set of
//!    siblings must import one another without a cycle.
//! 2. **Layers.** A top-level module imports only modules of its own layer or
//!    below, in the order of [`LAYERS`], and none of the pairs in [`FORBIDDEN`].
//!
//! Code under `#[cfg(test)]` is left out: a unit test may build its fixture
//! with a higher layer (a routing test reads a scenario) without the module
//! depending on it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may import its own layer and the
/// layers before it. `cli` is the binary.
const LAYERS: &[&[&str]] = &[
    &["engine", "stats"],
    &["model", "faults", "traffic"],
    &["scenario", "availability"],
    &["sim"],
    &["summary", "cost"],
    &["experiment"],
    &["report"],
    &["testing"],
    &["cli"],
];

/// Imports the layer order would allow but the design forbids: the
/// simulation runs a validated `Model` with run settings, and never sees the
/// scenario file's shape.
const FORBIDDEN: &[(&str, &str)] = &[("sim", "scenario")];

/// A module path from the crate root; the binary's modules sit under `cli`.
type ModPath = Vec<String>;

/// One source file: its module path and its text with comments, strings and
/// test modules blanked out.
struct Source {
    module: ModPath,
    file: PathBuf,
    code: String,
    /// Byte offset of each line start, for messages.
    lines: Vec<usize>,
}

impl Source {
    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&s| s <= offset)
    }
}

/// An import found in a file: the module path it names (unresolved) at a byte offset.
struct Import {
    path: Vec<String>,
    offset: usize,
}

fn src_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every source file of the crate with its module path.
fn sources() -> Vec<Source> {
    let mut out = Vec::new();
    collect(&src_dir(), &mut Vec::new(), &mut out);
    out
}

fn collect(dir: &Path, prefix: &mut ModPath, out: &mut Vec<Source>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read src").map(|e| e.expect("dir entry").path()).collect();
    entries.sort();
    for path in entries {
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 file name").to_string();
        if path.is_dir() {
            prefix.push(stem);
            collect(&path, prefix, out);
            prefix.pop();
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut module = prefix.clone();
            match stem.as_str() {
                "lib" | "main" | "mod" => {}
                _ => module.push(stem.clone()),
            }
            if prefix.is_empty() && stem == "main" {
                // The binary's root: its `mod cli` is the `cli` layer.
                module = vec!["cli".to_string()];
            }
            let text = std::fs::read_to_string(&path).expect("read source");
            let code = blank_tests(&strip(&text));
            let lines = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
            out.push(Source { module, file: path, code, lines });
        }
    }
}

/// The text with comments, string and char literals replaced by spaces
/// (newlines kept, so offsets and lines stay right).
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(b.len(), |e| i + e);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < b.len() && depth > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && (i == 0 || !is_ident(b[i - 1])) => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                let start = i + 2 + hashes;
                let end = text[start..].find(&close).map_or(b.len(), |e| start + e + close.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'\'' => {
                // A char literal ('a', '\n', '\u{..}') or a lifetime ('a).
                let end = if b.get(i + 1) == Some(&b'\\') {
                    text[i + 2..].find('\'').map(|e| i + 2 + e + 1)
                } else if b.get(i + 2) == Some(&b'\'') {
                    Some(i + 3)
                } else {
                    None
                };
                match end {
                    Some(end) => {
                        blank(&mut out, i, end);
                        i = end;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 (multi-byte characters only inside blanked spans)")
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The code with every `#[cfg(test)]` item (a `mod tests { .. }` or a single
/// item) blanked out.
fn blank_tests(code: &str) -> String {
    let mut out = code.as_bytes().to_vec();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]") {
        let start = from + at;
        // The item runs to its matching closing brace, or to a `;` first.
        let rest = &code[start..];
        let (mut depth, mut end) = (0i32, code.len());
        for (k, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = start + k + 1;
                    break;
                }
                _ => {}
            }
        }
        for c in &mut out[start..end] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = end;
    }
    String::from_utf8(out).expect("blanking keeps UTF-8")
}

/// A token of a path or use tree.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Sep,
    Open,
    Close,
    Comma,
    Star,
}

fn tokens(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        let c = b[i];
        if is_ident(c) {
            let j = i + b[i..].iter().take_while(|&&c| is_ident(c)).count();
            out.push(Tok::Ident(text[i..j].to_string()));
            i = j;
        } else {
            match c {
                b':' if b.get(i + 1) == Some(&b':') => {
                    out.push(Tok::Sep);
                    i += 1;
                }
                b'{' => out.push(Tok::Open),
                b'}' => out.push(Tok::Close),
                b',' => out.push(Tok::Comma),
                b'*' => out.push(Tok::Star),
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// Expands a use tree into its leaf paths (aliases dropped: the path is what
/// is imported). `prefix` is the path so far.
fn expand(toks: &[Tok], pos: &mut usize, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
    let depth = prefix.len();
    loop {
        match toks.get(*pos) {
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                *pos += 1;
                if toks.get(*pos) == Some(&Tok::Sep) {
                    *pos += 1;
                    continue;
                }
                // A leaf, perhaps `as alias`.
                let mut alias = None;
                if let (Some(Tok::Ident(a)), Some(Tok::Ident(name))) = (toks.get(*pos), toks.get(*pos + 1))
                    && a == "as"
                {
                    alias = Some(name.clone());
                    *pos += 2;
                }
                out.push((prefix.clone(), alias));
                break;
            }
            Some(Tok::Open) => {
                *pos += 1;
                loop {
                    match toks.get(*pos) {
                        Some(Tok::Close) => {
                            *pos += 1;
                            break;
                        }
                        Some(Tok::Comma) => *pos += 1,
                        None => break,
                        _ => expand(toks, pos, prefix, out),
                    }
                }
                break;
            }
            Some(Tok::Star) => {
                *pos += 1;
                out.push((prefix.clone(), None));
                break;
            }
            _ => break,
        }
    }
    prefix.truncate(depth);
}

/// Makes a path absolute (from the crate root) for code in `module`, or
/// `None` for paths outside the crate (std, other crates, locals).
fn absolute(module: &ModPath, path: &[String], binary: bool) -> Option<ModPath> {
    let first = path.first()?;
    let mut base: ModPath = match first.as_str() {
        "crate" if binary => Vec::new(),
        "crate" => Vec::new(),
        "callsim" if binary => return Some(path[1..].to_vec()),
        "self" => module.clone(),
        "super" => {
            let mut m = module.clone();
            let mut k = 0;
            while path.get(k).is_some_and(|s| s == "super") {
                m.pop();
                k += 1;
            }
            let mut abs = if binary { with_cli(m) } else { m };
            abs.extend(path[k..].iter().cloned());
            return Some(abs);
        }
        _ => return None,
    };
    if binary {
        base = with_cli(base);
    }
    base.extend(path[1..].iter().cloned());
    Some(base)
}

/// The binary's modules are named under `cli` (its root `main.rs` is `cli`).
fn with_cli(m: ModPath) -> ModPath {
    if m.first().is_some_and(|s| s == "cli") { m } else { std::iter::once("cli".to_string()).chain(m).collect() }
}

/// The imports of one file: use trees and qualified paths in code.
fn imports(source: &Source) -> Vec<Import> {
    let code = &source.code;
    let binary = source.module.first().is_some_and(|s| s == "cli");
    let mut out = Vec::new();
    let mut use_spans = Vec::new();
    // Use statements.
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(at) = code[from..].find("use ") {
        let start = from + at;
        from = start + 4;
        if start > 0 && is_ident(bytes[start - 1]) {
            continue;
        }
        let end = code[start..].find(';').map_or(code.len(), |e| start + e);
        let toks = tokens(&code[start + 4..end]);
        let mut leaves = Vec::new();
        expand(&toks, &mut 0, &mut Vec::new(), &mut leaves);
        for (path, _) in leaves {
            if let Some(abs) = absolute(&source.module, &path, binary) {
                out.push(Import { path: abs, offset: start });
            } else if !binary && path.first().is_some_and(|f| is_child(&source.module, f)) {
                // `use child::Name` in a parent (2018 paths relative to self).
                let mut abs = source.module.clone();
                abs.extend(path);
                out.push(Import { path: abs, offset: start });
            }
        }
        use_spans.push(start..end);
    }
    // Qualified paths in code, outside use statements.
    let mut i = 0;
    while i < bytes.len() {
        if is_ident(bytes[i]) && (i == 0 || !is_ident(bytes[i - 1])) {
            let j = i + bytes[i..].iter().take_while(|&&c| is_ident(c)).count();
            let word = &code[i..j];
            let qualified = matches!(word, "crate" | "super" | "self" | "callsim") && code[j..].starts_with("::");
            if qualified && !use_spans.iter().any(|s| s.contains(&i)) {
                let mut k = j;
                let mut path = vec![word.to_string()];
                while code[k..].starts_with("::") {
                    let n = bytes[k + 2..].iter().take_while(|&&c| is_ident(c)).count();
                    if n == 0 {
                        break;
                    }
                    path.push(code[k + 2..k + 2 + n].to_string());
                    k += 2 + n;
                }
                if let Some(abs) = absolute(&source.module, &path, binary) {
                    out.push(Import { path: abs, offset: i });
                }
                i = k;
                continue;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

thread_local! {
    static MODULES: std::cell::RefCell<BTreeSet<ModPath>> = const { std::cell::RefCell::new(BTreeSet::new()) };
}

fn is_child(module: &ModPath, name: &str) -> bool {
    let mut m = module.clone();
    m.push(name.to_string());
    MODULES.with(|ms| ms.borrow().contains(&m))
}

/// Each module's re-exports: name -> the absolute path it re-exports.
fn reexports(sources: &[Source]) -> BTreeMap<(ModPath, String), ModPath> {
    let mut map = BTreeMap::new();
    for s in sources {
        let binary = s.module.first().is_some_and(|f| f == "cli");
        let code = &s.code;
        let mut from = 0;
        while let Some(at) = code[from..].find("pub use ") {
            let start = from + at;
            let end = code[start..].find(';').map_or(code.len(), |e| start + e);
            from = end;
            let toks = tokens(&code[start + 8..end]);
            let mut leaves = Vec::new();
            expand(&toks, &mut 0, &mut Vec::new(), &mut leaves);
            for (path, alias) in leaves {
                let abs = absolute(&s.module, &path, binary).or_else(|| {
                    path.first().filter(|f| is_child(&s.module, f)).map(|_| {
                        let mut a = s.module.clone();
                        a.extend(path.iter().cloned());
                        a
                    })
                });
                if let (Some(abs), Some(last)) = (abs, path.last()) {
                    map.insert((s.module.clone(), alias.unwrap_or_else(|| last.clone())), abs);
                }
            }
        }
    }
    map
}

/// The module an absolute path lands in: its deepest module, followed
/// through re-exports.
fn resolve(path: &[String], modules: &BTreeSet<ModPath>, reexports: &BTreeMap<(ModPath, String), ModPath>) -> ModPath {
    let mut path = path.to_vec();
    for _ in 0..16 {
        let mut k = path.len();
        while k > 0 && !modules.contains(&path[..k].to_vec()) {
            k -= 1;
        }
        let module = path[..k].to_vec();
        match path.get(k).and_then(|name| reexports.get(&(module.clone(), name.clone()))) {
            Some(target) if target.as_slice() != path.as_slice() => {
                let mut next = target.clone();
                next.extend(path[k + 1..].iter().cloned());
                path = next;
            }
            _ => return module,
        }
    }
    path
}

/// An import lifted to the two siblings that contain its ends.
#[derive(Clone, Debug)]
struct Edge {
    parent: ModPath,
    from: String,
    to: String,
    /// Where it is: file and line, and the full module paths.
    at: String,
}

fn edges() -> Vec<Edge> {
    let sources = sources();
    let modules: BTreeSet<ModPath> = sources.iter().map(|s| s.module.clone()).collect();
    MODULES.with(|m| *m.borrow_mut() = modules.clone());
    let reexports = reexports(&sources);
    let mut out = Vec::new();
    for s in &sources {
        for import in imports(s) {
            let target = resolve(&import.path, &modules, &reexports);
            let common = s.module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common == s.module.len() || common == target.len() {
                continue; // the module itself, a parent or a child: containment
            }
            out.push(Edge {
                parent: s.module[..common].to_vec(),
                from: s.module[common].clone(),
                to: target[common].clone(),
                at: format!(
                    "{}:{} ({} -> {})",
                    s.file.strip_prefix(src_dir()).unwrap_or(&s.file).display(),
                    s.line_of(import.offset),
                    s.module.join("::"),
                    target.join("::")
                ),
            });
        }
    }
    out
}

/// The strongly connected components with more than one member (Tarjan).
fn cycles(nodes: &BTreeSet<String>, adj: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        adj: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on: BTreeSet<String>,
        out: Vec<Vec<String>>,
    }
    fn visit(t: &mut T, v: &str) {
        let i = t.index.len();
        t.index.insert(v.to_string(), i);
        t.low.insert(v.to_string(), i);
        t.stack.push(v.to_string());
        t.on.insert(v.to_string());
        for w in t.adj.get(v).into_iter().flatten() {
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = w == v;
                scc.push(w);
                if done {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                t.out.push(scc);
            }
        }
    }
    let mut t = T {
        adj,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for n in nodes {
        if !t.index.contains_key(n) {
            visit(&mut t, n);
        }
    }
    t.out
}

#[test]
fn no_module_imports_in_a_circle() {
    let edges = edges();
    let mut by_parent: BTreeMap<ModPath, Vec<&Edge>> = BTreeMap::new();
    for e in &edges {
        by_parent.entry(e.parent.clone()).or_default().push(e);
    }
    let mut problems = Vec::new();
    for (parent, es) in &by_parent {
        let mut nodes = BTreeSet::new();
        let mut adj: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for e in es {
            nodes.insert(e.from.clone());
            nodes.insert(e.to.clone());
            adj.entry(e.from.clone()).or_default().insert(e.to.clone());
        }
        for scc in cycles(&nodes, &adj) {
            let inside: BTreeSet<&str> =
                (es.iter()).filter(|e| scc.contains(&e.from) && scc.contains(&e.to)).map(|e| e.at.as_str()).collect();
            let inside: Vec<&str> = inside.into_iter().collect();
            let level = if parent.is_empty() { "the crate".to_string() } else { parent.join("::") };
            problems.push(format!("a circle in {level}: {}\n    {}", scc.join(" <-> "), inside.join("\n    ")));
        }
    }
    assert!(problems.is_empty(), "modules import one another in a circle:\n{}", problems.join("\n"));
}

#[test]
fn top_level_modules_import_only_their_layer_and_below() {
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let mut problems = Vec::new();
    let mut unknown = BTreeSet::new();
    for e in edges().iter().filter(|e| e.parent.is_empty()) {
        if FORBIDDEN.contains(&(e.from.as_str(), e.to.as_str())) {
            problems.push(format!("{} must not import {}: {}", e.from, e.to, e.at));
        }
        match (layer(&e.from), layer(&e.to)) {
            (Some(a), Some(b)) if b > a => {
                problems.push(format!("{} (layer {a}) imports {} (layer {b}): {}", e.from, e.to, e.at))
            }
            (Some(_), Some(_)) => {}
            (a, b) => {
                if a.is_none() {
                    unknown.insert(e.from.clone());
                }
                if b.is_none() {
                    unknown.insert(e.to.clone());
                }
            }
        }
    }
    assert!(unknown.is_empty(), "top-level modules missing from LAYERS: {unknown:?}");
    assert!(problems.is_empty(), "imports against the layer order:\n{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_imports_in_every_form() {
    // A fixture crate in memory: the tokenizer and use-tree expansion find
    // the paths a circle would be made of, and skip comments and strings.
    let text = "use crate::{a::{B, c::D as E}, f};\n// use crate::zz;\nlet s = \"crate::yy\";\nfn g() { crate::h::i(); super::j::K; }\n#[cfg(test)]\nmod tests { use crate::tt; }\n";
    let source = Source {
        module: vec!["m".into(), "n".into()],
        file: PathBuf::from("m/n.rs"),
        code: blank_tests(&strip(text)),
        lines: vec![0],
    };
    let mut paths: Vec<String> = imports(&source).into_iter().map(|i| i.path.join("::")).collect();
    paths.sort();
    assert_eq!(paths, ["a::B", "a::c::D", "f", "h::i", "m::j::K"]);
    // And the real crate has imports at the top level to check.
    assert!(edges().iter().filter(|e| e.parent.is_empty()).count() > 20);
}
