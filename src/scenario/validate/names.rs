//! The name index shared by every section: each section's names, checked
//! once, and the look-ups that turn a reference into an index (or a problem
//! that lists the names known).

use super::Problems;
use std::collections::HashMap;

/// Names to indices, per section; filled section by section in file order,
/// so a section may refer only to those before it.
#[derive(Debug, Default)]
pub(super) struct Names {
    /// `[[az]]` by name.
    pub az: HashMap<String, usize>,
    /// `[[carrier]]` by name.
    pub carrier: HashMap<String, usize>,
    /// Links by `carrier/az`, indexed in the model's links.
    pub link: HashMap<String, usize>,
    /// `[[number]]` entries by name, indexed in the file.
    pub entry: HashMap<String, usize>,
    /// Every number (a bank's DIDs included) by name, indexed in the model's numbers.
    pub number: HashMap<String, usize>,
    /// DID banks by name, indexed in the model's banks.
    pub bank: HashMap<String, usize>,
    /// Regions' instances by name (`[[region]]`), indexed in `Regions::instances`.
    pub instance: HashMap<String, usize>,
}

impl Names {
    /// Numbers and banks together, for references that may name either.
    pub(super) fn numbers_and_banks(&self) -> HashMap<String, usize> {
        let mut known = self.number.clone();
        known.extend(self.bank.iter().map(|(k, v)| (k.clone(), *v)));
        known
    }
}

/// A name must be non-empty text a report can print; `/` is kept for link
/// names (`carrier/az`).
fn check_name(p: &mut Problems, path: &str, name: &str, slash_ok: bool) {
    if name.trim().is_empty() {
        p.add(path, "must not be empty");
    } else if name.chars().any(char::is_control) {
        p.add(path, format!("{name:?} contains a control character; use printable text"));
    } else if !slash_ok && name.contains('/') {
        p.add(
            path,
            format!("\"{name}\" contains '/', which separates carrier and AZ in link names; choose another name"),
        );
    }
}

/// Indexes `names` (each at `section[i].name`), reporting duplicates.
pub(super) fn index_names<'a>(
    p: &mut Problems,
    section: &str,
    names: impl Iterator<Item = &'a str>,
    slash_ok: bool,
) -> HashMap<String, usize> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, name) in names.enumerate() {
        let path = format!("{section}[{i}].name");
        check_name(p, &path, name, slash_ok);
        match index.get(name) {
            Some(&first) => p.add(
                path,
                format!("duplicate name \"{name}\": {section}[{first}] already has it; names must be unique"),
            ),
            None => {
                index.insert(name.to_string(), i);
            }
        }
    }
    index
}

/// "a, b, c" (or "none") for "allowed: ..." messages.
fn known(index: &HashMap<String, usize>) -> String {
    let mut names: Vec<(&usize, &String)> = index.iter().map(|(k, v)| (v, k)).collect();
    names.sort();
    const SHOWN: usize = 10;
    let listed = names.iter().take(SHOWN).map(|(_, n)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    match names.len() {
        0 => "none are defined".to_string(),
        n if n > SHOWN => format!("known: {listed} and {} more", n - SHOWN),
        _ => format!("known: {listed}"),
    }
}

/// The index of `name` (a `what`, referred to at `path`) in `index`, or a
/// problem listing the names known.
pub(super) fn lookup(
    p: &mut Problems,
    path: &str,
    what: &str,
    name: &str,
    index: &HashMap<String, usize>,
) -> Option<usize> {
    let found = index.get(name).copied();
    if found.is_none() {
        p.add(path, format!("unknown {what} \"{name}\" ({})", known(index)));
    }
    found
}
