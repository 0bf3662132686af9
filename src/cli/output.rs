//! Writing the report and the call records: to standard output, or to a
//! file given by `--output` / `--calls`.
//!
//! What happens depends on what the path names, so that nothing but a
//! regular file is ever replaced:
//! - a regular file, or a path that does not exist yet: written
//!   atomically, to a temporary file beside it renamed over it once
//!   complete, so that a reader never sees half a report and an error
//!   leaves nothing behind (the file keeps its permissions);
//! - a symbolic link: followed to its target, which is written as above;
//!   the link stays a link;
//! - a device, a pipe (fifo) or a descriptor of this process
//!   (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`): written straight
//!   through, never replaced;
//! - a directory or a socket: refused.
//!
//! Every temporary file is registered while it exists, so that an
//! interrupt ([`super::interrupt`]) can remove it before the process exits.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Prints `text` to standard output; a closed pipe (`| head`) is not an
/// error, any other failure says it was standard output.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::anyhow!("cannot write the report to standard output: {e}")),
        Ok(()) => Ok(()),
    }
}

/// Temporary files that exist now (created and not yet renamed or removed).
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry of temporary files, locked (a panic elsewhere does not poison it for us).
pub fn temporaries() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file name beside `path`, unique to this process.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.callsim-{}.tmp", std::process::id()))
}

/// Symbolic links followed at most, as the kernel does (ELOOP beyond).
const MAX_LINKS: usize = 40;

/// What a path given for output names, after following symbolic links.
#[derive(Debug)]
enum Target {
    /// A regular file or a new path (the final target of any links): write atomically.
    File(PathBuf),
    /// A device, a fifo or a descriptor of this process: write straight through.
    Direct,
}

/// True for `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/*/fd/N`:
/// names of this process's open descriptors (their links' text, like
/// `pipe:[1234]`, is no path to follow).
fn is_descriptor(path: &Path) -> bool {
    let parts: Vec<Component> = path.components().collect();
    let names: Vec<&str> = parts.iter().filter_map(|c| c.as_os_str().to_str()).collect();
    matches!(names.as_slice(), ["/", "dev", "stdout" | "stderr" | "stdin"])
        || matches!(names.as_slice(), ["/", "dev", "fd", _])
        || matches!(names.as_slice(), ["/", "proc", _, "fd", _])
}

/// Classifies `path`, following symbolic links to their final target.
fn target(path: &Path) -> std::io::Result<Target> {
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        if is_descriptor(&current) {
            return Ok(Target::Direct);
        }
        let meta = match fs::symlink_metadata(&current) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::File(current)),
            other => other?,
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let link = fs::read_link(&current)?;
            current = match current.parent() {
                Some(dir) if link.is_relative() => dir.join(link),
                _ => link,
            };
            continue;
        }
        if kind.is_file() {
            return Ok(Target::File(current));
        }
        if kind.is_dir() {
            return Err(std::io::Error::other("is a directory; give a file name"));
        }
        use std::os::unix::fs::FileTypeExt;
        if kind.is_socket() {
            return Err(std::io::Error::other("is a socket; give a file, a pipe or a device"));
        }
        // A fifo, a character or a block device.
        return Ok(Target::Direct);
    }
    Err(std::io::Error::other(format!("more than {MAX_LINKS} symbolic links to follow")))
}

/// An output being written: a registered temporary file renamed over its
/// target by [`Sink::commit`] (removed if dropped uncommitted), or the
/// target itself when it is a device, a pipe or a descriptor.
#[derive(Debug)]
pub struct Sink {
    file: fs::File,
    /// `(temporary, target)` of an atomic write; `None` when written straight through.
    atomic: Option<(PathBuf, PathBuf)>,
}

impl Sink {
    /// Opens the output `path` (see the module doc for what each kind of path gets).
    pub fn create(path: &Path) -> std::io::Result<Sink> {
        match target(path)? {
            Target::Direct => {
                // Appending: a regular file behind a descriptor (`>> log`) keeps what it holds.
                let file = fs::OpenOptions::new().append(true).open(path)?;
                Ok(Sink { file, atomic: None })
            }
            Target::File(real) => {
                let tmp = temporary_beside(&real);
                let mut list = temporaries();
                let file = fs::File::create(&tmp)?;
                list.push(tmp.clone());
                drop(list);
                let sink = Sink { file, atomic: Some((tmp, real.clone())) };
                if let Ok(meta) = fs::metadata(&real) {
                    sink.file.set_permissions(meta.permissions())?;
                }
                Ok(sink)
            }
        }
    }

    /// Finishes the output: a temporary file is synced and renamed over its target.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.flush()?;
        let Some((tmp, real)) = self.atomic.take() else { return Ok(()) };
        let mut list = temporaries();
        let result = self.file.sync_all().and_then(|_| fs::rename(&tmp, &real));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        list.retain(|p| p != &tmp);
        result
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.atomic.take() {
            let mut list = temporaries();
            let _ = fs::remove_file(&tmp);
            list.retain(|p| p != &tmp);
        }
    }
}

/// Fails early, with a clear message, when `path` cannot be written: a
/// directory or a socket, or a regular file or new path whose folder does
/// not take a temporary file. A device or a pipe is not opened here (a
/// fifo's reader would see the end of its input).
pub fn check_writable(flag: &str, path: &Path) -> anyhow::Result<()> {
    let fail = |e: std::io::Error| anyhow::anyhow!("{flag} {}: cannot write there: {e}", path.display());
    match target(path).map_err(fail)? {
        Target::Direct => Ok(()),
        Target::File(real) => {
            let tmp = temporary_beside(&real);
            let mut list = temporaries();
            fs::File::create(&tmp).map_err(fail)?;
            let _ = fs::remove_file(&tmp);
            list.retain(|p| p != &tmp);
            Ok(())
        }
    }
}

/// Writes `bytes` to `path` all at once or not at all (straight through
/// for a device, a pipe or a descriptor).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut sink = Sink::create(path)?;
    sink.write_all(bytes)?;
    sink.commit()
}
