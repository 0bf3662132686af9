//! Writing the report: to standard output, or atomically to a file (a
//! temporary file beside it, renamed over it once complete, so that a
//! reader never sees half a report and an error leaves nothing behind).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prints `text` to standard output; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// A temporary file name beside `path`, unique to this process.
pub fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.callsim-{}.tmp", std::process::id()))
}

/// Fails early, with a clear message, when `path` cannot be written.
pub fn check_writable(flag: &str, path: &Path) -> anyhow::Result<()> {
    if path.is_dir() {
        anyhow::bail!("{flag} {}: is a directory; give a file name", path.display());
    }
    let tmp = temporary_beside(path);
    fs::File::create(&tmp).map_err(|e| anyhow::anyhow!("{flag} {}: cannot write there: {e}", path.display()))?;
    let _ = fs::remove_file(&tmp);
    Ok(())
}

/// Writes `bytes` to `path` all at once or not at all.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = temporary_beside(path);
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    Ok(result?)
}
